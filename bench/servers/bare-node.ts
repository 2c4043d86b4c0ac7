// node:http with no session: the ceiling for every node:http contender.
import http from 'node:http'
import { READ_BODY, announceReady, readPort } from './common.ts'

const server = http.createServer((req, res) => {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  if (req.url === '/read-session') {
    res.end(READ_BODY)
  } else if (req.url === '/create-session') {
    res.end('created\n')
  } else if (req.url === '/update-session') {
    res.end('counter=1\n')
  } else {
    res.statusCode = 404
    res.end('not found\n')
  }
})

announceReady(server)
server.listen(readPort(), '127.0.0.1')
