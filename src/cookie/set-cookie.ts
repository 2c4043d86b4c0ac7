import type { ResolvedCookieOptions } from './options.ts'

// Go's sanitizeCookieValue keeps printable ASCII without `"`, `;` and `\`, and quotes a
// value that contains a space or a comma.
const unsafeValueBytes = /[^\x20\x21\x23-\x3a\x3c-\x5b\x5d-\x7e]/g

function sanitizeValue(value: string): string {
  const clean = value.replace(unsafeValueBytes, '')
  return clean.includes(' ') || clean.includes(',') ? `"${clean}"` : clean
}

const sameSiteText = { lax: 'Lax', strict: 'Strict', none: 'None' } as const
const priorityText = { low: 'Low', medium: 'Medium', high: 'High' } as const

/**
 * Writes a `Set-Cookie` header value exactly as Go's `sessions.NewCookie` and
 * `http.Cookie.String()` do: attributes in Go's order, `Expires` in `http.TimeFormat`,
 * `Max-Age` only for a non-zero `maxAge`, and `Expires=Thu, 01 Jan 1970 00:00:01 GMT;
 * Max-Age=0` for deletion. `Priority`, which Go does not support, comes last.
 *
 * The name and options must have been validated with `resolveCookieOptions`.
 *
 * @param now Current time in milliseconds, for `Expires`.
 * @example
 * ```ts
 * serializeSetCookie('session', 'abc', resolveCookieOptions({ path: '/', maxAge: 60 }), Date.now())
 * // 'session=abc; Path=/; Expires=Fri, 04 Dec 2026 15:01:00 GMT; Max-Age=60'
 * ```
 */
export function serializeSetCookie(
  name: string,
  value: string,
  options: ResolvedCookieOptions,
  now: number,
): string {
  let header = `${name}=${sanitizeValue(value)}`
  if (options.path !== '') header += `; Path=${options.path}`
  if (options.domain !== '') {
    header += `; Domain=${options.domain.startsWith('.') ? options.domain.slice(1) : options.domain}`
  }
  if (options.maxAge > 0) {
    // Go adds MaxAge to the current time and formats it without the fraction of a second.
    const expires = new Date(Math.floor(now / 1000) * 1000 + options.maxAge * 1000)
    header += `; Expires=${expires.toUTCString()}; Max-Age=${options.maxAge}`
  } else if (options.maxAge < 0) {
    header += '; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0'
  }
  if (options.httpOnly) header += '; HttpOnly'
  if (options.secure) header += '; Secure'
  if (options.sameSite !== undefined && options.sameSite !== 'default') {
    header += `; SameSite=${sameSiteText[options.sameSite]}`
  }
  if (options.partitioned) header += '; Partitioned'
  if (options.priority !== undefined) header += `; Priority=${priorityText[options.priority]}`
  return header
}
