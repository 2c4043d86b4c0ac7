import { TesseraError, type CookieError } from '../errors.ts'
import {
  resolveCookieOptions,
  type CookieOptions,
  type ResolvedCookieOptions,
} from '../cookie/options.ts'
import type { LoadedSession, Store } from '../stores/store.ts'
import { SessionValues } from './values.ts'

/** Default key under which flashes are kept, the same as gorilla/sessions' `_flash`. */
export const FLASH_KEY = '_flash'

/** Shape of typed session data: string keys to the types stored under them. */
export type SessionData = Record<string, unknown>

/** Destination of a session's `Set-Cookie` header, provided by the framework integration. */
export interface ResponseSink {
  /**
   * Adds the `Set-Cookie` header value of cookie `name` to the response, replacing the one
   * an earlier save of the same session added, so saving twice sends one cookie.
   */
  setCookie(name: string, header: string): void
  /** Whether the response headers were already sent, so a cookie can no longer be added. */
  headersSent(): boolean
}

/**
 * One named session of one request, the counterpart of gorilla/sessions' `Session`.
 *
 * Obtain it from a {@link SessionRegistry} (or an integration such as `tessera/node`), change
 * it, and call {@link Session.save}. A session whose cookie was missing or rejected starts
 * empty with `isNew` true, and `error` gives the reason the cookie was rejected.
 *
 * @typeParam Data Types of the values under string keys, for `get` and `set`.
 * @example
 * ```ts
 * const session = await sessions.get<{ user: string; visits: number }>(req, res, 'session')
 * session.set('visits', (session.get('visits') ?? 0) + 1)
 * await session.save()
 * ```
 */
export class Session<Data extends SessionData = SessionData> {
  /** Cookie name of the session. */
  readonly name: string
  /** Store the session is loaded from and saved to. */
  readonly store: Store
  /** Session id in a server-side store; empty for the cookie store and before the first save. */
  id: string
  /**
   * Id the session had before {@link Session.regenerate}; the next save deletes its record.
   * Empty when there is none.
   */
  replacedId = ''
  /** True when no existing session was loaded for this request. */
  isNew: boolean
  /** Reason the incoming cookie or stored record was rejected, if it was. */
  readonly error: CookieError | undefined
  /**
   * Serializer type information, so values read from Go are written back with their Go types.
   * Read-only: the cookie store may share it between requests for the same cookie, frozen.
   */
  types: unknown
  /** Record version the store loaded, for compare-and-set on save. */
  version: unknown

  #options: ResolvedCookieOptions
  // The store's map serves reads until the first write or `values` access copies it, so a
  // request that only reads never copies its values.
  #loadedValues: ReadonlyMap<unknown, unknown> | undefined
  #values: SessionValues | undefined
  #optionsChanged = false
  #changed = false
  #saved = false
  readonly #sink: ResponseSink

  constructor(name: string, store: Store, loaded: LoadedSession, sink: ResponseSink) {
    this.name = name
    this.store = store
    this.#loadedValues = loaded.values
    this.id = loaded.id ?? ''
    this.isNew = loaded.isNew
    this.error = loaded.error
    this.types = loaded.types
    this.version = loaded.version
    this.#options = store.options
    this.#changed = loaded.stale === true
    this.#sink = sink
  }

  /** Values of the session. Keys may be of any type, as in Go. */
  get values(): SessionValues {
    this.#values ??= SessionValues.of(this.#loadedValues)
    return this.#values
  }

  /**
   * Cookie options of this session, a copy of the store's. Assigning replaces every option,
   * like assigning `Options` in Go, and validates the new options at once.
   *
   * @throws TypeError when the new options are invalid.
   */
  get options(): ResolvedCookieOptions {
    return this.#options
  }

  set options(options: CookieOptions) {
    this.#options = resolveCookieOptions(options, this.name)
    this.#optionsChanged = true
  }

  /**
   * Whether values or options changed since the session was loaded or last saved. A session
   * whose cookie verified with an older key pair counts as changed, so `saveChanged` re-signs
   * it with the newest pair.
   */
  get changed(): boolean {
    return this.#changed || this.#optionsChanged || this.#values?.changed === true
  }

  /** Whether {@link Session.save} completed for this session in this request. */
  get saved(): boolean {
    return this.#saved
  }

  /** Returns the value under `key`, or undefined. */
  get<K extends keyof Data & string>(key: K): Data[K] | undefined {
    return (this.#values ?? this.#loadedValues)?.get(key) as Data[K] | undefined
  }

  /** Sets the value under `key`. */
  set<K extends keyof Data & string>(key: K, value: Data[K]): this {
    this.values.set(key, value)
    return this
  }

  /** Reports whether a value is stored under `key`. */
  has(key: keyof Data & string): boolean {
    return (this.#values ?? this.#loadedValues)?.has(key) ?? false
  }

  /** Removes the value under `key`; returns whether there was one. */
  delete(key: keyof Data & string): boolean {
    return this.values.delete(key)
  }

  /**
   * Gives the session a new id on its next save and deletes the record under the old one,
   * keeping the values. Call it when the user signs in or gains privileges, so an id that an
   * attacker planted or saw before cannot be used afterwards (session fixation).
   *
   * For the cookie store, which has no id, it only marks the session changed: the new cookie
   * replaces the old one.
   *
   * @example
   * ```ts
   * session.regenerate()
   * session.set('user', user.id)
   * await session.save()
   * ```
   */
  regenerate(): void {
    if (this.id !== '' && this.replacedId === '') this.replacedId = this.id
    this.id = ''
    this.#changed = true
  }

  /** Records a change made inside a stored object or array, so the session is saved. */
  markChanged(): void {
    this.#changed = true
  }

  /**
   * Appends a flash message under `key` (default `_flash`), to be read once by
   * {@link Session.flashes}, as gorilla's `AddFlash` does.
   *
   * @example
   * ```ts
   * session.addFlash('Profile saved')
   * ```
   */
  addFlash(value: unknown, key: string = FLASH_KEY): void {
    const current = this.values.get(key)
    this.values.set(key, Array.isArray(current) ? [...current, value] : [value])
  }

  /**
   * Returns the flash messages under `key` (default `_flash`) and removes them, as gorilla's
   * `Flashes` does; save the session for the removal to last.
   *
   * A value under `key` that is not an array is not a flash list: it is left in place and
   * an empty array is returned (Go panics in that case).
   *
   * @example
   * ```ts
   * for (const message of session.flashes()) console.log(message)
   * ```
   */
  flashes(key: string = FLASH_KEY): unknown[] {
    const current = this.values.get(key)
    if (!Array.isArray(current)) return []
    this.values.delete(key)
    return current
  }

  /**
   * Saves the session through its store and adds its `Set-Cookie` header to the response.
   * Like `Save` in Go, it always writes, changed or not.
   *
   * @throws TesseraError `ERR_HEADERS_SENT` when the response headers are already sent, since
   *   the cookie could not reach the browser; the store's errors otherwise.
   */
  async save(): Promise<void> {
    if (this.#sink.headersSent()) throw headersSent(this.name)
    const header = await this.store.save(this)
    if (this.#sink.headersSent()) throw headersSent(this.name)
    this.#sink.setCookie(this.name, header)
    if (this.#values) this.#values.changed = false
    this.#changed = false
    this.#optionsChanged = false
    this.#saved = true
  }
}

function headersSent(name: string): TesseraError {
  return new TesseraError(
    'ERR_HEADERS_SENT',
    `Cannot save session "${name}": the response headers were already sent, so the cookie ` +
      'would be lost. Save sessions before writing the response body.',
  )
}
