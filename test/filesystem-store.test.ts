import assert from 'node:assert/strict'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { SecureCookie } from '../src/securecookie/secure-cookie.ts'
import { FilesystemStore } from '../src/stores/filesystem-store.ts'
import { StoreError } from '../src/errors.ts'
import { cookiePair, cookieValue, fakeRequest } from './helpers.ts'

const goCase = JSON.parse(
  readFileSync(new URL('./fixtures/filesystem/case.json', import.meta.url), 'utf8'),
) as {
  cookieName: string
  cookie: string
  hashKey: string
  blockKey: string
  file: string
  values: Record<string, string>
}

const folders: string[] = []
function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-fs-test-'))
  folders.push(dir)
  return dir
}
after(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true })
})

// The Go fixture was written at Unix time 1796392063; decode it with a clock near then.
const goClock = () => 1796392063 * 1000 + 60_000

describe('filesystem store with Go files', () => {
  test('loads a session Go saved', async () => {
    const dir = tempFolder()
    cpSync(new URL('./fixtures/filesystem/files/', import.meta.url), dir, { recursive: true })
    const store = new FilesystemStore({
      dir,
      keys: { hashKey: goCase.hashKey, blockKey: goCase.blockKey },
      clock: goClock,
    })
    const session = await fakeRequest(`${goCase.cookieName}=${goCase.cookie}`).registry.get(
      goCase.cookieName,
      store,
    )
    assert.equal(session.error, undefined)
    assert.ok(!session.isNew)
    assert.equal(session.id, goCase.file.slice('session_'.length))
    assert.deepEqual(Object.fromEntries(session.values), goCase.values)
  })

  test('writes files in Go layout', async () => {
    const dir = tempFolder()
    const keys = { hashKey: goCase.hashKey, blockKey: goCase.blockKey }
    const store = new FilesystemStore({ dir, keys })
    const { registry, setCookies } = fakeRequest()
    const session = await registry.get('fsess', store)
    session.set('foo', 'bar')
    await session.save()

    assert.match(session.id, /^[A-Z2-7]{52}$/)
    const file = join(dir, `session_${session.id}`)
    assert.equal(statSync(file).mode & 0o777, 0o600)
    assert.deepEqual(readdirSync(dir), [`session_${session.id}`])

    // The file is a securecookie value of the session map under the session name.
    const codec = new SecureCookie({ keys, maxLength: 0 })
    const content = await codec.decode('fsess', readFileSync(file, 'latin1'))
    assert.deepEqual(content.value, new Map([['foo', 'bar']]))

    // The cookie is a securecookie value of the id string.
    const idCookie = await codec.decode('fsess', cookieValue(setCookies[0]))
    assert.equal(idCookie.value, session.id)
    assert.match(
      setCookies[0]!,
      /; Path=\/; Expires=.* GMT; Max-Age=2592000; HttpOnly; Secure; SameSite=Lax$/,
    )
  })

  test('reloads and updates in place', async () => {
    const store = new FilesystemStore({ dir: tempFolder(), keys: { hashKey: 'k' } })
    const first = fakeRequest()
    const session = await first.registry.get('s', store)
    session.set('n', 1)
    await session.save()

    const second = fakeRequest(cookiePair(first.setCookies[0]))
    const again = await second.registry.get('s', store)
    assert.equal(again.id, session.id)
    assert.equal(again.get('n'), 1)
    again.set('n', 2)
    await again.save()

    const third = await fakeRequest(cookiePair(second.setCookies[0])).registry.get('s', store)
    assert.equal(third.get('n'), 2)
    assert.equal(third.id, session.id)
  })

  test('maxAge 0 deletes the file like Go', async () => {
    const dir = tempFolder()
    const store = new FilesystemStore({ dir, keys: { hashKey: 'k' } })
    const { registry, setCookies } = fakeRequest()
    const session = await registry.get('fsess', store)
    await session.save()
    assert.equal(readdirSync(dir).length, 1)
    session.options = { path: '/', maxAge: 0 }
    await session.save()
    assert.equal(readdirSync(dir).length, 0)
    assert.equal(setCookies[1], 'fsess=; Path=/')
  })

  test('maxAge below zero deletes the file', async () => {
    const dir = tempFolder()
    const store = new FilesystemStore({ dir, keys: { hashKey: 'k' } })
    const { registry, setCookies } = fakeRequest()
    const session = await registry.get('fsess', store)
    await session.save()
    session.options = { path: '/', maxAge: -1 }
    await session.save()
    assert.equal(readdirSync(dir).length, 0)
    assert.equal(setCookies[1], 'fsess=; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0')
  })

  test('sessionCookies keeps the file on maxAge 0', async () => {
    const dir = tempFolder()
    const store = new FilesystemStore({ dir, keys: { hashKey: 'k' }, sessionCookies: true })
    const { registry, setCookies } = fakeRequest()
    const session = await registry.get('fsess', store)
    session.options = { path: '/', maxAge: 0 }
    await session.save()
    assert.equal(readdirSync(dir).length, 1)
    assert.match(setCookies[0]!, /^fsess=[A-Za-z0-9_=-]+; Path=\/$/)
  })

  test('missing file gives fresh session with new id', async () => {
    const dir = tempFolder()
    const store = new FilesystemStore({ dir, keys: { hashKey: 'k' } })
    const first = fakeRequest()
    const session = await first.registry.get('s', store)
    await session.save()
    rmSync(join(dir, `session_${session.id}`))

    const next = await fakeRequest(cookiePair(first.setCookies[0])).registry.get('s', store)
    assert.ok(next.isNew)
    assert.equal(next.error?.code, 'ERR_SESSION_NOT_FOUND')
    assert.equal(next.id, '')
  })

  test('corrupt file gives fresh session', async () => {
    const dir = tempFolder()
    const store = new FilesystemStore({ dir, keys: { hashKey: 'k' } })
    const first = fakeRequest()
    const session = await first.registry.get('s', store)
    await session.save()
    writeFileSync(join(dir, `session_${session.id}`), 'half-written')

    const next = await fakeRequest(cookiePair(first.setCookies[0])).registry.get('s', store)
    assert.ok(next.isNew)
    assert.equal(next.error?.code, 'ERR_MAC_INVALID')
  })

  test('signed path traversal id is rejected', async () => {
    const dir = tempFolder()
    const keys = { hashKey: 'k' }
    const store = new FilesystemStore({ dir, keys })
    const codec = new SecureCookie({ keys })
    for (const id of ['../../etc/passwd', 'session_x/../../y', '', 'a'.repeat(52)]) {
      const cookie = await codec.encode('s', id)
      const session = await fakeRequest(`s=${cookie}`).registry.get('s', store)
      assert.equal(session.error?.code, 'ERR_SESSION_ID_INVALID', id)
    }
  })

  test('read failure rejects with StoreError', async () => {
    const dir = tempFolder()
    const store = new FilesystemStore({ dir, keys: { hashKey: 'k' } })
    const first = fakeRequest()
    const session = await first.registry.get('s', store)
    await session.save()
    const file = join(dir, `session_${session.id}`)
    rmSync(file)
    mkdirSync(file)
    await assert.rejects(
      fakeRequest(cookiePair(first.setCookies[0])).registry.get('s', store),
      (error: unknown) => {
        assert.ok(error instanceof StoreError)
        assert.equal(error.code, 'ERR_STORE_FAILED')
        assert.ok(error.cause)
        assert.ok(!error.message.includes(session.id))
        return true
      },
    )
  })

  test('write failure leaves no temporary file', async () => {
    const dir = tempFolder()
    const store = new FilesystemStore({ dir, keys: { hashKey: 'k' } })
    const { registry } = fakeRequest()
    const session = await registry.get('s', store)
    session.id = 'A'.repeat(52)
    mkdirSync(join(dir, `session_${session.id}`))
    await assert.rejects(session.save(), StoreError)
    assert.deepEqual(readdirSync(dir), [`session_${session.id}`])
  })

  test('recreates a removed folder on save', async () => {
    const dir = join(tempFolder(), 'sessions')
    const store = new FilesystemStore({ dir, keys: { hashKey: 'k' } })
    rmSync(dir, { recursive: true })
    const { registry } = fakeRequest()
    const session = await registry.get('s', store)
    await session.save()
    assert.deepEqual(readdirSync(dir), [`session_${session.id}`])
  })

  test('dir that is a file throws TypeError', () => {
    const file = join(tempFolder(), 'not-a-folder')
    writeFileSync(file, '')
    assert.throws(() => new FilesystemStore({ dir: file, keys: { hashKey: 'k' } }), TypeError)
  })

  test('creates the folder and validates options', () => {
    const dir = join(tempFolder(), 'nested', 'sessions')
    new FilesystemStore({ dir, keys: { hashKey: 'k' } })
    assert.ok(existsSync(dir))
    assert.throws(() => new FilesystemStore({ dir: '', keys: { hashKey: 'k' } }), TypeError)
    assert.throws(() => new FilesystemStore({ dir, keys: { hashKey: '' } }), TypeError)
    assert.throws(
      () => new FilesystemStore({ dir, keys: { hashKey: 'k' }, folder: dir } as never),
      TypeError,
    )
    assert.throws(
      () => new FilesystemStore({ dir, keys: { hashKey: 'k' }, sessionCookies: 1 } as never),
      TypeError,
    )
  })
})

describe('session regenerate', () => {
  test('new id, same values, old file gone', async () => {
    const dir = tempFolder()
    const store = new FilesystemStore({ dir, keys: { hashKey: 'k' } })
    const first = fakeRequest()
    const anonymous = await first.registry.get('s', store)
    anonymous.set('cart', 'book')
    await anonymous.save()
    const plantedCookie = cookiePair(first.setCookies[0])
    const oldId = anonymous.id

    const login = fakeRequest(plantedCookie)
    const session = await login.registry.get('s', store)
    session.regenerate()
    session.set('user', 'victim')
    await session.save()

    assert.notEqual(session.id, oldId)
    assert.equal(session.replacedId, '')
    assert.deepEqual(readdirSync(dir), [`session_${session.id}`])

    const attacker = await fakeRequest(plantedCookie).registry.get('s', store)
    assert.ok(attacker.isNew)
    assert.equal(attacker.get('user'), undefined)

    const victim = await fakeRequest(cookiePair(login.setCookies[0])).registry.get('s', store)
    assert.equal(victim.get('user'), 'victim')
    assert.equal(victim.get('cart'), 'book')
  })

  test('regenerate then delete removes both records', async () => {
    const dir = tempFolder()
    const store = new FilesystemStore({ dir, keys: { hashKey: 'k' } })
    const first = fakeRequest()
    const session = await first.registry.get('s', store)
    await session.save()
    session.regenerate()
    session.options = { ...session.options, maxAge: -1 }
    await session.save()
    assert.deepEqual(readdirSync(dir), [])
  })
})
