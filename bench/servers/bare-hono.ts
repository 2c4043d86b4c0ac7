// Hono on @hono/node-server with no session: the ceiling for hono-sessions.
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { READ_BODY, announceReady, readPort } from './common.ts'

const app = new Hono()
app.get('/read-session', (c) => c.text(READ_BODY))
app.get('/create-session', (c) => c.text('created\n'))
app.get('/update-session', (c) => c.text('counter=1\n'))

const server = serve({ fetch: app.fetch, port: readPort(), hostname: '127.0.0.1' }) as Server
announceReady(server)
