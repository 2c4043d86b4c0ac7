import type { ResolvedCookieOptions } from '../cookie/options.ts'
import { serializeSetCookie } from '../cookie/set-cookie.ts'
import { CookieError, TesseraError } from '../errors.ts'
import type { DecodedValue, SecureCookie } from '../securecookie/secure-cookie.ts'
import type { Session } from '../session/session.ts'
import {
  checkStoreOptions,
  decodeFirst,
  secureStoreSetup,
  type SecureStoreOptions,
} from './common.ts'
import type { LoadedSession, Store } from './store.ts'

/** Options of {@link CookieStore}. */
export interface CookieStoreOptions extends SecureStoreOptions {
  /**
   * Maximum cookie length in characters. Default 4096, the size browsers guarantee. Incoming
   * values are checked against it as Go checks them, and on save the name and value together
   * must fit (Chromium's rule), so a save over it fails with `ERR_VALUE_TOO_LONG` instead of
   * the browser dropping the cookie. 0 turns the limit off.
   */
  readonly maxLength?: number | undefined
}

/**
 * Store that keeps the session values in the cookie itself, signed with HMAC-SHA256 and
 * optionally encrypted with AES-CTR, in gorilla/sessions' `CookieStore` format: a Go service
 * with the same keys reads these cookies and tessera reads the Go service's.
 *
 * Defaults are `Path=/; Max-Age=2592000; HttpOnly; Secure; SameSite=Lax`, as for every
 * tessera store. gorilla/sessions
 * 1.4 sends `Secure; SameSite=None` and no `HttpOnly`; pass `cookie` to match it. Browsers drop
 * `Secure` cookies on plain-HTTP origins other than localhost, so set `secure: false` for such
 * development servers.
 *
 * A cookie store cannot revoke a session: a copied cookie stays valid until `maxAge` passes.
 * Deleting a session (`maxAge` < 0) sends an empty cookie; Go sends the old values in it.
 *
 * @example
 * ```ts
 * const store = new CookieStore({
 *   keys: [{ hashKey: process.env.SESSION_HASH_KEY!, blockKey: process.env.SESSION_BLOCK_KEY }],
 *   cookie: { maxAge: 86400 * 7 },
 * })
 * ```
 */
export class CookieStore implements Store {
  readonly options: ResolvedCookieOptions
  readonly codec: SecureCookie
  readonly #clock: () => number

  constructor(options: CookieStoreOptions) {
    checkStoreOptions(options, 'CookieStore', ['maxLength'])
    const setup = secureStoreSetup(options, options.maxLength)
    this.options = setup.cookie
    this.codec = setup.codec
    this.#clock = setup.clock
  }

  load(name: string, cookies: readonly string[]): LoadedSession | Promise<LoadedSession> {
    const decoded = decodeFirst(this.codec, name, cookies)
    return decoded instanceof Promise
      ? decoded.then((d) => loadedFrom(name, d))
      : loadedFrom(name, decoded)
  }

  async save(session: Session): Promise<string> {
    const options = session.options
    if (options.maxAge < 0) return serializeSetCookie(session.name, '', options, this.#clock())

    const value = await this.codec.encode(session.name, session.values, session.types)
    const limit = this.codec.maxLength
    if (limit !== 0 && session.name.length + value.length > limit) {
      throw new TesseraError(
        'ERR_VALUE_TOO_LONG',
        `Cookie "${session.name}" would be ${session.name.length + value.length} characters ` +
          `with its name, over maxLength ${limit}, and browsers would drop it. Store less in ` +
          'the session, or use a server-side store.',
      )
    }
    return serializeSetCookie(session.name, value, options, this.#clock())
  }
}

function loadedFrom(name: string, decoded: DecodedValue | CookieError | undefined): LoadedSession {
  if (decoded === undefined) return { isNew: true }
  if (decoded instanceof CookieError) return { isNew: true, error: decoded }
  if (!(decoded.value instanceof Map)) {
    const error = new CookieError(
      'ERR_DESERIALIZE_FAILED',
      `Cookie "${name}" verified but does not hold a map of session values.`,
    )
    return { isNew: true, error }
  }
  return {
    isNew: false,
    values: decoded.value,
    types: decoded.types,
    stale: decoded.keyIndex > 0,
  }
}
