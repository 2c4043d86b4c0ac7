import type { webcrypto } from 'node:crypto'
import type { CryptoProvider } from './provider.ts'

// Only the types come from node:crypto; at run time this file uses globalThis.crypto alone.
type SubtleCrypto = webcrypto.SubtleCrypto
type CryptoKey = webcrypto.CryptoKey

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle
  if (!api) throw new TypeError('Web Crypto is not available: globalThis.crypto.subtle is missing.')
  return api
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/**
 * {@link CryptoProvider} on the Web Crypto API (`globalThis.crypto.subtle`), for runtimes
 * without node:crypto such as browsers, Cloudflare Workers and other edge runtimes.
 *
 * @example
 * ```ts
 * import { SecureCookie, webCryptoProvider } from 'tessera/securecookie'
 * const codec = new SecureCookie({ keys: [{ hashKey: 'secret' }], crypto: webCryptoProvider })
 * ```
 */
export const webCryptoProvider: CryptoProvider = {
  name: 'webcrypto',

  importHmacKey(raw) {
    return subtle().importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  },

  importAesKey(raw) {
    return subtle().importKey('raw', raw, { name: 'AES-CTR' }, false, ['encrypt'])
  },

  async hmacSha256(key, parts) {
    return new Uint8Array(await subtle().sign('HMAC', key as CryptoKey, concat(parts)))
  },

  async aesCtr(key, iv, data) {
    const params = { name: 'AES-CTR', counter: iv, length: 128 }
    return new Uint8Array(await subtle().encrypt(params, key as CryptoKey, data))
  },

  randomBytes(length) {
    return globalThis.crypto.getRandomValues(new Uint8Array(length))
  },
}
