// @fastify/secure-session: the session is sealed with libsodium's crypto_secretbox.
import { createHash } from 'node:crypto'
import fastifySecureSession from '@fastify/secure-session'
import Fastify from 'fastify'
import { COOKIE_NAME, MAX_AGE, SECRET, announceReady, readPort } from './common.ts'

declare module '@fastify/secure-session' {
  interface SessionData {
    foo: string
    counter: number
  }
}

const app = Fastify({ logger: false })
// A raw 32-byte key skips the Argon2 key derivation that a `secret` option runs at start-up.
await app.register(fastifySecureSession, {
  key: createHash('sha256').update(SECRET).digest(),
  cookieName: COOKIE_NAME,
  expiry: MAX_AGE,
  cookie: { path: '/', httpOnly: true, sameSite: 'lax', maxAge: MAX_AGE },
})
app.get('/read-session', async (request, reply) =>
  reply.type('text/plain').send(`foo=${request.session.get('foo') ?? '<nil>'}\n`),
)
app.get('/create-session', async (request, reply) => {
  request.session.set('foo', 'bar')
  return reply.type('text/plain').send('created\n')
})
app.get('/update-session', async (request, reply) => {
  const counter = (request.session.get('counter') ?? 0) + 1
  request.session.set('counter', counter)
  return reply.type('text/plain').send(`counter=${counter}\n`)
})

await app.ready()
announceReady(app.server)
await app.listen({ port: readPort(), host: '127.0.0.1' })
