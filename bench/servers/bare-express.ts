// Express with no session: the ceiling for express-session and cookie-session.
import express from 'express'
import { READ_BODY, announceReady, readPort } from './common.ts'

const app = express()
app.get('/read-session', (_req, res) => {
  res.type('text/plain').send(READ_BODY)
})
app.get('/create-session', (_req, res) => {
  res.type('text/plain').send('created\n')
})
app.get('/update-session', (_req, res) => {
  res.type('text/plain').send('counter=1\n')
})

const server = app.listen(readPort(), '127.0.0.1')
announceReady(server)
