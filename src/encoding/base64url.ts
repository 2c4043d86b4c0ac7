import { Buffer } from 'node:buffer'
import { CookieError } from '../errors.ts'

// Go's base64.URLEncoding: URL-safe alphabet, always padded, decoder strict about both.
const alphabet = /^[A-Za-z0-9_-]*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/

/**
 * Encodes bytes as padded base64url, the way Go's `base64.URLEncoding` does.
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
  switch (text.length % 4) {
    case 2:
      return text + '=='
    case 3:
      return text + '='
    default:
      return text
  }
}

/**
 * Decodes padded base64url as strictly as Go's `base64.URLEncoding`: the standard alphabet's
 * `+` and `/`, missing padding and stray characters are rejected, but CR and LF are skipped as
 * Go skips them.
 *
 * @throws CookieError `ERR_BASE64_INVALID`
 */
export function decodeBase64Url(text: string): Buffer {
  if (text.includes('\r') || text.includes('\n')) text = text.replace(/[\r\n]/g, '')
  if (text.length % 4 !== 0 || !alphabet.test(text)) {
    throw new CookieError('ERR_BASE64_INVALID', 'Cookie value is not valid padded base64url.')
  }
  return Buffer.from(text, 'base64url')
}
