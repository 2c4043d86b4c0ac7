const MAX_CANDIDATES = 8

// The bytes Go's textproto.TrimString removes around each pair: space, tab, CR and LF.
function isTrimmed(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a
}

// A byte that Go's validCookieValueByte rejects: anything outside 0x20 to 0x7e, double quote,
// semicolon and backslash. One regular expression test is about twice as fast as a loop.
const INVALID_VALUE_BYTE = /[^\x20\x21\x23-\x3a\x3c-\x5b\x5d-\x7e]/

/**
 * Returns the values of every cookie called `name` in a `Cookie` header, in header order,
 * parsed as Go's `net/http` parses them: surrounding double quotes are removed and a value
 * with invalid bytes is skipped.
 *
 * Several cookies can share a name when they were set for different paths or domains. At most
 * eight are returned, so a header stuffed with copies cannot make a request verify hundreds of
 * signatures.
 *
 * @example
 * ```ts
 * cookieValues('a=1; session=abc; session="def"', 'session') // ['abc', 'def']
 * ```
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  const values: string[] = []
  if (!header) return values
  let start = 0
  // The next "=" at or after `start`, reused while it lies ahead so that pairs without one cost
  // no rescans. Once none is left, it stays at header.length.
  let equals = -1
  while (start < header.length && values.length < MAX_CANDIDATES) {
    let end = header.indexOf(';', start)
    if (end < 0) end = header.length
    if (equals < start) {
      equals = header.indexOf('=', start)
      if (equals < 0) equals = header.length
    }

    // Go trims the whole pair, not the two sides of "=", so "name = v" is not a match. The
    // name is compared in place, so pairs of other cookies cost no string copies.
    let keyStart = start
    while (keyStart < end && isTrimmed(header.charCodeAt(keyStart))) keyStart++
    const hasValue = equals < end
    let keyEnd = hasValue ? equals : end
    // A pair without "=" is a name with an empty value, as in Go, trimmed at both ends.
    if (!hasValue) while (keyEnd > keyStart && isTrimmed(header.charCodeAt(keyEnd - 1))) keyEnd--

    if (keyEnd - keyStart === name.length && header.startsWith(name, keyStart)) {
      if (!hasValue) {
        values.push('')
      } else {
        let valueStart = equals + 1
        let valueEnd = end
        while (valueEnd > valueStart && isTrimmed(header.charCodeAt(valueEnd - 1))) valueEnd--
        if (
          valueEnd - valueStart > 1 &&
          header.charCodeAt(valueStart) === 0x22 &&
          header.charCodeAt(valueEnd - 1) === 0x22
        ) {
          valueStart++
          valueEnd--
        }
        const value = header.slice(valueStart, valueEnd)
        if (!INVALID_VALUE_BYTE.test(value)) values.push(value)
      }
    }
    start = end + 1
  }
  return values
}
