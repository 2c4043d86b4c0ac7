import { checkCookieName } from '../cookie/token.ts'
import { checkPrefixRules } from '../cookie/options.ts'
import { cookieValues } from '../cookie/parse.ts'
import type { LoadedSession, Store } from '../stores/store.ts'
import { Session, type ResponseSink, type SessionData } from './session.ts'

/**
 * The sessions of one request, the counterpart of gorilla/sessions' `Registry`: getting the
 * same name twice returns the same session, and every loaded session can be saved at once.
 *
 * It works on plain header values, so every framework integration builds on it.
 *
 * @example
 * ```ts
 * const registry = new SessionRegistry(request.headers.get('cookie') ?? undefined, {
 *   setCookie: (name, header) => response.headers.append('set-cookie', header),
 *   headersSent: () => false,
 * })
 * const session = await registry.get('session', store)
 * ```
 */
export class SessionRegistry {
  readonly #cookieHeader: string | undefined
  readonly #sink: ResponseSink
  readonly #sessions = new Map<string, { store: Store; session: Promise<Session<any>> }>()

  constructor(cookieHeader: string | undefined, sink: ResponseSink) {
    this.#cookieHeader = cookieHeader
    this.#sink = sink
  }

  /**
   * Returns the session `name` of this request, loading it from `store` on first use.
   *
   * It resolves for any incoming cookie: a missing, tampered or expired one gives a new
   * session whose `error` gives the reason. It rejects only when the store's backend fails.
   *
   * @throws TypeError when `name` is not a valid cookie name, breaks the `__Host-` or
   *   `__Secure-` prefix rules with the store's options, or was loaded from another store.
   */
  get<Data extends SessionData = SessionData>(name: string, store: Store): Promise<Session<Data>> {
    const cached = this.#sessions.get(name)
    if (cached !== undefined) {
      if (cached.store !== store) {
        throw new TypeError(
          `Session "${name}" was already loaded from another store in this request; ` +
            'give each store its own session names.',
        )
      }
      return cached.session as Promise<Session<Data>>
    }
    checkCookieName(name)
    checkPrefixRules(name, store.options)
    const session = this.#load(name, store)
    this.#sessions.set(name, { store, session })
    return session as Promise<Session<Data>>
  }

  /** Saves every session loaded in this request, changed or not, as Go's `sessions.Save` does. */
  async saveAll(): Promise<void> {
    const sessions = await this.#loaded()
    await Promise.all(sessions.map((session) => session.save()))
  }

  /** Saves the sessions of this request whose values or options changed and were not saved. */
  async saveChanged(): Promise<void> {
    const sessions = await this.#loaded()
    await Promise.all(sessions.filter((session) => session.changed).map((s) => s.save()))
  }

  #loaded(): Promise<Session[]> {
    return Promise.all([...this.#sessions.values()].map((entry) => entry.session))
  }

  // One promise per session: a store that has the result at once returns it without one.
  #load(name: string, store: Store): Promise<Session> {
    try {
      const loaded = store.load(name, cookieValues(this.#cookieHeader, name))
      // A thenable test, not instanceof, so promises of other libraries or realms work too.
      if (typeof (loaded as Partial<PromiseLike<LoadedSession>>).then === 'function') {
        return Promise.resolve(loaded).then(
          (result) => new Session(name, store, result, this.#sink),
        )
      }
      return Promise.resolve(new Session(name, store, loaded as LoadedSession, this.#sink))
    } catch (error) {
      return Promise.reject(error)
    }
  }
}
