import { Buffer } from 'node:buffer'

/** A key as the API accepts it: UTF-8 text or raw bytes. */
export type KeyInput = string | Uint8Array

/**
 * One pair of keys for the securecookie codec: `hashKey` signs with HMAC-SHA256, and the
 * optional `blockKey` (16, 24 or 32 bytes) encrypts with AES-128/192/256-CTR.
 *
 * @example
 * ```ts
 * const pair: KeyPair = { hashKey: process.env.SESSION_HASH_KEY!, blockKey: parseKey('hex:00…') }
 * ```
 */
export interface KeyPair {
  readonly hashKey: KeyInput
  readonly blockKey?: KeyInput | undefined
}

const encoder = new TextEncoder()

/**
 * Converts a key to bytes: strings are taken as UTF-8.
 *
 * @example
 * ```ts
 * keyBytes('secret') // Uint8Array of 6 bytes
 * ```
 */
export function keyBytes(key: KeyInput): Uint8Array {
  return typeof key === 'string' ? encoder.encode(key) : key
}

/**
 * Parses a key given as text on a command line or in an environment variable: `hex:…` and
 * `base64:…` give raw bytes, anything else is UTF-8 text.
 *
 * @throws TypeError when the hex or base64 text is malformed.
 * @example
 * ```ts
 * parseKey('hex:000102')      // Uint8Array [0, 1, 2]
 * parseKey('base64:AAEC')     // Uint8Array [0, 1, 2]
 * parseKey('secret')          // UTF-8 bytes of "secret"
 * ```
 */
export function parseKey(text: string): Uint8Array {
  if (text.startsWith('hex:')) {
    const hex = text.slice(4)
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
      throw new TypeError('Invalid hex key: expected an even number of hex digits after "hex:".')
    }
    return new Uint8Array(Buffer.from(hex, 'hex'))
  }
  if (text.startsWith('base64:')) {
    const base64 = text.slice(7)
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64) || base64.replace(/=+$/, '').length % 4 === 1) {
      throw new TypeError(
        'Invalid base64 key: expected standard or URL-safe base64 after "base64:".',
      )
    }
    return new Uint8Array(Buffer.from(base64, 'base64'))
  }
  return encoder.encode(text)
}
