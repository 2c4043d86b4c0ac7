import assert from 'node:assert/strict'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { CookieStore } from '../src/stores/cookie-store.ts'
import { createSessions } from '../src/node/index.ts'

function get(port: number, path: string, cookie?: string) {
  return new Promise<{ status: number; setCookie: string[]; body: string }>((resolve, reject) => {
    const headers = cookie === undefined ? {} : { cookie }
    const request = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () =>
        resolve({
          status: response.statusCode!,
          setCookie: response.headers['set-cookie'] ?? [],
          body,
        }),
      )
    })
    request.on('error', reject)
    request.end()
  })
}

describe('node:http integration', () => {
  const store = new CookieStore({ keys: { hashKey: 'node-test-key' }, cookie: { secure: false } })
  const sessions = createSessions(store)
  let server: Server
  let port: number
  let lateSave: Promise<string> | undefined

  before(async () => {
    server = createServer(async (req, res) => {
      try {
        const session = await sessions.get(req, res, 'session')
        if (req.url === '/twice') {
          res.setHeader('Set-Cookie', 'theme=dark')
          session.set('n', 1)
          await session.save()
          session.set('n', 2)
          await session.save()
          res.end('ok')
        } else if (req.url === '/two-sessions') {
          const other = await sessions.get(req, res, 'prefs')
          session.set('user', 'alice')
          other.set('lang', 'en')
          await sessions.saveAll(req, res)
          res.end('ok')
        } else if (req.url === '/late') {
          res.end('body first')
          lateSave = session.save().then(
            () => 'saved',
            (error: { code?: string }) => error.code ?? 'unknown',
          )
        } else {
          res.end(`n=${session.get('n') ?? ''}; user=${session.get('user') ?? ''}`)
        }
      } catch (error) {
        res.statusCode = 500
        res.end(String(error))
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })

  after(() => server.close())

  test('saving twice sends one cookie and keeps others', async () => {
    const reply = await get(port, '/twice')
    assert.equal(reply.setCookie.length, 2)
    assert.equal(reply.setCookie[0], 'theme=dark')
    const read = await get(port, '/', reply.setCookie[1]!.split(';')[0])
    assert.equal(read.body, 'n=2; user=')
  })

  test('saveAll sends every session', async () => {
    const reply = await get(port, '/two-sessions')
    assert.equal(reply.setCookie.length, 2)
    assert.ok(reply.setCookie.some((header) => header.startsWith('session=')))
    assert.ok(reply.setCookie.some((header) => header.startsWith('prefs=')))
  })

  test('save after the body is refused', async () => {
    const reply = await get(port, '/late')
    assert.equal(reply.body, 'body first')
    assert.equal(reply.setCookie.length, 0)
    assert.equal(await lateSave, 'ERR_HEADERS_SENT')
  })

  test('createSessions without a store throws', () => {
    assert.throws(() => createSessions(undefined as never), TypeError)
  })
})
