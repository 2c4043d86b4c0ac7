// Fastify with no session: the ceiling for @fastify/secure-session.
import Fastify from 'fastify'
import { READ_BODY, announceReady, readPort } from './common.ts'

const app = Fastify({ logger: false })
app.get('/read-session', async (_request, reply) => reply.type('text/plain').send(READ_BODY))
app.get('/create-session', async (_request, reply) => reply.type('text/plain').send('created\n'))
app.get('/update-session', async (_request, reply) => reply.type('text/plain').send('counter=1\n'))

await app.ready()
announceReady(app.server)
await app.listen({ port: readPort(), host: '127.0.0.1' })
