// cookie-session on Express: base64 JSON in one cookie, signed by keygrip in a second `.sig` cookie.
import cookieSession from 'cookie-session'
import express from 'express'
import { COOKIE_NAME, MAX_AGE, SECRET, announceReady, readPort } from './common.ts'

// cookie-session types `req.session` through the same Express augmentation as express-session,
// and the two declarations clash when both are in one program, so this server uses its own view.
interface CookieSessionRequest {
  session: Record<string, unknown> | null | undefined
}

const app = express()
app.use(
  cookieSession({
    name: COOKIE_NAME,
    keys: [SECRET],
    path: '/',
    maxAge: MAX_AGE * 1000,
    httpOnly: true,
    sameSite: 'lax',
  }),
)
app.get('/read-session', (req, res) => {
  const { session } = req as unknown as CookieSessionRequest
  res.type('text/plain').send(`foo=${session?.foo ?? '<nil>'}\n`)
})
app.get('/create-session', (req, res) => {
  ;(req as unknown as CookieSessionRequest).session = { foo: 'bar' }
  res.type('text/plain').send('created\n')
})
app.get('/update-session', (req, res) => {
  const session = (req as unknown as CookieSessionRequest).session ?? {}
  const counter = Number(session.counter ?? 0) + 1
  session.counter = counter
  res.type('text/plain').send(`counter=${counter}\n`)
})

const server = app.listen(readPort(), '127.0.0.1')
announceReady(server)
