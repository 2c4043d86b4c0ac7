/**
 * Shared start-up code of the benchmark servers. Each server is a child process of
 * `bench/run.ts`. It reads `PORT`, listens on 127.0.0.1 and prints `ready` on stdout.
 */
import type { Server } from 'node:http'

/** Body of `GET /read-session` when the cookie carries foo=bar, identical for every server. */
export const READ_BODY = 'foo=bar\n'

/** Cookie name every contender uses, so request headers are the same size class. */
export const COOKIE_NAME = 'session'

/** HMAC key or password shared by the contenders, at least 32 characters as iron-session requires. */
export const SECRET = 'benchmark-secret-0123456789abcdefghijklmnopqrstuvwxyz'

/** Session lifetime in seconds given to every contender, as in the Echo docs example. */
export const MAX_AGE = 604800

/**
 * Reads the TCP port from `PORT` and rejects a missing or malformed value.
 *
 * @example
 * ```ts
 * server.listen(readPort(), '127.0.0.1')
 * ```
 */
export function readPort(): number {
  const text = process.env.PORT
  const port = Number(text)
  if (!text || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new TypeError(`PORT must be an integer from 1 to 65535, got ${JSON.stringify(text)}`)
  }
  return port
}

/**
 * Prints `ready` once `server` listens, and stops the process when the parent goes away.
 *
 * The parent keeps this process's stdin open as a pipe. When the parent dies, even by
 * SIGKILL, the pipe closes and the server exits, so no server outlives a benchmark run.
 *
 * @example
 * ```ts
 * announceReady(http.createServer(handler).listen(readPort(), '127.0.0.1'))
 * ```
 */
export function announceReady(server: Server, onExit?: () => void): void {
  const stop = (): void => {
    onExit?.()
    process.exit(0)
  }
  server.once('listening', () => process.stdout.write('ready\n'))
  server.once('error', (error) => {
    process.stderr.write(`server failed to listen: ${error.message}\n`)
    process.exit(1)
  })
  process.stdin.on('end', stop)
  process.stdin.on('error', stop)
  process.stdin.resume()
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

/**
 * Reads the value of the cookie `name` from a `Cookie` header, or returns undefined.
 *
 * @example
 * ```ts
 * parseCookie('a=1; session=abc', 'session') // 'abc'
 * ```
 */
export function parseCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  const prefix = `${name}=`
  for (const part of header.split(';')) {
    const trimmed = part.trim()
    if (trimmed.startsWith(prefix)) return trimmed.slice(prefix.length)
  }
  return undefined
}

const MAX_LOGGED_ERRORS = 5
let requestErrors = 0

/**
 * Logs a failed request on stderr. Only the first few are printed because a broken
 * contender fails every request of a timed run; the harness counts the 500s anyway.
 *
 * @example
 * ```ts
 * } catch (error) {
 *   logRequestError('iron-session', error)
 * }
 * ```
 */
export function logRequestError(server: string, error: unknown): void {
  requestErrors += 1
  if (requestErrors <= MAX_LOGGED_ERRORS) {
    process.stderr.write(`${server}: request failed: ${String(error)}\n`)
  } else if (requestErrors === MAX_LOGGED_ERRORS + 1) {
    process.stderr.write(`${server}: more requests failed, no longer logging them\n`)
  }
}
