import { SessionRegistry } from '../src/session/registry.ts'
import type { ResponseSink } from '../src/session/session.ts'

/** A request's registry with the Set-Cookie headers it produced, for store-level tests. */
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

/** The `name=value` pair of a Set-Cookie header, ready for a Cookie header. */
export function cookiePair(setCookie: string | undefined): string {
  if (setCookie === undefined) throw new Error('no Set-Cookie header')
  return setCookie.split(';', 1)[0]!
}

/** The value of a Set-Cookie header. */
export function cookieValue(setCookie: string | undefined): string {
  const pair = cookiePair(setCookie)
  return pair.slice(pair.indexOf('=') + 1)
}
