import { SessionRegistry } from '../src/session/registry.ts'
import type { ResponseSink } from '../src/session/session.ts'

/** Creates a request's registry and records the Set-Cookie headers it produces, for store-level tests. */
export function fakeRequest(cookieHeader?: string) {
  const setCookies: string[] = []
  let sent = false
  const sink: ResponseSink = {
    // Records every call, so tests can inspect each save in turn.
    setCookie: (_name, header) => setCookies.push(header),
    headersSent: () => sent,
  }
  return {
    registry: new SessionRegistry(cookieHeader, sink),
    setCookies,
    sendHeaders: () => {
      sent = true
    },
  }
}

/** Returns the `name=value` pair of a Set-Cookie header, ready for a Cookie header. */
export function cookiePair(setCookie: string | undefined): string {
  if (setCookie === undefined) throw new Error('no Set-Cookie header')
  return setCookie.split(';', 1)[0]!
}

/** Returns the cookie value of a Set-Cookie header. */
export function cookieValue(setCookie: string | undefined): string {
  const pair = cookiePair(setCookie)
  return pair.slice(pair.indexOf('=') + 1)
}
