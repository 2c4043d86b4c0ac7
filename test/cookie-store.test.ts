import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { CookieError } from '../src/errors.ts'
import { CookieStore } from '../src/stores/cookie-store.ts'
import { cookiePair, cookieValue, fakeRequest } from './helpers.ts'

const keys = { hashKey: 'cookie-store-test-hash-key-32byt', blockKey: 'cookie-store-16b' }
const store = new CookieStore({ keys })

async function roundTrip(cookieHeader?: string) {
  return fakeRequest(cookieHeader).registry.get('session', store)
}

async function savedCookie(values: Record<string, unknown>): Promise<string> {
  const { registry, setCookies } = fakeRequest()
  const session = await registry.get('session', store)
  for (const [key, value] of Object.entries(values)) session.values.set(key, value)
  await session.save()
  return cookieValue(setCookies[0])
}

describe('cookie store', () => {
  test('defaults are secure', () => {
    assert.deepEqual(
      { ...store.options },
      {
        path: '/',
        domain: '',
        maxAge: 2592000,
        secure: true,
        httpOnly: true,
        sameSite: 'lax',
        partitioned: false,
        priority: undefined,
      },
    )
    assert.equal(store.codec.maxAge, 2592000)
  })

  test('new session without cookie', async () => {
    const session = await roundTrip()
    assert.ok(session.isNew)
    assert.equal(session.error, undefined)
    assert.equal(session.values.size, 0)
    assert.equal(session.id, '')
  })

  test('saves and loads values', async () => {
    const cookie = await savedCookie({ user: 'alice', n: 42, list: ['a', 1] })
    const session = await roundTrip(`session=${cookie}`)
    assert.ok(!session.isNew)
    assert.equal(session.get('user'), 'alice')
    assert.equal(session.get('n'), 42)
    assert.deepEqual(session.get('list'), ['a', 1])
  })

  test('Set-Cookie carries store options', async () => {
    const { registry, setCookies } = fakeRequest()
    const session = await registry.get('session', store)
    await session.save()
    assert.match(
      setCookies[0]!,
      /^session=[A-Za-z0-9_=-]+; Path=\/; Expires=[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT; Max-Age=2592000; HttpOnly; Secure; SameSite=Lax$/,
    )
  })

  test('maxAge below zero sends an empty deletion cookie', async () => {
    const { registry, setCookies } = fakeRequest()
    const session = await registry.get('session', store)
    session.set('secret', 'value')
    session.options = { ...session.options, maxAge: -1 }
    await session.save()
    assert.equal(
      setCookies[0],
      'session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; HttpOnly; Secure; SameSite=Lax',
    )
  })

  test('server window follows cookie maxAge', () => {
    const short = new CookieStore({ keys, cookie: { maxAge: 60 } })
    assert.equal(short.codec.maxAge, 60)
    // Browser-session cookies still expire on the server after the default 30 days.
    const browserSession = new CookieStore({ keys, cookie: { maxAge: 0 } })
    assert.equal(browserSession.codec.maxAge, 2592000)
  })

  test('too long values fail with ERR_VALUE_TOO_LONG', async () => {
    const { registry } = fakeRequest()
    const session = await registry.get('session', store)
    session.set('big', 'x'.repeat(5000))
    await assert.rejects(session.save(), { code: 'ERR_VALUE_TOO_LONG' })
  })

  test('invalid options throw TypeError at setup', () => {
    assert.throws(
      () => new CookieStore({ keys, cookie: { sameSite: 'none', secure: false } }),
      TypeError,
    )
    assert.throws(() => new CookieStore({ keys, cookie: { path: '/;x' } }), TypeError)
    assert.throws(() => new CookieStore({ keys: [] }), TypeError)
    assert.throws(() => new CookieStore(undefined as never), TypeError)
  })
})

describe('cookie store with bad cookies', () => {
  const cases: [string, () => Promise<string>, string][] = [
    ['garbage', async () => 'session=garbage', 'ERR_BASE64_INVALID'],
    ['empty value', async () => 'session=', 'ERR_MAC_INVALID'],
    [
      'tampered',
      async () => {
        const cookie = await savedCookie({ user: 'alice' })
        const swapped = cookie[40] === 'A' ? 'B' : 'A'
        return `session=${cookie.slice(0, 40)}${swapped}${cookie.slice(41)}`
      },
      'ERR_MAC_INVALID',
    ],
    [
      'wrong key',
      async () => {
        const other = new CookieStore({ keys: { hashKey: 'another-key' } })
        const { registry, setCookies } = fakeRequest()
        await (await registry.get('session', other)).save()
        return cookiePair(setCookies[0])
      },
      'ERR_MAC_INVALID',
    ],
    ['over-long', async () => `session=${'A'.repeat(5000)}`, 'ERR_VALUE_TOO_LONG'],
    [
      'expired',
      async () => {
        const past = new CookieStore({ keys, clock: () => Date.now() - 31 * 86400 * 1000 })
        const { registry, setCookies } = fakeRequest()
        await (await registry.get('session', past)).save()
        return cookiePair(setCookies[0])
      },
      'ERR_TIMESTAMP_EXPIRED',
    ],
    [
      'other cookie name',
      async () =>
        `session=${await (async () => {
          const { registry, setCookies } = fakeRequest()
          await (await registry.get('other', store)).save()
          return cookieValue(setCookies[0])
        })()}`,
      'ERR_MAC_INVALID',
    ],
  ]

  for (const [label, makeHeader, code] of cases) {
    test(`${label} cookie gives fresh session`, async () => {
      const session = await roundTrip(await makeHeader())
      assert.ok(session.isNew)
      assert.equal(session.values.size, 0)
      assert.ok(session.error instanceof CookieError)
      assert.equal(session.error.code, code)
      assert.ok(!session.error.message.includes('garbage'))
    })
  }

  test('quoted cookie value is accepted', async () => {
    const cookie = await savedCookie({ user: 'quoted' })
    const session = await roundTrip(`session="${cookie}"`)
    assert.equal(session.get('user'), 'quoted')
  })

  test('first verifying duplicate wins', async () => {
    const first = await savedCookie({ which: 'first' })
    const second = await savedCookie({ which: 'second' })
    const session = await roundTrip(`session=bad; session=${first}; session=${second}`)
    assert.equal(session.get('which'), 'first')
    assert.equal(session.error, undefined)
  })

  test('rejected duplicates report the furthest reason', async () => {
    const past = new CookieStore({ keys, clock: () => Date.now() - 31 * 86400 * 1000 })
    const { registry, setCookies } = fakeRequest()
    await (await registry.get('session', past)).save()
    const session = await roundTrip(`session=bad; ${cookiePair(setCookies[0])}`)
    assert.equal(session.error?.code, 'ERR_TIMESTAMP_EXPIRED')
  })

  test('random bytes never throw', async () => {
    for (let index = 0; index < 300; index++) {
      const length = Math.floor(Math.random() * 300)
      const bytes = Buffer.from(Array.from({ length }, () => Math.floor(Math.random() * 256)))
      const text = index % 2 ? bytes.toString('base64url') : bytes.toString('latin1')
      const session = await roundTrip(`session=${text.replace(/[;\s]/g, '')}`)
      assert.ok(session.isNew)
    }
  })
})

describe('cookie store with Go cookies', () => {
  const vectors = JSON.parse(
    readFileSync(new URL('./fixtures/securecookie.json', import.meta.url), 'utf8'),
  ) as { id: string; cookie: string; hashKey: string; blockKey?: string; timestamp: number }[]

  test('reads the Echo example cookie', async () => {
    const vector = vectors.find((v) => v.id === 'docs/echo-example')!
    const goStore = new CookieStore({
      keys: { hashKey: vector.hashKey },
      clock: () => vector.timestamp * 1000,
    })
    const session = await fakeRequest(`session=${vector.cookie}`).registry.get('session', goStore)
    assert.equal(session.error, undefined)
    assert.equal(session.get('foo'), 'bar')
  })

  test('reads a rotated-key cookie', async () => {
    const vector = vectors.find((v) => v.id === 'rotation/old-key')!
    const goStore = new CookieStore({
      keys: [
        { hashKey: 'new-hash-shared', blockKey: 'new-block-key-16' },
        { hashKey: 'old-hash-shared', blockKey: 'old-block-key-16' },
      ],
      clock: () => vector.timestamp * 1000,
    })
    const session = await fakeRequest(`session=${vector.cookie}`).registry.get('session', goStore)
    assert.equal(session.get('foo'), 'rotated')
  })
})

describe('cookie store key rotation', () => {
  const oldPair = { hashKey: 'rotation-old-key' }
  const newPair = { hashKey: 'rotation-new-key' }

  test('old-key cookie counts as changed and re-signs', async () => {
    const oldStore = new CookieStore({ keys: [oldPair] })
    const rotated = new CookieStore({ keys: [newPair, oldPair] })
    const first = fakeRequest()
    const session = await first.registry.get('session', oldStore)
    session.set('user', 'alice')
    await session.save()

    const second = fakeRequest(cookiePair(first.setCookies[0]))
    const loaded = await second.registry.get('session', rotated)
    assert.equal(loaded.get('user'), 'alice')
    assert.ok(loaded.changed)
    await second.registry.saveChanged()
    assert.equal(second.setCookies.length, 1)

    const newOnly = new CookieStore({ keys: [newPair] })
    const third = await fakeRequest(cookiePair(second.setCookies[0])).registry.get(
      'session',
      newOnly,
    )
    assert.equal(third.get('user'), 'alice')
    assert.ok(!third.changed)
  })
})
