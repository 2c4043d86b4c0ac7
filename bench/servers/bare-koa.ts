// Koa with no session: the ceiling for koa-session.
import http from 'node:http'
import Koa from 'koa'
import { READ_BODY, announceReady, readPort } from './common.ts'

const app = new Koa()
app.use(async (ctx) => {
  if (ctx.path === '/read-session') {
    ctx.body = READ_BODY
  } else if (ctx.path === '/create-session') {
    ctx.body = 'created\n'
  } else if (ctx.path === '/update-session') {
    ctx.body = 'counter=1\n'
  }
})

const server = http.createServer(app.callback())
announceReady(server)
server.listen(readPort(), '127.0.0.1')
