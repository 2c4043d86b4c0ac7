import type { CryptoProvider } from '../crypto/provider.ts'

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const idPattern = /^[A-Z2-7]{52}$/

/**
 * Creates a session id the way gorilla/sessions does: 32 random bytes in standard base32
 * without padding, 52 characters of `A-Z` and `2-7`.
 */
export function generateSessionId(crypto: CryptoProvider): string {
  const bytes = crypto.randomBytes(32)
  let id = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      id += base32Alphabet[(buffer >>> bits) & 31]
    }
  }
  // 256 bits leave 1 bit, which base32 pads with zeros into a last character.
  if (bits > 0) id += base32Alphabet[(buffer << (5 - bits)) & 31]
  return id
}

/**
 * Reports whether `id` has the shape of a gorilla session id. Ids are checked before they
 * reach a file path or a database key, so a forged id cannot traverse paths.
 */
export function isSessionId(id: unknown): id is string {
  return typeof id === 'string' && idPattern.test(id)
}
