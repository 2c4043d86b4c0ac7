/**
 * Plain HTTP requests made before a timed run: they fetch each server's own session cookie
 * and check that every route does its job, so a broken contender fails loudly instead of
 * being timed.
 */
import http from 'node:http'

/** Routes every contender serves. */
export const ROUTES = ['read-session', 'create-session', 'update-session'] as const
export type Route = (typeof ROUTES)[number]

/** Status, body and cookies of one response. */
export interface CheckResponse {
  status: number
  body: string
  /** Cookies from `Set-Cookie`, as `name=value`; a later header for the same name wins. */
  cookies: Map<string, string>
}

// A bare server ignores cookies. It still gets a header of a typical session cookie's size,
// so that every contender parses requests of about the same length.
const BARE_COOKIE = `session=${'A'.repeat(160)}`
const REQUEST_TIMEOUT_MS = 10_000

/**
 * Sends `GET /route` to a server on 127.0.0.1 with an optional `Cookie` header.
 *
 * @example
 * ```ts
 * const response = await get(8080, 'create-session')
 * ```
 */
export async function get(port: number, route: Route, cookie?: string): Promise<CheckResponse> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = cookie ? { cookie } : {}
    const request = http.get(
      { host: '127.0.0.1', port, path: `/${route}`, headers, agent: false },
      (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (body += chunk))
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            body,
            cookies: parseSetCookies(response.headers['set-cookie'] ?? []),
          })
        })
      },
    )
    request.setTimeout(REQUEST_TIMEOUT_MS, () => {
      request.destroy(new Error(`GET /${route} timed out after ${REQUEST_TIMEOUT_MS} ms`))
    })
    request.once('error', reject)
  })
}

function parseSetCookies(headers: string[]): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const header of headers) {
    const pair = header.split(';', 1)[0] ?? ''
    const equals = pair.indexOf('=')
    if (equals > 0) cookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim())
  }
  return cookies
}

function toCookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
}

/** `Cookie` header to send on each route during a timed run; undefined sends none. */
export type RouteCookies = Record<Route, string | undefined>

/**
 * Checks the three routes of a server and returns the `Cookie` headers to time them with.
 *
 * A session server must set a cookie on `/create-session`, read `foo=bar` back with it,
 * and count 1 then 2 on `/update-session`. The timed runs send the create cookie to
 * `/read-session` and `/update-session`, and no cookie to `/create-session`, so that each
 * request starts a new session.
 *
 * @throws Error naming the route and what differed, without cookie values.
 * @example
 * ```ts
 * const cookies = await checkRoutes(server.port, false)
 * ```
 */
export async function checkRoutes(port: number, bare: boolean): Promise<RouteCookies> {
  const created = await get(port, 'create-session')
  expectStatus(created, 'create-session')
  if (bare) {
    const read = await get(port, 'read-session', BARE_COOKIE)
    expectStatus(read, 'read-session')
    expectBody(read, 'read-session', 'foo=bar\n')
    expectStatus(await get(port, 'update-session', BARE_COOKIE), 'update-session')
    return {
      'read-session': BARE_COOKIE,
      'create-session': undefined,
      'update-session': BARE_COOKIE,
    }
  }

  if (created.cookies.size === 0) {
    throw new Error('GET /create-session set no cookie')
  }
  const sessionCookie = toCookieHeader(created.cookies)

  const read = await get(port, 'read-session', sessionCookie)
  expectStatus(read, 'read-session')
  expectBody(read, 'read-session', 'foo=bar\n')

  const unsigned = await get(port, 'read-session')
  expectStatus(unsigned, 'read-session without a cookie')
  expectBody(unsigned, 'read-session without a cookie', 'foo=<nil>\n')

  const first = await get(port, 'update-session', sessionCookie)
  expectStatus(first, 'update-session')
  expectBody(first, 'update-session', 'counter=1\n')
  // Stores that keep data on the server respond without a new cookie, so merge rather than replace.
  const updatedCookies = new Map([...created.cookies, ...first.cookies])
  const second = await get(port, 'update-session', toCookieHeader(updatedCookies))
  expectStatus(second, 'second update-session')
  expectBody(second, 'second update-session', 'counter=2\n')

  // The second update changed the stored counter of server-side stores, which would make the
  // timed update runs start from 2. A fresh session keeps every contender at the same state.
  const fresh = await get(port, 'create-session')
  expectStatus(fresh, 'create-session')
  const timedCookie = toCookieHeader(fresh.cookies)
  return {
    'read-session': timedCookie,
    'create-session': undefined,
    'update-session': timedCookie,
  }
}

function expectStatus(response: CheckResponse, what: string): void {
  if (response.status !== 200) {
    throw new Error(`GET /${what} returned status ${response.status}, expected 200`)
  }
}

function expectBody(response: CheckResponse, what: string, expected: string): void {
  if (response.body !== expected) {
    throw new Error(
      `GET /${what} returned body ${JSON.stringify(response.body)}, expected ${JSON.stringify(expected)}`,
    )
  }
}
