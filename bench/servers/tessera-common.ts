/**
 * The routes of the tessera contenders on node:http. Each tessera server file only builds its
 * store and passes it here, so the four differ in the store alone.
 */
import http from 'node:http'
import type { Store } from 'tessera'
import { createSessions } from 'tessera/node'
import { COOKIE_NAME, MAX_AGE, announceReady, logRequestError, readPort } from './common.ts'

/** Cookie options of every tessera contender, as in the Echo docs example plus SameSite. */
export const COOKIE_OPTIONS = {
  path: '/',
  maxAge: MAX_AGE,
  httpOnly: true,
  secure: false,
  sameSite: 'lax',
} as const

/** AES-256 block key: 32 bytes of UTF-8 text. */
export const BLOCK_KEY = 'benchmark-block-key-0123456789ab'

/**
 * Serves the three benchmark routes with sessions from `store`, and prints `ready`.
 *
 * @example
 * ```ts
 * serveTessera('tessera-cookie', new CookieStore({ keys: [{ hashKey: SECRET }] }))
 * ```
 */
export function serveTessera(label: string, store: Store, onExit?: () => void): void {
  const sessions = createSessions(store)
  const server = http.createServer(async (req, res) => {
    try {
      res.setHeader('Content-Type', 'text/plain; charset=utf-8')
      const session = await sessions.get<{ foo: string; counter: number }>(req, res, COOKIE_NAME)
      if (req.url === '/read-session') {
        res.end(`foo=${session.get('foo') ?? '<nil>'}\n`)
      } else if (req.url === '/create-session') {
        session.set('foo', 'bar')
        await session.save()
        res.end('created\n')
      } else if (req.url === '/update-session') {
        const counter = Number(session.get('counter') ?? 0) + 1
        session.set('counter', counter)
        await session.save()
        res.end(`counter=${counter}\n`)
      } else {
        res.statusCode = 404
        res.end('not found\n')
      }
    } catch (error) {
      logRequestError(label, error)
      res.statusCode = 500
      res.end('internal error\n')
    }
  })
  announceReady(server, onExit)
  server.listen(readPort(), '127.0.0.1')
}
