import type { IncomingMessage, ServerResponse } from 'node:http'
import { TesseraError } from '../errors.ts'
import { SessionRegistry } from '../session/registry.ts'
import type { ResponseSink, Session, SessionData } from '../session/session.ts'
import type { Store } from '../stores/store.ts'

/** Sessions of plain `node:http` requests, returned by {@link createSessions}. */
export interface NodeSessions {
  /** Store used when `get` is not given one. */
  readonly store: Store
  /**
   * Returns the session `name` of this request, loaded on first use and cached for the rest
   * of the request. Resolves for any incoming cookie: a bad one gives a new session whose
   * `error` gives the reason. Rejects only when the store's backend fails.
   */
  get<Data extends SessionData = SessionData>(
    request: IncomingMessage,
    response: ServerResponse,
    name: string,
    store?: Store,
  ): Promise<Session<Data>>
  /** Returns the registry that contains the sessions of the request. */
  registry(request: IncomingMessage, response: ServerResponse): SessionRegistry
  /** Saves every session loaded in this request, as Go's `sessions.Save` does. */
  saveAll(request: IncomingMessage, response: ServerResponse): Promise<void>
}

// Replaces this cookie's earlier Set-Cookie header and keeps every other one the
// application set.
function setCookie(response: ServerResponse, name: string, header: string): void {
  const existing = response.getHeader('Set-Cookie')
  if (existing === undefined) {
    response.setHeader('Set-Cookie', header)
    return
  }
  const prefix = `${name}=`
  const others = (Array.isArray(existing) ? existing : [String(existing)]).filter(
    (value) => !value.startsWith(prefix),
  )
  response.setHeader('Set-Cookie', [...others, header])
}

class NodeResponseSink implements ResponseSink {
  readonly #response: ServerResponse

  constructor(response: ServerResponse) {
    this.#response = response
  }

  setCookie(name: string, header: string): void {
    setCookie(this.#response, name, header)
  }

  headersSent(): boolean {
    return this.#response.headersSent
  }
}

// The registry lives on the request under a symbol private to one createSessions call: a
// property lookup costs far less than a WeakMap entry, and it is freed with the request.
function registryFor(
  key: symbol,
  request: IncomingMessage,
  response: ServerResponse,
): SessionRegistry {
  const holder = request as unknown as Record<symbol, SessionRegistry | undefined>
  let registry = holder[key]
  if (registry === undefined) {
    registry = new SessionRegistry(request.headers.cookie, new NodeResponseSink(response))
    holder[key] = registry
  }
  return registry
}

/**
 * Sets up sessions for a plain `node:http` server, in the style of Echo's session
 * middleware: get a session by name, change it, save it. Nothing is saved automatically.
 *
 * Each request's sessions are kept on the request object under a private symbol, so they are
 * freed with it.
 *
 * @throws TypeError when `store` is missing.
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { CookieStore } from 'tessera'
 * import { createSessions } from 'tessera/node'
 *
 * const sessions = createSessions(new CookieStore({ keys: [{ hashKey: process.env.KEY! }] }))
 * createServer(async (req, res) => {
 *   const session = await sessions.get(req, res, 'session')
 *   session.set('visits', Number(session.get('visits') ?? 0) + 1)
 *   await session.save()
 *   res.end(`visits: ${session.get('visits')}\n`)
 * }).listen(8080)
 * ```
 */
export function createSessions(store: Store): NodeSessions {
  if (store === null || typeof store !== 'object' || typeof store.load !== 'function') {
    throw new TypeError('createSessions requires a session store, such as new CookieStore(…).')
  }
  const registryKey = Symbol('tessera sessions')

  return {
    store,

    get(request, response, name, sessionStore = store) {
      if (sessionStore === null || typeof sessionStore?.load !== 'function') {
        return Promise.reject(
          new TesseraError('ERR_NO_STORE', `No session store was given for session "${name}".`),
        )
      }
      return registryFor(registryKey, request, response).get(name, sessionStore)
    },

    registry(request, response) {
      return registryFor(registryKey, request, response)
    },

    saveAll(request, response) {
      return registryFor(registryKey, request, response).saveAll()
    },
  }
}
