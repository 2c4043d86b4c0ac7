import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { cookieValues } from '../src/cookie/parse.ts'
import { resolveCookieOptions, type CookieOptions } from '../src/cookie/options.ts'
import { serializeSetCookie } from '../src/cookie/set-cookie.ts'

// sessions 1.4.0 output, recorded with the Go server's clock at Unix time 1796392386.
const goOutput = readFileSync(
  new URL('./fixtures/go-output/sessbehave-sessions-1.4.0.txt', import.meta.url),
  'utf8',
)
const goNow = 1796392386 * 1000

function goLine(label: string): string {
  const line = goOutput.split('\n').find((text) => text.startsWith(`${label}: `))
  assert.ok(line, `missing Go output line ${label}`)
  return line.slice(label.length + 2)
}

describe('Set-Cookie as Go writes it', () => {
  const value = goLine('Set-Cookie (defaults)').split(';')[0]!.slice('session='.length)
  const lax: CookieOptions = {
    path: '/',
    domain: '.example.com',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
  }
  const cases: [string, CookieOptions][] = [
    ['Set-Cookie (defaults)', { path: '/', maxAge: 2592000, secure: true, sameSite: 'none' }],
    ['Set-Cookie MaxAge=3600', { ...lax, maxAge: 3600 }],
    ['Set-Cookie MaxAge=0', { ...lax, maxAge: 0 }],
    ['Set-Cookie MaxAge=-1', { ...lax, maxAge: -1 }],
  ]
  for (const [label, options] of cases) {
    test(label, () => {
      const header = serializeSetCookie('session', value, resolveCookieOptions(options), goNow)
      assert.equal(header, goLine(label))
    })
  }

  test('filesystem deletion cookie', () => {
    const header = serializeSetCookie(
      'fsess',
      '',
      resolveCookieOptions({ path: '/', maxAge: -1 }),
      goNow,
    )
    assert.equal(header, 'fsess=; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0')
  })

  test('empty options give the bare pair', () => {
    assert.equal(serializeSetCookie('s', 'v', resolveCookieOptions({}), goNow), 's=v')
  })

  test('partitioned follows SameSite, then priority', () => {
    const options = resolveCookieOptions({
      path: '/',
      secure: true,
      sameSite: 'none',
      partitioned: true,
      priority: 'high',
    })
    assert.equal(
      serializeSetCookie('s', 'v', options, goNow),
      's=v; Path=/; Secure; SameSite=None; Partitioned; Priority=High',
    )
  })

  test('default SameSite sends no attribute', () => {
    const options = resolveCookieOptions({ sameSite: 'default' })
    assert.equal(serializeSetCookie('s', 'v', options, goNow), 's=v')
  })

  test('value sanitized like Go', () => {
    const options = resolveCookieOptions({})
    assert.equal(serializeSetCookie('s', 'a"b;c\\d', options, goNow), 's=abcd')
    assert.equal(serializeSetCookie('s', 'a b', options, goNow), 's="a b"')
  })
})

describe('cookie options validation', () => {
  const invalid: [string, CookieOptions, string?][] = [
    ['path with semicolon', { path: '/; Domain=evil.com' }],
    ['path with newline', { path: '/\r\nSet-Cookie: x=y' }],
    ['domain with semicolon', { domain: 'example.com; Secure' }],
    ['domain with space', { domain: 'exa mple.com' }],
    ['fractional maxAge', { maxAge: 1.5 }],
    ['huge maxAge', { maxAge: 2 ** 40 }],
    ['SameSite None without Secure', { sameSite: 'none' }],
    ['Partitioned without Secure', { partitioned: true }],
    ['unknown sameSite', { sameSite: 'Lax' as never }],
    ['unknown priority', { priority: 'urgent' as never }],
    ['non-boolean secure', { secure: 'yes' as never }],
    ['__Secure- without secure', {}, '__Secure-session'],
    ['__Host- with domain', { secure: true, path: '/', domain: 'example.com' }, '__Host-session'],
    ['__Host- with other path', { secure: true, path: '/app' }, '__Host-session'],
    ['__Host- without secure', { path: '/' }, '__Host-session'],
  ]
  for (const [label, options, name] of invalid) {
    test(`rejects ${label}`, () => {
      assert.throws(() => resolveCookieOptions(options, name), TypeError)
    })
  }

  test('accepts valid prefixed cookies', () => {
    assert.doesNotThrow(() => resolveCookieOptions({ secure: true, path: '/' }, '__Host-s'))
    assert.doesNotThrow(() => resolveCookieOptions({ secure: true }, '__Secure-s'))
  })

  test('accepts IPv4 domain and leading dot', () => {
    assert.equal(resolveCookieOptions({ domain: '127.0.0.1' }).domain, '127.0.0.1')
    assert.equal(resolveCookieOptions({ domain: '.example.com' }).domain, '.example.com')
  })
})

describe('Cookie header parsing', () => {
  test('returns every value of the name in order', () => {
    assert.deepEqual(cookieValues('a=1; session=x; b=2; session=y', 'session'), ['x', 'y'])
  })

  test('strips surrounding quotes', () => {
    assert.deepEqual(cookieValues('session="abc"', 'session'), ['abc'])
  })

  test('skips values with invalid bytes', () => {
    assert.deepEqual(cookieValues('session=a\\b; session=ok', 'session'), ['ok'])
    assert.deepEqual(cookieValues('session="a"b"', 'session'), [])
  })

  test('ignores names that only share a prefix', () => {
    assert.deepEqual(cookieValues('session2=x; xsession=y', 'session'), [])
  })

  test('handles missing header and odd spacing', () => {
    assert.deepEqual(cookieValues(undefined, 'session'), [])
    assert.deepEqual(cookieValues('', 'session'), [])
    assert.deepEqual(cookieValues(';;  session=v ;', 'session'), ['v'])
    assert.deepEqual(cookieValues('session = v', 'session'), [])
    assert.deepEqual(cookieValues('session', 'session'), [''])
  })

  test('keeps empty values', () => {
    assert.deepEqual(cookieValues('session=', 'session'), [''])
  })

  test('trims what Go trims', () => {
    assert.deepEqual(cookieValues('a=1;\t session=v\t ', 'session'), ['v'])
    assert.deepEqual(cookieValues('\r\nsession=v', 'session'), ['v'])
    // Go's textproto.TrimString leaves vertical tab, form feed and NBSP, so these pairs are
    // named "\vsession" and so on, and a trailing one makes the value invalid.
    assert.deepEqual(cookieValues('\vsession=v; \u00a0session=w', 'session'), [])
    assert.deepEqual(cookieValues('session=v\f', 'session'), [])
  })

  test('accepts the bytes Go accepts', () => {
    assert.deepEqual(cookieValues('session=a b,c', 'session'), ['a b,c'])
    assert.deepEqual(cookieValues('session=a\u007fb; session=a\u00e9', 'session'), [])
    assert.deepEqual(cookieValues('session=a\u0001b', 'session'), [])
  })

  test('pair without "=" has empty value', () => {
    // Go's readCookies reads such a pair as the name with an empty value.
    assert.deepEqual(cookieValues('s=1; s', 's'), ['1', ''])
    assert.deepEqual(cookieValues(' s ;a=1', 's'), [''])
    assert.deepEqual(cookieValues('a; b; s=x', 's'), ['x'])
    assert.deepEqual(cookieValues('sx; xs', 's'), [])
  })

  test('matches a name at the end of a longer one', () => {
    assert.deepEqual(cookieValues('my-session=x; session=y', 'session'), ['y'])
    assert.deepEqual(cookieValues('sess=x; session=y', 'sess'), ['x'])
  })

  test('caps duplicates at eight', () => {
    const header = Array.from({ length: 50 }, (_, index) => `session=v${index}`).join('; ')
    assert.equal(cookieValues(header, 'session').length, 8)
  })
})
