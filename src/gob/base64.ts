const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Encodes bytes as standard base64 with padding (RFC 4648 section 4), as Go's JSON encodes []byte. */
export function encodeBase64(bytes: Uint8Array): string {
  let output = ''
  for (let index = 0; index < bytes.length; index += 3) {
    const first = bytes[index] as number
    const second = bytes[index + 1]
    const third = bytes[index + 2]
    const triple = (first << 16) | ((second ?? 0) << 8) | (third ?? 0)
    output += ALPHABET[(triple >> 18) & 63]
    output += ALPHABET[(triple >> 12) & 63]
    output += second === undefined ? '=' : ALPHABET[(triple >> 6) & 63]
    output += third === undefined ? '=' : ALPHABET[triple & 63]
  }
  return output
}
