import { Buffer } from 'node:buffer'
import { CookieError } from '../errors.ts'

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
  const length = text.length
  let padding = 0
  if (length > 0 && text.charCodeAt(length - 1) === 0x3d) {
    padding = length > 1 && text.charCodeAt(length - 2) === 0x3d ? 2 : 1
  }
  // Node's decoder accepts both alphabets and skips or stops at any other character. Every
  // skipped or early-stopped character shortens the output, so once "+" and "/" are ruled
  // out, a result of exactly the expected length proves the text was strict padded base64url.
  if (length % 4 === 0 && !text.includes('+') && !text.includes('/')) {
    const bytes = Buffer.from(text, 'base64url')
    if (bytes.length === (length / 4) * 3 - padding) return bytes
  }
  throw new CookieError('ERR_BASE64_INVALID', 'Cookie value is not valid padded base64url.')
}
