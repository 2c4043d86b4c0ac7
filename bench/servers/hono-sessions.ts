// hono-sessions with its CookieStore (Iron-sealed cookie) on Hono and @hono/node-server.
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { CookieStore, Session, sessionMiddleware } from 'hono-sessions'
import { COOKIE_NAME, MAX_AGE, SECRET, announceReady, readPort } from './common.ts'

interface SessionValues {
  foo: string
  counter: number
}

const app = new Hono<{
  Variables: { session: Session<SessionValues>; session_key_rotation: boolean }
}>()
app.use(
  '*',
  sessionMiddleware({
    store: new CookieStore(),
    encryptionKey: SECRET,
    expireAfterSeconds: MAX_AGE,
    sessionCookieName: COOKIE_NAME,
    cookieOptions: { path: '/', httpOnly: true, sameSite: 'Lax' },
  }),
)
app.get('/read-session', (c) => c.text(`foo=${c.get('session').get('foo') ?? '<nil>'}\n`))
app.get('/create-session', (c) => {
  c.get('session').set('foo', 'bar')
  return c.text('created\n')
})
app.get('/update-session', (c) => {
  const session = c.get('session')
  const counter = (session.get('counter') ?? 0) + 1
  session.set('counter', counter)
  return c.text(`counter=${counter}\n`)
})

const server = serve({ fetch: app.fetch, port: readPort(), hostname: '127.0.0.1' }) as Server
announceReady(server)
