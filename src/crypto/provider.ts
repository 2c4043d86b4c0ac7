/** Result of a crypto operation that may complete synchronously (node:crypto) or not (Web Crypto). */
export type MaybePromise<T> = T | Promise<T>

/**
 * Cryptographic primitives the securecookie codec needs, so the same codec runs on
 * node:crypto (Node, Bun, Deno) and on Web Crypto (browsers, workers, edge runtimes).
 *
 * Keys are imported once per codec with {@link CryptoProvider.importHmacKey} and
 * {@link CryptoProvider.importAesKey}, so per-request work never re-derives them.
 *
 * @example
 * ```ts
 * import { SecureCookie, webCryptoProvider } from 'tessera/securecookie'
 * const codec = new SecureCookie({ keys: [{ hashKey: 'secret' }], crypto: webCryptoProvider })
 * ```
 */
export interface CryptoProvider {
  /** Provider name for messages, such as `node` or `webcrypto`. */
  readonly name: string
  /** Imports raw bytes as an HMAC-SHA256 key. */
  importHmacKey(raw: Uint8Array): MaybePromise<unknown>
  /** Imports raw bytes (16, 24 or 32 of them) as an AES key for CTR mode. */
  importAesKey(raw: Uint8Array): MaybePromise<unknown>
  /** Computes HMAC-SHA256 over the concatenation of `parts`. */
  hmacSha256(key: unknown, parts: readonly Uint8Array[]): MaybePromise<Uint8Array>
  /**
   * Applies AES-CTR with a 16-byte initial counter block incremented as one 128-bit
   * big-endian integer, as Go's `cipher.NewCTR` does. Encryption and decryption are the same.
   */
  aesCtr(key: unknown, iv: Uint8Array, data: Uint8Array): MaybePromise<Uint8Array>
  /** Fills a new array with cryptographically secure random bytes. */
  randomBytes(length: number): Uint8Array
}
