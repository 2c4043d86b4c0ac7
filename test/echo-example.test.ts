import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createEchoExample, type EchoExampleConfig } from '../examples/echo-app.ts'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function get(port: number, path: string, cookie?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = cookie === undefined ? {} : { cookie }
    const request = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () =>
        resolve({ status: response.statusCode!, headers: response.headers, body }),
      )
    })
    request.on('error', reject)
    request.end()
  })
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

// Echo's output for the documented curl session: cookie recorded at Unix time 1796392386.
const goOutput = readFileSync(
  new URL('./fixtures/go-output/echoexample.txt', import.meta.url),
  'utf8',
)
const goCookie = /Set-Cookie: (session=[^;]+)/.exec(goOutput)![1]!
const goTime = 1796392386 * 1000

const setCookiePattern =
  /^session=[A-Za-z0-9_-]+=*; Path=\/; Expires=(\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT); Max-Age=604800; HttpOnly$/

for (const store of ['cookie', 'filesystem', 'memory'] as const) {
  describe(`echo example with ${store} store`, () => {
    let server: Server
    let port: number
    const logs: string[] = []
    const dir = mkdtempSync(join(tmpdir(), 'tessera-echo-test-'))

    before(async () => {
      const config: EchoExampleConfig = {
        store,
        keys: { hashKey: 'secret' },
        dir,
        log: (line) => logs.push(line),
      }
      server = createEchoExample(config)
      port = await listen(server)
    })

    after(() => {
      server.close()
      rmSync(dir, { recursive: true, force: true })
    })

    test('read without cookie prints nil', async () => {
      const reply = await get(port, '/read-session')
      assert.equal(reply.status, 200)
      assert.equal(reply.headers['content-type'], 'text/plain; charset=UTF-8')
      assert.equal(reply.headers['content-length'], '10')
      assert.equal(reply.body, 'foo=<nil>\n')
      assert.equal(reply.headers['set-cookie'], undefined)
    })

    test('create, then read with the cookie', async () => {
      const before = Date.now()
      const created = await get(port, '/create-session')
      assert.equal(created.status, 200)
      assert.equal(created.body, '')
      assert.equal(created.headers['content-length'], '0')
      assert.equal(created.headers['content-type'], undefined)
      const setCookie = created.headers['set-cookie']
      assert.equal(setCookie?.length, 1)
      const match = setCookiePattern.exec(setCookie![0]!)
      assert.ok(match, setCookie![0])
      const expires = Date.parse(match[1]!)
      assert.ok(Math.abs(expires - (before + 604800 * 1000)) < 5000)

      const read = await get(port, '/read-session', setCookie![0]!.split(';')[0])
      assert.equal(read.status, 200)
      assert.equal(read.headers['content-type'], 'text/plain; charset=UTF-8')
      assert.equal(read.headers['content-length'], '8')
      assert.equal(read.body, 'foo=bar\n')
      assert.equal(read.headers['set-cookie'], undefined)
      if (store === 'filesystem')
        assert.equal(readdirSync(dir).filter((f) => f.startsWith('session_')).length, 1)
    })

    test('bad cookies give a fresh session, not a 500', async () => {
      for (const cookie of [
        'session=garbage',
        'session=',
        'session="%%%"',
        `session=${'A'.repeat(5000)}`,
      ]) {
        const reply = await get(port, '/read-session', cookie)
        assert.equal(reply.status, 200, cookie.slice(0, 20))
        assert.equal(reply.body, 'foo=<nil>\n')
      }
      assert.ok(logs.some((line) => line.includes('ERR_BASE64_INVALID')))
      assert.ok(logs.every((line) => !line.includes('garbage')))
    })

    test('unknown route and method answer like Echo', async () => {
      const missing = await get(port, '/nope')
      assert.equal(missing.status, 404)
      assert.equal(missing.headers['content-type'], 'application/json; charset=UTF-8')
      assert.equal(missing.body, '{"message":"Not Found"}\n')
    })
  })
}

describe('echo example reads a Go cookie', () => {
  test('cookie set by Go Echo is accepted', async () => {
    const server = createEchoExample({
      store: 'cookie',
      keys: { hashKey: 'secret' },
      dir: tmpdir(),
      log: () => {},
      clock: () => goTime + 1000,
    })
    const port = await listen(server)
    try {
      const reply = await get(port, '/read-session', goCookie)
      assert.equal(reply.body, 'foo=bar\n')
    } finally {
      server.close()
    }
  })
})

describe('npm start entry point', () => {
  test('serves on PORT and warns about the development key', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/echo.ts'], {
      cwd: new URL('..', import.meta.url),
      env: { ...process.env, PORT: '0', SESSION_HASH_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      let stderr = ''
      child.stderr.on('data', (chunk) => (stderr += chunk))
      const port = await new Promise<number>((resolve, reject) => {
        let stdout = ''
        child.stdout.on('data', (chunk) => {
          stdout += chunk
          const match = /localhost:(\d+)/.exec(stdout)
          if (match) resolve(Number(match[1]))
        })
        child.on('exit', (code) => reject(new Error(`example exited with ${code}: ${stderr}`)))
      })
      const reply = await get(port, '/read-session')
      assert.equal(reply.body, 'foo=<nil>\n')
      assert.match(stderr, /SESSION_HASH_KEY is not set/)
    } finally {
      child.kill('SIGTERM')
    }
  })

  test('invalid SESSION_STORE exits with a message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/echo.ts'], {
      cwd: new URL('..', import.meta.url),
      env: { ...process.env, PORT: '0', SESSION_STORE: 'redis-ish' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const code = await new Promise((resolve) => child.on('exit', resolve))
    assert.equal(code, 2)
    assert.match(stderr, /Invalid SESSION_STORE/)
  })
})
