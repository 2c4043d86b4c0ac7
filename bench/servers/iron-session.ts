// iron-session 8 on node:http: the session is sealed with Iron (AES-256-CBC + HMAC-SHA256).
import http from 'node:http'
import { getIronSession } from 'iron-session'
import { COOKIE_NAME, MAX_AGE, SECRET, announceReady, logRequestError, readPort } from './common.ts'

interface SessionData {
  foo?: string
  counter?: number
}

const options = {
  password: SECRET,
  cookieName: COOKIE_NAME,
  ttl: MAX_AGE,
  cookieOptions: { path: '/', httpOnly: true, secure: false, sameSite: 'lax' as const },
}

const server = http.createServer(async (req, res) => {
  try {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8')
    const session = await getIronSession<SessionData>(req, res, options)
    if (req.url === '/read-session') {
      res.end(`foo=${session.foo ?? '<nil>'}\n`)
    } else if (req.url === '/create-session') {
      session.foo = 'bar'
      await session.save()
      res.end('created\n')
    } else if (req.url === '/update-session') {
      const counter = (session.counter ?? 0) + 1
      session.counter = counter
      await session.save()
      res.end(`counter=${counter}\n`)
    } else {
      res.statusCode = 404
      res.end('not found\n')
    }
  } catch (error) {
    logRequestError('iron-session', error)
    res.statusCode = 500
    res.end('internal error\n')
  }
})

announceReady(server)
server.listen(readPort(), '127.0.0.1')
