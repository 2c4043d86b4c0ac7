// tessera's Echo example (examples/echo.ts) against the same example served by Go (the peer's
// `echo` command: Echo 4.2.1 with gorilla/sessions 1.2.1), response by response over sockets.
//
// Compared per response: the status line, Content-Type or its absence, Content-Length, the
// body, and each Set-Cookie's name and attributes in order with their values, except the
// cookie value and Expires, which are checked against the time of the request instead.
//
// Not compared, but every comparison asserts that these are the only header names that differ:
// - `Connection: keep-alive` and `Keep-Alive: timeout=5`, which Node adds and Go leaves out;
// - `Allow: GET` on tessera's 405 responses (HTTP requires it), which Echo 4.2.1 does not send.
// Also not compared: `Date`, the order of the header lines and the case of header names. Go
// sorts the handler's headers and writes Date and Content-Length last, while Node writes them in
// the order they were set. tessera writes `set-cookie` where Go writes `Set-Cookie`.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  goEncode,
  peerPath,
  preparePeer,
  repoDir,
  run,
  startServer,
  type RunningServer,
} from './peer.ts'

const skip = await preparePeer()

const curlMissing = spawnSync('curl', ['--version']).error !== undefined
const curlSkip = curlMissing
  ? 'curl is not installed, so the comparison through curl is skipped'
  : false

const weekMs = 7 * 86400 * 1000
/** Allowed distance of Expires from request time + 7 days, for slow machines. */
const expiresToleranceMs = 5000
const httpDatePattern =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/

interface ServerConfig {
  readonly name: string
  /** Keys in the text form that the peer's flags and the example's environment take. */
  readonly hashKey: string
  readonly blockKey?: string
}

const configs: readonly ServerConfig[] = [
  // Echo's documentation signs with the key "secret" and does not encrypt.
  { name: 'HMAC only', hashKey: 'secret' },
  { name: 'AES-256', hashKey: `hex:${'3c'.repeat(32)}`, blockKey: `hex:${'a1'.repeat(32)}` },
]

/** One HTTP response as it came over the socket. */
interface RawResponse {
  /** For example `HTTP/1.1 200 OK`. */
  readonly statusLine: string
  readonly status: number
  /** Header lines in the order received, names in the case received. */
  readonly headers: readonly (readonly [string, string])[]
  readonly body: string
}

/** A request and its response, with the time it was sent in milliseconds. */
interface Exchange {
  readonly request: string
  readonly sentAt: number
  readonly response: RawResponse
}

function parseHead(head: string): Omit<RawResponse, 'body'> {
  const [statusLine = '', ...lines] = head.split('\r\n')
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine)
  assert.ok(match, `unexpected status line: ${JSON.stringify(statusLine)}`)
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':')
    assert.ok(colon > 0, `malformed header line: ${JSON.stringify(line)}`)
    return [line.slice(0, colon), line.slice(colon + 1).trim()]
  })
  return { statusLine, status: Number(match[1]), headers }
}

function headerValues(response: RawResponse, name: string): string[] {
  const lower = name.toLowerCase()
  return response.headers.filter(([key]) => key.toLowerCase() === lower).map(([, value]) => value)
}

/**
 * Sends one request the way curl does (HTTP/1.1, keep-alive, no Connection header) on a new
 * connection to 127.0.0.1 and reads one response. Both servers send a Content-Length for
 * every response here except to HEAD, so the body ends there and the socket is closed.
 */
function sendRequest(
  base: string,
  method: string,
  path: string,
  cookie?: string,
): Promise<RawResponse> {
  const url = new URL(base)
  const lines = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${url.host}`,
    'User-Agent: tessera-interop-test',
    'Accept: */*',
  ]
  if (cookie !== undefined) lines.push(`Cookie: ${cookie}`)
  const request = `${lines.join('\r\n')}\r\n\r\n`

  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) })
    let received = Buffer.alloc(0)
    const fail = (error: Error) => {
      socket.destroy()
      reject(error)
    }
    socket.setTimeout(10_000, () => fail(new Error(`${method} ${path} timed out`)))
    socket.on('error', fail)
    socket.on('close', () => fail(new Error(`${method} ${path}: connection closed early`)))
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const end = received.indexOf('\r\n\r\n')
      if (end < 0) return
      const head = parseHead(received.subarray(0, end).toString('latin1'))
      const bodyBytes = received.subarray(end + 4)
      let length = 0
      if (method !== 'HEAD') {
        const [contentLength] = headerValues({ ...head, body: '' }, 'content-length')
        if (contentLength === undefined) {
          return fail(new Error(`${method} ${path}: response without Content-Length`))
        }
        length = Number(contentLength)
      }
      if (bodyBytes.length < length) return
      socket.removeAllListeners('close')
      socket.destroy()
      resolve({ ...head, body: bodyBytes.subarray(0, length).toString('utf8') })
    })
    socket.write(request)
  })
}

async function exchange(
  base: string,
  method: string,
  path: string,
  cookie?: string,
): Promise<Exchange> {
  const sentAt = Date.now()
  const response = await sendRequest(base, method, path, cookie)
  const label = cookie === undefined ? `${method} ${path}` : `${method} ${path} with a cookie`
  return { request: label, sentAt, response }
}

/**
 * Describes a Set-Cookie header without its cookie value and Expires date, after checking
 * that Expires is an HTTP date 7 days after the request.
 */
function cookieShape(header: string, sentAt: number, context: string): string[] {
  const [pair = '', ...attributes] = header.split('; ')
  const equals = pair.indexOf('=')
  assert.ok(equals > 0, `${context}: no cookie name in ${JSON.stringify(header)}`)
  const shape = [`${pair.slice(0, equals)}=<value>`]
  for (const attribute of attributes) {
    if (!attribute.startsWith('Expires=')) {
      shape.push(attribute)
      continue
    }
    const expires = attribute.slice('Expires='.length)
    assert.match(expires, httpDatePattern, `${context}: Expires format`)
    assert.equal(
      new Date(expires).toUTCString(),
      expires,
      `${context}: Expires is not a valid date`,
    )
    const offset = Date.parse(expires) - (sentAt + weekMs)
    assert.ok(
      Math.abs(offset) <= expiresToleranceMs,
      `${context}: Expires ${expires} is ${offset} ms away from 7 days after the request`,
    )
    shape.push('Expires=<now + 7 days>')
  }
  return shape
}

function headerNames(response: RawResponse): Set<string> {
  return new Set(response.headers.map(([name]) => name.toLowerCase()))
}

// The header names that only tessera sends, as listed at the top of this file.
function expectedExtraHeaders(response: RawResponse): string[] {
  const extra = ['connection', 'keep-alive']
  if (response.status === 405) extra.push('allow')
  return extra.sort()
}

/** Asserts that tessera's response matches Go's in every compared field. */
function assertSameResponse(go: Exchange, tessera: Exchange): void {
  const step = go.request
  assert.equal(tessera.response.statusLine, go.response.statusLine, `${step}: status line`)
  assert.deepEqual(
    headerValues(tessera.response, 'content-type'),
    headerValues(go.response, 'content-type'),
    `${step}: Content-Type`,
  )
  assert.deepEqual(
    headerValues(tessera.response, 'content-length'),
    headerValues(go.response, 'content-length'),
    `${step}: Content-Length`,
  )
  assert.equal(tessera.response.body, go.response.body, `${step}: body`)

  const goCookies = headerValues(go.response, 'set-cookie')
  const tesseraCookies = headerValues(tessera.response, 'set-cookie')
  assert.equal(tesseraCookies.length, goCookies.length, `${step}: number of Set-Cookie headers`)
  assert.deepEqual(
    tesseraCookies.map((header) => cookieShape(header, tessera.sentAt, `${step} on tessera`)),
    goCookies.map((header) => cookieShape(header, go.sentAt, `${step} on Go`)),
    `${step}: Set-Cookie attributes`,
  )

  const goNames = headerNames(go.response)
  const tesseraNames = headerNames(tessera.response)
  const onlyGo = [...goNames].filter((name) => !tesseraNames.has(name)).sort()
  const onlyTessera = [...tesseraNames].filter((name) => !goNames.has(name)).sort()
  assert.deepEqual(onlyGo, [], `${step}: headers that only Go sends`)
  assert.deepEqual(
    onlyTessera,
    expectedExtraHeaders(tessera.response),
    `${step}: headers that only tessera sends`,
  )
}

/** Extracts the `session=…` pair from the only Set-Cookie header of a response. */
function sessionCookie(response: RawResponse, context: string): string {
  const cookies = headerValues(response, 'set-cookie')
  assert.equal(cookies.length, 1, `${context}: expected one Set-Cookie header`)
  const pair = cookies[0]!.split(';', 1)[0]!
  assert.match(pair, /^session=[A-Za-z0-9_=-]+$/, `${context}: session cookie`)
  return pair
}

/** Changes one character in the middle of a cookie value, which breaks its MAC. */
function tamper(pair: string): string {
  const middle = Math.floor((pair.length + 'session='.length) / 2)
  const replacement = pair[middle] === 'A' ? 'B' : 'A'
  return `${pair.slice(0, middle)}${replacement}${pair.slice(middle + 1)}`
}

/**
 * Runs curl with cookie-jar options and parses its `--include` output. `-q` ignores any
 * .curlrc and `--noproxy '*'` keeps proxy settings from the environment away from loopback.
 */
async function curl(base: string, path: string, jarOptions: readonly string[]): Promise<Exchange> {
  const sentAt = Date.now()
  const result = await run('curl', [
    '-q',
    '--silent',
    '--show-error',
    '--include',
    '--noproxy',
    '*',
    ...jarOptions,
    `${base}${path}`,
  ])
  assert.equal(result.code, 0, `curl ${path} failed: ${result.stderr}`)
  const end = result.stdout.indexOf('\r\n\r\n')
  assert.ok(end >= 0, `curl ${path}: no header block in ${JSON.stringify(result.stdout)}`)
  const head = parseHead(result.stdout.slice(0, end))
  const response = { ...head, body: result.stdout.slice(end + 4) }
  // Names the jar cookies.txt, as Echo's documentation does, in failure messages.
  const options = jarOptions.map((option) => (option.startsWith('-') ? option : 'cookies.txt'))
  const label = ['curl', ...options, path].join(' ')
  return { request: label, sentAt, response }
}

for (const config of configs) {
  describe(`Echo example compared with Go Echo: ${config.name}`, { skip }, () => {
    let go: RunningServer | undefined
    let example: RunningServer | undefined

    before(async () => {
      const keyFlags = ['--hash-key', config.hashKey]
      if (config.blockKey !== undefined) keyFlags.push('--block-key', config.blockKey)
      go = await startServer({
        command: peerPath,
        args: ['echo', '--addr', '127.0.0.1:0', ...keyFlags],
      })

      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: '0',
        SESSION_STORE: 'cookie',
        SESSION_HASH_KEY: config.hashKey,
      }
      delete env['SESSION_BLOCK_KEY']
      if (config.blockKey !== undefined) env['SESSION_BLOCK_KEY'] = config.blockKey
      // NOTE: examples/echo.ts listens on every interface, like Echo's `e.Start(":8080")`,
      // and has no setting for the host. The tests send requests to 127.0.0.1 only.
      example = await startServer({
        command: process.execPath,
        args: ['--import', 'tsx', join(repoDir, 'examples', 'echo.ts')],
        env,
        listening: /listening on http:\/\/localhost:(\d+)/,
      })
    })

    after(async () => {
      await Promise.all([go?.stop(), example?.stop()])
    })

    test('documented curl session matches', async () => {
      const goRead = await exchange(go!.url, 'GET', '/read-session')
      const tesseraRead = await exchange(example!.url, 'GET', '/read-session')
      assert.equal(goRead.response.status, 200, go!.output())
      assert.equal(goRead.response.body, 'foo=<nil>\n')
      assertSameResponse(goRead, tesseraRead)

      const goCreate = await exchange(go!.url, 'GET', '/create-session')
      const tesseraCreate = await exchange(example!.url, 'GET', '/create-session')
      assert.equal(goCreate.response.status, 200, go!.output())
      assert.equal(goCreate.response.body, '')
      assertSameResponse(goCreate, tesseraCreate)

      const goCookie = sessionCookie(goCreate.response, 'Go create-session')
      const tesseraCookie = sessionCookie(tesseraCreate.response, 'tessera create-session')
      const goReadAgain = await exchange(go!.url, 'GET', '/read-session', goCookie)
      const tesseraReadAgain = await exchange(example!.url, 'GET', '/read-session', tesseraCookie)
      assert.equal(goReadAgain.response.status, 200, go!.output())
      assert.equal(goReadAgain.response.body, 'foo=bar\n')
      assertSameResponse(goReadAgain, tesseraReadAgain)
    })

    test('Go cookie is accepted by the example', async () => {
      const created = await sendRequest(go!.url, 'GET', '/create-session')
      const cookie = sessionCookie(created, 'Go create-session')

      const goRead = await exchange(go!.url, 'GET', '/read-session', cookie)
      const tesseraRead = await exchange(example!.url, 'GET', '/read-session', cookie)
      assert.equal(tesseraRead.response.status, 200, example!.output())
      assert.equal(tesseraRead.response.body, 'foo=bar\n')
      assertSameResponse(goRead, tesseraRead)
    })

    test('example cookie is accepted by Go', async () => {
      const created = await sendRequest(example!.url, 'GET', '/create-session')
      const cookie = sessionCookie(created, 'tessera create-session')

      const goRead = await exchange(go!.url, 'GET', '/read-session', cookie)
      const tesseraRead = await exchange(example!.url, 'GET', '/read-session', cookie)
      assert.equal(goRead.response.status, 200, go!.output())
      assert.equal(goRead.response.body, 'foo=bar\n')
      assertSameResponse(goRead, tesseraRead)
    })

    test('rejected cookie: Echo 500, example fresh session', async () => {
      const created = await sendRequest(go!.url, 'GET', '/create-session')
      const valid = sessionCookie(created, 'Go create-session')
      const otherKeys = await goEncode({ keys: [{ hashKey: 'another hash key' }] }, [
        { key: { type: 'string', value: 'foo' }, value: { type: 'string', value: 'bar' } },
      ])
      const cases = [
        { name: 'garbage', cookie: 'session=garbage' },
        { name: 'empty value', cookie: 'session=' },
        { name: 'tampered MAC', cookie: tamper(valid) },
        { name: 'other hash key', cookie: `session=${otherKeys}` },
      ]

      for (const { name, cookie } of cases) {
        const goRead = await sendRequest(go!.url, 'GET', '/read-session', cookie)
        assert.equal(goRead.statusLine, 'HTTP/1.1 500 Internal Server Error', `Go, ${name}`)
        assert.deepEqual(headerValues(goRead, 'content-type'), ['application/json; charset=UTF-8'])
        assert.deepEqual(headerValues(goRead, 'content-length'), ['36'], `Go, ${name}`)
        assert.equal(goRead.body, '{"message":"Internal Server Error"}\n', `Go, ${name}`)
        assert.deepEqual(headerValues(goRead, 'set-cookie'), [], `Go, ${name}`)

        const tesseraRead = await sendRequest(example!.url, 'GET', '/read-session', cookie)
        assert.equal(tesseraRead.statusLine, 'HTTP/1.1 200 OK', `tessera, ${name}`)
        assert.deepEqual(headerValues(tesseraRead, 'content-type'), ['text/plain; charset=UTF-8'])
        assert.deepEqual(headerValues(tesseraRead, 'content-length'), ['10'], `tessera, ${name}`)
        assert.equal(tesseraRead.body, 'foo=<nil>\n', `tessera, ${name}`)
        assert.deepEqual(headerValues(tesseraRead, 'set-cookie'), [], `tessera, ${name}`)
      }
    })

    test('unknown route matches', async () => {
      const goMissing = await exchange(go!.url, 'GET', '/nope')
      const tesseraMissing = await exchange(example!.url, 'GET', '/nope')
      assert.equal(goMissing.response.statusLine, 'HTTP/1.1 404 Not Found')
      assert.deepEqual(headerValues(goMissing.response, 'content-type'), [
        'application/json; charset=UTF-8',
      ])
      assert.equal(goMissing.response.body, '{"message":"Not Found"}\n')
      assertSameResponse(goMissing, tesseraMissing)
    })

    test('other methods match', async () => {
      const requests = [
        ['POST', '/read-session'],
        ['PUT', '/create-session'],
        ['OPTIONS', '/read-session'],
        ['HEAD', '/read-session'],
        ['HEAD', '/nope'],
      ] as const
      for (const [method, path] of requests) {
        const goReply = await exchange(go!.url, method, path)
        const tesseraReply = await exchange(example!.url, method, path)
        assertSameResponse(goReply, tesseraReply)
      }
    })

    test('curl session matches', { skip: curlSkip }, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'tessera-echo-curl-'))
      try {
        const goJar = join(dir, 'cookies-go.txt')
        const tesseraJar = join(dir, 'cookies-tessera.txt')
        // As in Echo's documentation: no jar, then -c to store the cookie, then -b to send it.
        const steps: readonly [string, (jar: string) => string[]][] = [
          ['/read-session', () => []],
          ['/create-session', (jar) => ['-c', jar]],
          ['/read-session', (jar) => ['-b', jar]],
        ]
        const expectedBodies = ['foo=<nil>\n', '', 'foo=bar\n']
        for (const [index, [path, jarOptions]] of steps.entries()) {
          const goReply = await curl(go!.url, path, jarOptions(goJar))
          const tesseraReply = await curl(example!.url, path, jarOptions(tesseraJar))
          assert.equal(goReply.response.body, expectedBodies[index], `Go, ${goReply.request}`)
          assertSameResponse(goReply, tesseraReply)
        }
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    })
  })
}
