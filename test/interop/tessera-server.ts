// A tessera server with the Go peer's four routes, so a session can move between the two
// with the same requests: /create-session, /read-session, /update-session?key=K&value=V and
// /dump-session (the values as typed JSON).
import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import { fromJS, toTypedJSON } from '../../src/gob/index.ts'
import { CookieStore, type KeyPair, type Store } from '../../src/index.ts'
import { createSessions } from '../../src/node/index.ts'
import { FilesystemStore } from '../../src/stores/filesystem-store.ts'
import type { GoValue } from '../../src/gob/index.ts'

export interface TesseraServerOptions {
  readonly store: 'cookie' | 'filesystem'
  readonly keys: readonly KeyPair[]
  /** Session folder of the filesystem store. */
  readonly dir?: string
}

export interface TesseraServer {
  readonly url: string
  /** Lines logged for failed requests, for failure messages. */
  readonly log: readonly string[]
  stop(): Promise<void>
}

function createStore(options: TesseraServerOptions): Store {
  if (options.store === 'filesystem') {
    return new FilesystemStore({ dir: options.dir, keys: options.keys })
  }
  // gorilla/sessions 1.2.1's CookieStore defaults, which the Go peer runs with.
  return new CookieStore({
    keys: options.keys,
    cookie: { path: '/', maxAge: 86400 * 30, httpOnly: false, secure: false, sameSite: 'default' },
  })
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
  response.end(body)
}

// The response of Echo's default error handler, which the Go peer also sends.
function internalServerError(response: ServerResponse): void {
  send(response, 500, 'application/json; charset=UTF-8', '{"message":"Internal Server Error"}\n')
}

// Go's %v prints a missing map entry as <nil>.
function formatValue(value: unknown): string {
  return value === undefined || value === null ? '<nil>' : String(value)
}

/**
 * Starts the server on a free port of 127.0.0.1. Like the Go peer, it responds with status 500
 * when the session cookie or its stored record is rejected.
 */
export async function startTesseraServer(options: TesseraServerOptions): Promise<TesseraServer> {
  const sessions = createSessions(createStore(options))
  const log: string[] = []

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    try {
      const session = await sessions.get(request, response, 'session')
      if (session.error !== undefined) {
        log.push(`${url.pathname}: session rejected: ${session.error.code}`)
        return internalServerError(response)
      }

      switch (url.pathname) {
        case '/create-session':
          session.options = { path: '/', maxAge: 86400 * 7, httpOnly: true }
          session.set('foo', 'bar')
          await session.save()
          return send(response, 200, 'text/plain; charset=utf-8', '')
        case '/read-session':
          return send(
            response,
            200,
            'text/plain; charset=utf-8',
            `foo=${formatValue(session.get('foo'))}\n`,
          )
        case '/update-session': {
          const key = url.searchParams.get('key')
          if (!key)
            return send(
              response,
              400,
              'text/plain; charset=utf-8',
              'missing query parameter: key\n',
            )
          session.set(key, url.searchParams.get('value') ?? '')
          await session.save()
          return send(response, 200, 'text/plain; charset=utf-8', '')
        }
        case '/dump-session': {
          // Typing the values with the decoded types as hint gives the Go types a save would write.
          const typed = fromJS(session.values, session.types as GoValue | undefined)
          return send(response, 200, 'application/json', `${JSON.stringify(toTypedJSON(typed))}\n`)
        }
        default:
          return send(response, 404, 'text/plain; charset=utf-8', 'not found\n')
      }
    } catch (error) {
      log.push(`${url.pathname}: ${String(error)}`)
      if (!response.headersSent) internalServerError(response)
      else response.destroy()
    }
  })

  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  if (address === null || typeof address === 'string')
    throw new Error('The server has no TCP port.')

  return {
    url: `http://127.0.0.1:${address.port}`,
    log,
    stop: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
