import type { CookieError } from '../errors.ts'
import type { ResolvedCookieOptions } from '../cookie/options.ts'
import type { Session } from '../session/session.ts'

/**
 * Result of loading a session for a request: the values of an existing session, or a fresh
 * session and the reason the cookie or record was not accepted.
 */
export interface LoadedSession {
  /** Values of the session; absent or empty for a new session. */
  readonly values?: ReadonlyMap<unknown, unknown> | undefined
  /** Serializer type information to hand back on save, so Go types survive. */
  readonly types?: unknown
  /** Session id for server-side stores; empty or absent for the cookie store. */
  readonly id?: string | undefined
  /** True when no existing session was loaded. */
  readonly isNew: boolean
  /** Reason the incoming cookie or record was rejected, when it was. */
  readonly error?: CookieError | undefined
  /**
   * True when the cookie verified with an older key pair. The session then counts as
   * changed, so saving re-signs it with the newest pair.
   */
  readonly stale?: boolean | undefined
  /**
   * Version of the stored record as the store read it, handed back on save so a store that
   * supports compare-and-set can detect a concurrent write.
   */
  readonly version?: unknown
}

/**
 * A session store: where the values of a named session live between requests.
 *
 * Implement it to add a backend. The contract:
 * - `load` resolves for every incoming cookie, however malformed, tampered or expired: it
 *   returns `isNew: true` and the reason in `error` (a `CookieError`). It rejects only when
 *   the backend itself fails, with a `StoreError` whose `cause` is the driver's error.
 * - `save` persists `session` and resolves to the `Set-Cookie` header value to send. It never
 *   leaves a half-written record: write atomically, or not at all. It rejects with a
 *   `TesseraError` (`ERR_VALUE_TOO_LONG`, `ERR_GOB_ENCODE`, …) or a `StoreError`.
 * - A store never puts cookie values, ids, keys or session data in error messages.
 *
 * Stores built on a shared backend should read `session.version` and refuse a write whose
 * version is stale.
 *
 * @example
 * ```ts
 * class LoggingStore implements Store {
 *   constructor(readonly inner: Store) {}
 *   get options() { return this.inner.options }
 *   load(name: string, cookies: readonly string[]) { return this.inner.load(name, cookies) }
 *   async save(session: Session) {
 *     console.log('saving', session.name)
 *     return this.inner.save(session)
 *   }
 * }
 * ```
 */
export interface Store {
  /** Cookie options that every new session starts with (each session gets its own copy). */
  readonly options: ResolvedCookieOptions
  /**
   * Loads the session `name` from the values of the request's cookies with that name, in
   * header order. The first value that verifies wins.
   *
   * It may return the result without a promise when it has it at once (the cookie store
   * does), which spares the request a promise hop. Callers `await` it either way.
   */
  load(name: string, cookies: readonly string[]): LoadedSession | Promise<LoadedSession>
  /** Saves the session and returns the `Set-Cookie` header value for it. */
  save(session: Session): Promise<string>
}
