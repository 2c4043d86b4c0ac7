// koa-session with its default cookie store: base64 JSON, signed by keygrip in a `.sig` cookie.
import http from 'node:http'
import Koa from 'koa'
import session from 'koa-session'
import { COOKIE_NAME, MAX_AGE, SECRET, announceReady, readPort } from './common.ts'

const app = new Koa()
app.keys = [SECRET]
app.use(
  session(
    { key: COOKIE_NAME, maxAge: MAX_AGE * 1000, httpOnly: true, signed: true, sameSite: 'lax' },
    app,
  ),
)
app.use(async (ctx) => {
  const values = ctx.session
  if (!values) throw new Error('koa-session did not attach ctx.session')
  if (ctx.path === '/read-session') {
    ctx.body = `foo=${values.foo ?? '<nil>'}\n`
  } else if (ctx.path === '/create-session') {
    values.foo = 'bar'
    ctx.body = 'created\n'
  } else if (ctx.path === '/update-session') {
    const counter = Number(values.counter ?? 0) + 1
    values.counter = counter
    ctx.body = `counter=${counter}\n`
  }
})

const server = http.createServer(app.callback())
announceReady(server)
server.listen(readPort(), '127.0.0.1')
