// React Router's createCookieSessionStorage on node:http: signed (not encrypted) JSON cookie.
import http from 'node:http'
import { createCookieSessionStorage } from 'react-router'
import { COOKIE_NAME, MAX_AGE, SECRET, announceReady, logRequestError, readPort } from './common.ts'

const { getSession, commitSession } = createCookieSessionStorage<{ foo: string; counter: number }>({
  cookie: {
    name: COOKIE_NAME,
    secrets: [SECRET],
    path: '/',
    maxAge: MAX_AGE,
    httpOnly: true,
    sameSite: 'lax',
  },
})

const server = http.createServer(async (req, res) => {
  try {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8')
    const session = await getSession(req.headers.cookie)
    if (req.url === '/read-session') {
      res.end(`foo=${session.get('foo') ?? '<nil>'}\n`)
    } else if (req.url === '/create-session') {
      session.set('foo', 'bar')
      res.setHeader('Set-Cookie', await commitSession(session))
      res.end('created\n')
    } else if (req.url === '/update-session') {
      const counter = (session.get('counter') ?? 0) + 1
      session.set('counter', counter)
      res.setHeader('Set-Cookie', await commitSession(session))
      res.end(`counter=${counter}\n`)
    } else {
      res.statusCode = 404
      res.end('not found\n')
    }
  } catch (error) {
    logRequestError('react-router', error)
    res.statusCode = 500
    res.end('internal error\n')
  }
})

announceReady(server)
server.listen(readPort(), '127.0.0.1')
