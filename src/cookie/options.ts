import { isToken } from './token.ts'

/** `SameSite` attribute values. `default` and undefined send no attribute, as Go does. */
export type SameSite = 'lax' | 'strict' | 'none' | 'default'

/** `Priority` attribute values (a Chromium extension that Go does not send). */
export type Priority = 'low' | 'medium' | 'high'

/**
 * Attributes of a session cookie, the counterpart of gorilla/sessions' `Options`.
 *
 * A session gets a copy of its store's options. Assigning `session.options` replaces all of
 * them, as assigning `sess.Options` does in Go: a field left out takes its zero value (no
 * path, `maxAge` 0, not secure), so copy what you keep with `{ ...session.options, … }`.
 *
 * @example
 * ```ts
 * session.options = { path: '/', maxAge: 86400 * 7, httpOnly: true }
 * ```
 */
export interface CookieOptions {
  /** `Path` attribute. Empty or absent sends none, and the browser uses the request's path. */
  readonly path?: string | undefined
  /** `Domain` attribute. A leading dot is dropped when the header is written, as Go does. */
  readonly domain?: string | undefined
  /**
   * Lifetime in seconds. Above 0 sends `Expires` and `Max-Age`; 0 sends neither (the cookie
   * lasts until the browser closes); below 0 deletes the cookie (`Max-Age=0`).
   */
  readonly maxAge?: number | undefined
  /** `Secure` attribute: the browser sends the cookie over HTTPS only. */
  readonly secure?: boolean | undefined
  /** `HttpOnly` attribute: scripts in the page cannot read the cookie. */
  readonly httpOnly?: boolean | undefined
  /** `SameSite` attribute. `none` requires `secure`. */
  readonly sameSite?: SameSite | undefined
  /** `Partitioned` attribute (CHIPS). Requires `secure`. */
  readonly partitioned?: boolean | undefined
  /** `Priority` attribute. */
  readonly priority?: Priority | undefined
}

/** {@link CookieOptions} after validation, with every field present. */
export interface ResolvedCookieOptions {
  readonly path: string
  readonly domain: string
  readonly maxAge: number
  readonly secure: boolean
  readonly httpOnly: boolean
  readonly sameSite: SameSite | undefined
  readonly partitioned: boolean
  readonly priority: Priority | undefined
}

// 2^31 - 1 seconds (68 years) keeps Expires a valid HTTP date; browsers cap at 400 days anyway.
const MAX_AGE_LIMIT = 2147483647

const optionKeys = new Set([
  'path',
  'domain',
  'maxAge',
  'secure',
  'httpOnly',
  'sameSite',
  'partitioned',
  'priority',
])

const sameSiteValues = new Set<unknown>(['lax', 'strict', 'none', 'default', undefined])
const priorityValues = new Set<unknown>(['low', 'medium', 'high', undefined])

// Go's validCookiePathByte: printable ASCII without semicolon.
const pathPattern = /^[\x20-\x3a\x3c-\x7e]*$/

// Go's isCookieDomainName, with an optional leading dot: labels of letters, digits and
// hyphens, no label starting or ending with a hyphen, at most 253 characters.
const domainPattern =
  /^\.?(?=.{1,253}$)(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/
const ipv4Pattern = /^\d{1,3}(?:\.\d{1,3}){3}$/

function optionalBoolean(name: string, value: unknown): boolean {
  if (value === undefined) return false
  if (typeof value !== 'boolean') {
    throw new TypeError(`Invalid cookie option ${name}: expected true or false.`)
  }
  return value
}

/**
 * Validates cookie options and fills in zero values, so a bad value fails when it is
 * configured and never while a response is written.
 *
 * It checks that `path` has no `;` or control characters, that `domain` is a valid host name
 * or IPv4 address, that `maxAge` is a whole number, and that `sameSite: 'none'` and
 * `partitioned` come with `secure`. It also checks the cookie name prefixes. A `__Secure-`
 * name needs `secure`, and a `__Host-` name needs `secure`, `path: '/'` and no `domain`.
 * Unknown option names are rejected.
 *
 * @param name Cookie name the options are for, to check its prefix rules.
 * @throws TypeError naming the invalid option.
 * @example
 * ```ts
 * resolveCookieOptions({ path: '/', sameSite: 'none' }, 'session') // throws: needs secure
 * ```
 */
export function resolveCookieOptions(
  options: CookieOptions | undefined,
  name?: string,
): ResolvedCookieOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('Invalid cookie options: expected an object.')
  }
  const input = options ?? {}
  for (const key of Object.keys(input)) {
    if (!optionKeys.has(key)) {
      throw new TypeError(
        `Unknown cookie option ${JSON.stringify(key)}: use ${[...optionKeys].join(', ')}.`,
      )
    }
  }

  const path = input.path ?? ''
  if (typeof path !== 'string' || !pathPattern.test(path)) {
    throw new TypeError(
      'Invalid cookie option path: use printable ASCII without ";", such as "/" or "/app".',
    )
  }

  const domain = input.domain ?? ''
  if (
    typeof domain !== 'string' ||
    (domain !== '' && !domainPattern.test(domain) && !ipv4Pattern.test(domain))
  ) {
    throw new TypeError(
      'Invalid cookie option domain: use a host name such as "example.com", or leave it out.',
    )
  }

  const maxAge = input.maxAge ?? 0
  if (!Number.isSafeInteger(maxAge) || Math.abs(maxAge) > MAX_AGE_LIMIT) {
    throw new TypeError(
      `Invalid cookie option maxAge: expected a whole number of seconds up to ${MAX_AGE_LIMIT}.`,
    )
  }

  const secure = optionalBoolean('secure', input.secure)
  const httpOnly = optionalBoolean('httpOnly', input.httpOnly)
  const partitioned = optionalBoolean('partitioned', input.partitioned)

  const sameSite = input.sameSite
  if (!sameSiteValues.has(sameSite)) {
    throw new TypeError(`Invalid cookie option sameSite: use 'lax', 'strict', 'none' or 'default'.`)
  }
  if (sameSite === 'none' && !secure) {
    throw new TypeError(
      "Invalid cookie options: sameSite 'none' requires secure: true, or browsers drop the cookie.",
    )
  }
  if (partitioned && !secure) {
    throw new TypeError('Invalid cookie options: partitioned requires secure: true.')
  }

  const priority = input.priority
  if (!priorityValues.has(priority)) {
    throw new TypeError(`Invalid cookie option priority: use 'low', 'medium' or 'high'.`)
  }

  if (name !== undefined) checkPrefixRules(name, { path, domain, secure })

  return { path, domain, maxAge, secure, httpOnly, sameSite, partitioned, priority }
}

/**
 * Throws a `TypeError` when `name` has a `__Secure-` or `__Host-` prefix whose rules `options`
 * break, since browsers silently drop such cookies.
 */
export function checkPrefixRules(
  name: string,
  { path, domain, secure }: Pick<ResolvedCookieOptions, 'path' | 'domain' | 'secure'>,
): void {
  if (!isToken(name)) return
  if (name.startsWith('__Secure-') && !secure) {
    throw new TypeError(
      `Invalid cookie options for "${name}": the __Secure- prefix requires secure.`,
    )
  }
  if (name.startsWith('__Host-') && (!secure || path !== '/' || domain !== '')) {
    throw new TypeError(
      `Invalid cookie options for "${name}": the __Host- prefix requires secure, path "/" and no domain.`,
    )
  }
}
