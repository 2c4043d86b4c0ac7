import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MemoryStore } from '../src/stores/memory-store.ts'
import { cookiePair, fakeRequest } from './helpers.ts'

async function saveNew(store: MemoryStore, values: Record<string, unknown> = {}, maxAge?: number) {
  const request = fakeRequest()
  const session = await request.registry.get('s', store)
  for (const [key, value] of Object.entries(values)) session.set(key, value)
  if (maxAge !== undefined) session.options = { ...session.options, maxAge }
  await session.save()
  return { session, header: cookiePair(request.setCookies[0]) }
}

describe('memory store', () => {
  test('saves and loads without configured keys', async () => {
    const store = new MemoryStore()
    const { header, session } = await saveNew(store, { user: 'alice', list: [1, 'two'] })
    const loaded = await fakeRequest(header).registry.get('s', store)
    assert.ok(!loaded.isNew)
    assert.equal(loaded.id, session.id)
    assert.deepEqual(loaded.get('list'), [1, 'two'])
  })

  test('each request gets its own copy', async () => {
    const store = new MemoryStore()
    const { header } = await saveNew(store, { list: [1] })
    const first = await fakeRequest(header).registry.get('s', store)
    ;(first.get('list') as number[]).push(2)
    const second = await fakeRequest(header).registry.get('s', store)
    assert.deepEqual(second.get('list'), [1])
  })

  test('expires after maxAge', async () => {
    let now = 1_000_000
    const store = new MemoryStore({ clock: () => now })
    const { header } = await saveNew(store, { a: 1 }, 10)
    now += 9_000
    assert.ok(!(await fakeRequest(header).registry.get('s', store)).isNew)
    now += 2_000
    const expired = await fakeRequest(header).registry.get('s', store)
    assert.ok(expired.isNew)
    assert.equal(expired.error?.code, 'ERR_SESSION_NOT_FOUND')
    assert.equal(store.size, 0)
  })

  test('maxAge 0 keeps for defaultMaxAge', async () => {
    let now = 1_000_000
    const store = new MemoryStore({ clock: () => now, defaultMaxAge: 5 })
    const { header } = await saveNew(store, { a: 1 }, 0)
    now += 4_000
    assert.ok(!(await fakeRequest(header).registry.get('s', store)).isNew)
    now += 2_000
    assert.ok((await fakeRequest(header).registry.get('s', store)).isNew)
  })

  test('maxAge below zero deletes', async () => {
    const store = new MemoryStore()
    const { session } = await saveNew(store, { a: 1 })
    assert.equal(store.size, 1)
    session.options = { ...session.options, maxAge: -1 }
    await session.save()
    assert.equal(store.size, 0)
  })

  test('evicts least recently saved beyond maxEntries', async () => {
    const store = new MemoryStore({ maxEntries: 3 })
    const saved = []
    for (let index = 0; index < 5; index++) saved.push(await saveNew(store, { index }))
    assert.equal(store.size, 3)
    assert.ok((await fakeRequest(saved[0]!.header).registry.get('s', store)).isNew)
    assert.ok(!(await fakeRequest(saved[4]!.header).registry.get('s', store)).isNew)
  })

  test('versions increase on every save', async () => {
    const store = new MemoryStore()
    const { session, header } = await saveNew(store)
    const firstVersion = session.version as number
    const loaded = await fakeRequest(header).registry.get('s', store)
    assert.equal(loaded.version, firstVersion)
    await loaded.save()
    assert.ok((loaded.version as number) > firstVersion)
  })

  test('rejects what production stores reject', async () => {
    const store = new MemoryStore()
    for (const value of [() => 1, Symbol('s'), new (class Point {})()]) {
      const { registry } = fakeRequest()
      const session = await registry.get('s', store)
      session.set('bad', value)
      await assert.rejects(session.save(), { code: 'ERR_GOB_ENCODE' })
    }
  })

  test('defaults to secure cookie attributes', async () => {
    const { registry, setCookies } = fakeRequest()
    await (await registry.get('s', new MemoryStore())).save()
    assert.match(setCookies[0]!, /; HttpOnly; Secure; SameSite=Lax$/)
  })

  test('invalid options throw TypeError', () => {
    assert.throws(() => new MemoryStore({ maxEntries: 0 }), TypeError)
    assert.throws(() => new MemoryStore({ defaultMaxAge: -5 }), TypeError)
    assert.throws(() => new MemoryStore({ maxentries: 5 } as never), TypeError)
  })
})
