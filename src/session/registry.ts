import { checkCookieName } from '../cookie/token.ts'
import { cookieValues } from '../cookie/parse.ts'
import type { Store } from '../stores/store.ts'
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
 *   appendSetCookie: (header) => response.headers.append('set-cookie', header),
 *   headersSent: () => false,
 * })
 * const session = await registry.get('session', store)
 * ```
 */
export class SessionRegistry {
  readonly #cookieHeader: string | undefined
  readonly #sink: ResponseSink
  readonly #sessions = new Map<string, Promise<Session<any>>>()

  constructor(cookieHeader: string | undefined, sink: ResponseSink) {
    this.#cookieHeader = cookieHeader
    this.#sink = sink
  }

  /**
   * Returns the session `name` of this request, loading it from `store` on first use.
   *
   * It resolves for any incoming cookie: a missing, tampered or expired one gives a new
   * session whose `error` tells why. It rejects only when the store's backend fails.
   *
   * @throws TypeError when `name` is not a valid cookie name.
   */
  get<Data extends SessionData = SessionData>(name: string, store: Store): Promise<Session<Data>> {
    let session = this.#sessions.get(name)
    if (session === undefined) {
      checkCookieName(name)
      session = this.#load(name, store)
      this.#sessions.set(name, session)
    }
    return session as Promise<Session<Data>>
  }

  /** Saves every session loaded in this request, changed or not, as Go's `sessions.Save` does. */
  async saveAll(): Promise<void> {
    const sessions = await Promise.all(this.#sessions.values())
    await Promise.all(sessions.map((session) => session.save()))
  }

  /** Saves the sessions of this request whose values or options changed and were not saved. */
  async saveChanged(): Promise<void> {
    const sessions = await Promise.all(this.#sessions.values())
    await Promise.all(sessions.filter((session) => session.changed).map((s) => s.save()))
  }

  async #load(name: string, store: Store): Promise<Session> {
    const loaded = await store.load(name, cookieValues(this.#cookieHeader, name))
    return new Session(name, store, loaded, this.#sink)
  }
}
