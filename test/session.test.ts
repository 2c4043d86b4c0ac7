import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { TesseraError } from '../src/errors.ts'
import { CookieStore } from '../src/stores/cookie-store.ts'
import { cookiePair, fakeRequest } from './helpers.ts'

const store = new CookieStore({ keys: { hashKey: 'session-test-key' } })

describe('session registry', () => {
  test('same name returns same session', async () => {
    const { registry } = fakeRequest()
    const first = await registry.get('session', store)
    const second = await registry.get('session', store)
    assert.equal(first, second)
    assert.notEqual(first, await registry.get('other', store))
  })

  test('invalid names throw TypeError', () => {
    const { registry } = fakeRequest()
    for (const name of ['', 'bad name', 'a;b', 'x=y', 'é', 'tab\t']) {
      assert.throws(() => registry.get(name, store), TypeError, name)
    }
  })

  test('same name from another store throws', async () => {
    const { registry } = fakeRequest()
    await registry.get('session', store)
    const other = new CookieStore({ keys: { hashKey: 'another-key' } })
    assert.throws(() => registry.get('session', other), TypeError)
  })

  test('saveAll saves every loaded session', async () => {
    const { registry, setCookies } = fakeRequest()
    await registry.get('a', store)
    await registry.get('b', store)
    await registry.saveAll()
    assert.equal(setCookies.length, 2)
    assert.ok(setCookies.some((header) => header.startsWith('a=')))
    assert.ok(setCookies.some((header) => header.startsWith('b=')))
  })

  test('saveChanged skips unchanged sessions', async () => {
    const { registry, setCookies } = fakeRequest()
    const a = await registry.get('a', store)
    await registry.get('b', store)
    a.set('x', 1)
    await registry.saveChanged()
    assert.equal(setCookies.length, 1)
    assert.ok(setCookies[0]!.startsWith('a='))
    await registry.saveChanged()
    assert.equal(setCookies.length, 1)
  })
})

describe('session values', () => {
  test('get, set, has, delete', async () => {
    const session = await fakeRequest().registry.get<{ user: string; n: number }>('s', store)
    assert.equal(session.get('user'), undefined)
    session.set('user', 'alice').set('n', 3)
    assert.equal(session.get('user'), 'alice')
    assert.ok(session.has('n'))
    assert.ok(session.delete('n'))
    assert.ok(!session.has('n'))
    assert.ok(session.changed)
  })

  test('non-string keys live in values', async () => {
    const { registry, setCookies } = fakeRequest()
    const session = await registry.get('s', store)
    session.values.set(42, 43)
    await session.save()
    const next = await fakeRequest(cookiePair(setCookies[0])).registry.get('s', store)
    assert.equal(next.values.get(42), 43)
  })

  test('reads leave a loaded session unchanged', async () => {
    const first = fakeRequest()
    const saved = await first.registry.get('s', store)
    saved.set('user', 'alice')
    await saved.save()

    const session = await fakeRequest(cookiePair(first.setCookies[0])).registry.get('s', store)
    assert.equal(session.get('user'), 'alice')
    assert.ok(session.has('user'))
    assert.ok(!session.changed)
    assert.equal(session.values.size, 1)
    assert.ok(!session.changed)
    session.set('role', 'admin')
    assert.ok(session.changed)
    assert.deepEqual([...session.values.keys()], ['user', 'role'])
  })

  test('markChanged records nested mutation', async () => {
    const session = await fakeRequest().registry.get('s', store)
    assert.ok(!session.changed)
    session.markChanged()
    assert.ok(session.changed)
  })
})

describe('session flashes', () => {
  test('default key collects and removes', async () => {
    const session = await fakeRequest().registry.get('s', store)
    assert.deepEqual(session.flashes(), [])
    session.addFlash('hello')
    session.addFlash(7)
    session.addFlash('custom', 'errors')
    assert.deepEqual(session.values.get('_flash'), ['hello', 7])
    assert.deepEqual(session.flashes(), ['hello', 7])
    assert.ok(!session.values.has('_flash'))
    assert.deepEqual(session.flashes('errors'), ['custom'])
  })

  test('flashes survive a round trip', async () => {
    const { registry, setCookies } = fakeRequest()
    const session = await registry.get('s', store)
    session.addFlash('saved')
    await session.save()
    const next = await fakeRequest(cookiePair(setCookies[0])).registry.get('s', store)
    assert.deepEqual(next.flashes(), ['saved'])
  })

  test('non-array flash value stays in place', async () => {
    const session = await fakeRequest().registry.get('s', store)
    session.set('_flash', 'not a list')
    assert.deepEqual(session.flashes(), [])
    assert.equal(session.get('_flash'), 'not a list')
  })
})

describe('session options', () => {
  test('start as a copy of the store options', async () => {
    const session = await fakeRequest().registry.get('s', store)
    assert.deepEqual(session.options, store.options)
  })

  test('assignment replaces and validates', async () => {
    const session = await fakeRequest().registry.get('s', store)
    session.options = { path: '/', maxAge: 60, httpOnly: true }
    assert.equal(session.options.secure, false)
    assert.equal(session.options.sameSite, undefined)
    assert.throws(() => {
      session.options = { sameSite: 'none' }
    }, TypeError)
  })

  test('__Host- prefix checked on assignment', async () => {
    const session = await fakeRequest().registry.get('__Host-s', store)
    assert.throws(() => {
      session.options = { path: '/', secure: false }
    }, TypeError)
  })
})

describe('session save', () => {
  test('after headers are sent throws ERR_HEADERS_SENT', async () => {
    const { registry, setCookies, sendHeaders } = fakeRequest()
    const session = await registry.get('s', store)
    session.set('x', 1)
    sendHeaders()
    await assert.rejects(session.save(), (error: unknown) => {
      assert.ok(error instanceof TesseraError)
      assert.equal(error.code, 'ERR_HEADERS_SENT')
      return true
    })
    assert.equal(setCookies.length, 0)
  })

  test('clears changed and sets saved', async () => {
    const session = await fakeRequest().registry.get('s', store)
    session.set('x', 1)
    await session.save()
    assert.ok(!session.changed)
    assert.ok(session.saved)
  })
})
