import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { CookieError, TesseraError } from '../src/errors.ts'
import { nodeCryptoProvider, SecureCookie, webCryptoProvider } from '../src/securecookie/index.ts'
import { CookieStore } from '../src/stores/cookie-store.ts'
import type { LoadedSession, Store } from '../src/stores/store.ts'
import { fakeRequest } from './helpers.ts'

const hashKey = 'try-decode-test-hash-key-0123456789'
const blockKey = 'try-decode-test-block-key-012345'
const values = new Map([['foo', 'bar']])

describe('SecureCookie.tryDecode', () => {
  test('node:crypto returns synchronously', async () => {
    const codec = new SecureCookie({ keys: [{ hashKey, blockKey }], cacheSize: 0 })
    const cookie = await codec.encode('session', values)
    const result = codec.tryDecode('session', cookie)
    assert.ok(!(result instanceof Promise))
    assert.ok(!(result instanceof CookieError))
    assert.deepEqual(result.value, values)

    // A codec that has not imported its keys yet imports them synchronously too.
    const fresh = new SecureCookie({ keys: [{ hashKey, blockKey }] })
    assert.ok(!(fresh.tryDecode('session', cookie) instanceof Promise))
  })

  test('rejected cookie is returned, not thrown', () => {
    const codec = new SecureCookie({ keys: [{ hashKey }] })
    const result = codec.tryDecode('session', 'bm90IGEgY29va2ll')
    assert.ok(result instanceof CookieError)
    assert.equal(result.code, 'ERR_MAC_INVALID')
  })

  test('Web Crypto returns a promise', async () => {
    const codec = new SecureCookie({ keys: [{ hashKey, blockKey }], crypto: webCryptoProvider })
    const cookie = await codec.encode('session', values)
    const pending = codec.tryDecode('session', cookie)
    assert.ok(pending instanceof Promise)
    const result = await pending
    assert.ok(!(result instanceof CookieError))
    assert.deepEqual(result.value, values)

    const tampered = await codec.tryDecode('session', `${cookie.slice(0, -4)}AAA=`)
    assert.ok(tampered instanceof CookieError)
  })

  test('Web Crypto tries later key pairs', async () => {
    const oldCodec = new SecureCookie({ keys: [{ hashKey: 'old-pair-key' }] })
    const cookie = await oldCodec.encode('session', values)
    const codec = new SecureCookie({
      keys: [{ hashKey: 'new-pair-key' }, { hashKey: 'old-pair-key' }],
      crypto: webCryptoProvider,
    })
    const result = await codec.tryDecode('session', cookie)
    assert.ok(!(result instanceof CookieError))
    assert.equal(result.keyIndex, 1)
  })

  test('sync import failure is retried', async () => {
    let failures = 1
    const codec = new SecureCookie({
      keys: [{ hashKey }],
      crypto: {
        ...nodeCryptoProvider,
        importHmacKey: (raw) => {
          if (failures-- > 0) throw new Error('key service unavailable')
          return nodeCryptoProvider.importHmacKey(raw)
        },
      },
    })
    const cookie = await new SecureCookie({ keys: [{ hashKey }] }).encode('session', values)
    assert.throws(() => codec.tryDecode('session', cookie), { code: 'ERR_CRYPTO_FAILED' })
    const result = codec.tryDecode('session', cookie)
    assert.ok(!(result instanceof Promise))
    assert.ok(!(result instanceof CookieError))
    assert.deepEqual(result.value, values)
  })

  test('provider failure throws ERR_CRYPTO_FAILED', async () => {
    const codec = new SecureCookie({ keys: [{ hashKey }] })
    const cookie = await codec.encode('session', values)
    const broken = new SecureCookie({
      keys: [{ hashKey }],
      crypto: {
        ...nodeCryptoProvider,
        hmacSha256: () => {
          throw new Error('hardware failure')
        },
      },
    })
    assert.throws(
      () => broken.tryDecode('session', cookie),
      (error: unknown) =>
        error instanceof TesseraError &&
        !(error instanceof CookieError) &&
        error.code === 'ERR_CRYPTO_FAILED',
    )
  })
})

describe('registry and store results', () => {
  const inner = new CookieStore({ keys: [{ hashKey }] })

  // Stores that return their result in each of the forms Store.load allows.
  function storeReturning(wrap: (loaded: LoadedSession) => unknown): Store {
    return {
      options: inner.options,
      load: (name, cookies) => wrap(inner.load(name, cookies) as LoadedSession) as LoadedSession,
      save: (session) => inner.save(session),
    }
  }

  test('sync, promise and thenable loads', async () => {
    const cookie = await inner.codec.encode('session', values)
    const forms: [string, (loaded: LoadedSession) => unknown][] = [
      ['plain value', (loaded) => loaded],
      ['promise', (loaded) => Promise.resolve(loaded)],
      ['thenable', (loaded) => ({ then: (resolve: (v: unknown) => void) => resolve(loaded) })],
    ]
    for (const [form, wrap] of forms) {
      const { registry } = fakeRequest(`session=${cookie}`)
      const session = await registry.get('session', storeReturning(wrap))
      assert.equal(session.get('foo'), 'bar', form)
      assert.equal(session.isNew, false, form)
    }
  })

  test('store that throws rejects get', async () => {
    const failing: Store = {
      options: inner.options,
      load: () => {
        throw new Error('backend down')
      },
      save: (session) => inner.save(session),
    }
    const { registry } = fakeRequest('session=abc')
    const pending = registry.get('session', failing)
    assert.ok(pending instanceof Promise)
    await assert.rejects(pending, /backend down/)
  })
})
