// A minimal cookie-keeping HTTP client for the interop tests. It keeps one session cookie
// the way a browser would, so a test can carry a session from one server to another.

export interface SessionResponse {
  readonly status: number
  readonly body: string
  /** The Set-Cookie header for the session cookie, or undefined when none was sent. */
  readonly setCookie: string | undefined
}

export class SessionClient {
  /** Value of the session cookie that the next request sends, if any. */
  cookie: string | undefined

  constructor(readonly cookieName = 'session') {}

  /**
   * Sends a GET request to `base + path` with the session cookie and stores the cookie that
   * the response sets. A cookie with Max-Age=0 or an empty value clears the stored one.
   */
  async get(base: string, path: string): Promise<SessionResponse> {
    const headers: Record<string, string> = {}
    if (this.cookie !== undefined) headers['cookie'] = `${this.cookieName}=${this.cookie}`
    const response = await fetch(`${base}${path}`, { headers })
    const body = await response.text()
    const setCookie = response.headers
      .getSetCookie()
      .find((header) => header.startsWith(`${this.cookieName}=`))
    if (setCookie !== undefined) this.#store(setCookie)
    return { status: response.status, body, setCookie }
  }

  #store(header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim())
    const value = pair.slice(this.cookieName.length + 1)
    const expired = attributes.some((attribute) => attribute.toLowerCase() === 'max-age=0')
    this.cookie = expired || value === '' ? undefined : value
  }
}
