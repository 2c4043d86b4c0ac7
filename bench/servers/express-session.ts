// express-session with its built-in MemoryStore: the cookie carries a signed session id.
import express from 'express'
import session from 'express-session'
import { COOKIE_NAME, MAX_AGE, SECRET, announceReady, readPort } from './common.ts'

declare module 'express-session' {
  interface SessionData {
    foo: string
    counter: number
  }
}

const app = express()
app.use(
  session({
    name: COOKIE_NAME,
    secret: SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { path: '/', maxAge: MAX_AGE * 1000, httpOnly: true, sameSite: 'lax' },
  }),
)
app.get('/read-session', (req, res) => {
  res.type('text/plain').send(`foo=${req.session.foo ?? '<nil>'}\n`)
})
app.get('/create-session', (req, res) => {
  req.session.foo = 'bar'
  res.type('text/plain').send('created\n')
})
app.get('/update-session', (req, res) => {
  const counter = (req.session.counter ?? 0) + 1
  req.session.counter = counter
  res.type('text/plain').send(`counter=${counter}\n`)
})

const server = app.listen(readPort(), '127.0.0.1')
announceReady(server)
