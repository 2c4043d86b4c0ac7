// The Echo session middleware documentation example, served by tessera on node:http.
// Responses match the Go server's (status line, Content-Type, Content-Length, body and
// Set-Cookie attributes), except that a rejected cookie gives a fresh session instead of a 500.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { CookieStore, parseKey, type KeyPair, type Store } from '../src/index.ts'
import { createSessions } from '../src/node/index.ts'
import { FilesystemStore } from '../src/stores/filesystem-store.ts'
import { MemoryStore } from '../src/stores/memory-store.ts'

/** Settings of the example server, normally read from the environment. */
export interface EchoExampleConfig {
  readonly store: 'cookie' | 'filesystem' | 'memory'
  readonly keys: KeyPair
  readonly dir: string
  /** Receives one line per rejected cookie and per failed request. */
  readonly log: (line: string) => void
  /** Current time in milliseconds; tests set it to read cookies recorded in the past. */
  readonly clock?: () => number
}

/** The development key that Echo's documentation uses. */
export const DEVELOPMENT_HASH_KEY = 'secret'

/**
 * Reads the example's settings from `PORT`-style environment variables: `SESSION_STORE`
 * (`cookie`, `filesystem` or `memory`), `SESSION_HASH_KEY`, `SESSION_BLOCK_KEY` and
 * `SESSION_DIR`. Keys are UTF-8 text, or bytes as `hex:…` or `base64:…`.
 */
export function configFromEnv(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): EchoExampleConfig {
  const store = env.SESSION_STORE || 'cookie'
  if (store !== 'cookie' && store !== 'filesystem' && store !== 'memory') {
    throw new TypeError(
      `Invalid SESSION_STORE ${JSON.stringify(store)}: use cookie, filesystem or memory.`,
    )
  }
  const hashKey = env.SESSION_HASH_KEY ? parseKey(env.SESSION_HASH_KEY) : DEVELOPMENT_HASH_KEY
  const blockKey = env.SESSION_BLOCK_KEY ? parseKey(env.SESSION_BLOCK_KEY) : undefined
  return { store, keys: { hashKey, blockKey }, dir: env.SESSION_DIR || tmpdir(), log }
}

function createStore(config: EchoExampleConfig): Store {
  const { keys, clock } = config
  switch (config.store) {
    case 'filesystem':
      return new FilesystemStore({ dir: config.dir, keys, clock })
    case 'memory':
      return new MemoryStore({ keys, clock })
    default:
      // gorilla/sessions 1.4's CookieStore defaults, which the Go example runs with.
      return new CookieStore({
        keys,
        clock,
        cookie: { path: '/', maxAge: 86400 * 30, secure: true, sameSite: 'none', httpOnly: false },
      })
  }
}

function send(response: ServerResponse, status: number, type: string | undefined, body: string) {
  const headers: Record<string, string | number> = { 'Content-Length': Buffer.byteLength(body) }
  if (type !== undefined) headers['Content-Type'] = type
  response.writeHead(status, headers).end(body)
}

// Echo 4.2.1's default HTTP error handler sends errors as this JSON, except to a HEAD request,
// which gets the status with no Content-Type, Content-Length or body.
function sendError(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  message: string,
) {
  if (request.method === 'HEAD') {
    response.writeHead(status).end()
    return
  }
  send(response, status, 'application/json; charset=UTF-8', `{"message":"${message}"}\n`)
}

// Go's fmt %v prints a missing map entry as <nil>.
function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '<nil>'
  if (Array.isArray(value)) return `[${value.map(formatValue).join(' ')}]`
  return String(value)
}

/**
 * Creates the example server: `GET /create-session` stores foo=bar for a week, and
 * `GET /read-session` prints it.
 */
export function createEchoExample(config: EchoExampleConfig): Server {
  const sessions = createSessions(createStore(config))
  const rejected = new Map<string, number>()

  const logRejected = (code: string) => {
    // Count repeats so a client replaying a bad cookie cannot flood the log.
    const count = (rejected.get(code) ?? 0) + 1
    rejected.set(code, count)
    if (count <= 10 || count % 1000 === 0) {
      config.log(`session cookie rejected, starting a new session: ${code} (seen ${count} times)`)
    }
  }

  return createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0]
    if (path !== '/create-session' && path !== '/read-session') {
      return sendError(request, response, 404, 'Not Found')
    }
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET')
      return sendError(request, response, 405, 'Method Not Allowed')
    }

    try {
      const session = await sessions.get(request, response, 'session')
      if (session.error) logRejected(session.error.code)

      if (path === '/create-session') {
        session.options = { path: '/', maxAge: 86400 * 7, httpOnly: true }
        session.set('foo', 'bar')
        await session.save()
        return send(response, 200, undefined, '')
      }
      send(response, 200, 'text/plain; charset=UTF-8', `foo=${formatValue(session.get('foo'))}\n`)
    } catch (error) {
      const cause = error instanceof Error && error.cause ? ` (cause: ${String(error.cause)})` : ''
      config.log(`request ${request.method} ${path} failed: ${String(error)}${cause}`)
      if (!response.headersSent) sendError(request, response, 500, 'Internal Server Error')
      else response.destroy()
    }
  })
}
