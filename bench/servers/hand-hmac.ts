/**
 * Hand-written node:http server that does the least work a gorilla/securecookie cookie needs:
 * one HMAC-SHA256 over `name|timestamp|value` per read, with the cookie parsed by hand and JSON
 * as the serializer. Its throughput is the floor for a securecookie implementation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import { COOKIE_NAME, MAX_AGE, SECRET, announceReady, parseCookie, readPort } from './common.ts'

const PIPE = 0x7c

type SessionValues = Record<string, unknown>

// Go's base64.URLEncoding keeps the `=` padding, which Node's 'base64url' drops.
function base64UrlPadded(bytes: Buffer): string {
  return bytes.toString('base64').replaceAll('+', '-').replaceAll('/', '_')
}

function mac(name: string, timestamp: string, value: string): Buffer {
  return createHmac('sha256', SECRET).update(`${name}|${timestamp}|${value}`).digest()
}

function encode(name: string, values: SessionValues): string {
  const value = base64UrlPadded(Buffer.from(JSON.stringify(values)))
  const timestamp = String(Math.floor(Date.now() / 1000))
  const signed = Buffer.concat([Buffer.from(`${timestamp}|${value}|`), mac(name, timestamp, value)])
  return base64UrlPadded(signed)
}

function decode(name: string, cookie: string): SessionValues | undefined {
  // Node's base64 decoder accepts the URL alphabet and padding.
  const signed = Buffer.from(cookie, 'base64')
  const first = signed.indexOf(PIPE)
  const second = first < 0 ? -1 : signed.indexOf(PIPE, first + 1)
  if (second < 0) return undefined

  const timestamp = signed.subarray(0, first).toString('latin1')
  const value = signed.subarray(first + 1, second).toString('latin1')
  const expected = mac(name, timestamp, value)
  const actual = signed.subarray(second + 1)
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined

  const age = Math.floor(Date.now() / 1000) - Number(timestamp)
  if (!Number.isFinite(age) || age > MAX_AGE) return undefined
  try {
    return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as SessionValues
  } catch {
    return undefined
  }
}

function setSessionCookie(res: http.ServerResponse, values: SessionValues): void {
  const cookie = encode(COOKIE_NAME, values)
  res.setHeader('Set-Cookie', `${COOKIE_NAME}=${cookie}; Path=/; Max-Age=${MAX_AGE}; HttpOnly`)
}

const server = http.createServer((req, res) => {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  const cookie = parseCookie(req.headers.cookie, COOKIE_NAME)
  const values = (cookie && decode(COOKIE_NAME, cookie)) || {}

  if (req.url === '/read-session') {
    res.end(`foo=${values.foo ?? '<nil>'}\n`)
  } else if (req.url === '/create-session') {
    setSessionCookie(res, { foo: 'bar' })
    res.end('created\n')
  } else if (req.url === '/update-session') {
    const counter = Number(values.counter ?? 0) + 1
    setSessionCookie(res, { ...values, counter })
    res.end(`counter=${counter}\n`)
  } else {
    res.statusCode = 404
    res.end('not found\n')
  }
})

announceReady(server)
server.listen(readPort(), '127.0.0.1')
