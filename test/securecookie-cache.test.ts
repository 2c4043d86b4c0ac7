import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { CookieError } from '../src/errors.ts'
import { CookieStore } from '../src/stores/cookie-store.ts'
import { gobSerializer } from '../src/gob/index.ts'
import {
  jsonSerializer,
  nodeCryptoProvider,
  SecureCookie,
  webCryptoProvider,
  type CryptoProvider,
  type Serializer,
} from '../src/securecookie/index.ts'

const hashKey = 'cache-test-hash-key-0123456789abcdef'
const blockKey = 'cache-test-block-key-0123456789a'

// The real provider with a count of its HMAC calls, to tell a verified decode from a cached
// one. Every result still comes from node:crypto or Web Crypto.
function countingProvider(base: CryptoProvider = nodeCryptoProvider) {
  const counts = { hmac: 0, aes: 0 }
  const provider: CryptoProvider = {
    ...base,
    hmacSha256(key, parts) {
      counts.hmac++
      return base.hmacSha256(key, parts)
    },
    aesCtr(key, iv, data) {
      counts.aes++
      return base.aesCtr(key, iv, data)
    },
  }
  return { provider, counts }
}

function manualClock(startSeconds: number) {
  let now = startSeconds * 1000
  return {
    clock: () => now,
    advance: (seconds: number) => {
      now += seconds * 1000
    },
  }
}

async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => assert.fail('expected the decode to be rejected'),
    (reason: unknown) => reason,
  )
  assert.ok(error instanceof CookieError, `expected a CookieError, got ${String(error)}`)
  return error.code
}

describe('verified cookie cache', () => {
  test('repeated cookie verifies once, fresh maps', async () => {
    const { provider, counts } = countingProvider()
    const codec = new SecureCookie({ keys: [{ hashKey }], crypto: provider })
    const cookie = await codec.encode('session', new Map([['foo', 'bar']]))
    counts.hmac = 0

    const first = await codec.decode('session', cookie)
    ;(first.value as Map<string, unknown>).set('foo', 'changed by the first request')
    const second = await codec.decode('session', cookie)

    assert.equal(counts.hmac, 1)
    assert.notEqual(second.value, first.value)
    assert.deepEqual(second.value, new Map([['foo', 'bar']]))
    assert.equal(second.timestamp, first.timestamp)
    assert.equal(codec.cachedCount, 1)
  })

  // gob with a count of its decodes, and reusesResults as given.
  function countingGob(reusesResults: boolean | undefined) {
    const counts = { decodes: 0 }
    const serializer: Serializer = {
      name: 'counting gob',
      serialize: (value, types) => gobSerializer.serialize(value, types),
      deserialize: (bytes) => {
        counts.decodes++
        return gobSerializer.deserialize(bytes)
      },
      reusesResults,
    }
    return { serializer, counts }
  }

  test('primitive maps are copied, not decoded', async () => {
    const { serializer, counts } = countingGob(true)
    const codec = new SecureCookie({ keys: [{ hashKey }], serializer })
    const values = new Map<string, unknown>([
      ['n', 1],
      ['s', 'x'],
    ])
    const cookie = await codec.encode('session', values)
    const first = await codec.decode('session', cookie)
    ;(first.value as Map<string, unknown>).set('n', 2)
    const second = await codec.decode('session', cookie)
    assert.equal(counts.decodes, 1)
    assert.deepEqual(second.value, values)
    assert.equal(second.types, first.types)
  })

  test('shared types are frozen', async () => {
    const codec = new SecureCookie({ keys: [{ hashKey }] })
    const cookie = await codec.encode('session', new Map([['foo', 'bar']]))
    const first = await codec.decode('session', cookie)
    const second = await codec.decode('session', cookie)
    assert.equal(second.types, first.types)
    assert.ok(Object.isFrozen(first.types))
    assert.throws(() => {
      ;(first.types as { value: unknown[] }).value.push('changed')
    }, TypeError)
    // A frozen hint still encodes: saving reads the types, never writes them.
    const saved = await codec.encode('session', new Map([['foo', 'baz']]), second.types)
    assert.deepEqual((await codec.decode('session', saved)).value, new Map([['foo', 'baz']]))
  })

  test('crypto failure is not masked', async () => {
    // Two pairs share the hash key, as during a block-key rotation. The first pair's
    // decryption fails in the provider; the second decrypts to bytes that do not deserialize.
    const writer = new SecureCookie({ keys: [{ hashKey, blockKey }] })
    const cookie = await writer.encode('session', new Map([['foo', 'bar']]))
    let calls = 0
    const codec = new SecureCookie({
      keys: [
        { hashKey, blockKey },
        { hashKey, blockKey: 'another-block-key-0123456789abcd' },
      ],
      crypto: {
        ...nodeCryptoProvider,
        aesCtr(key, iv, data) {
          if (calls++ === 0) throw new Error('hardware failure')
          return nodeCryptoProvider.aesCtr(key, iv, data)
        },
      },
    })
    await assert.rejects(codec.decode('session', cookie), { code: 'ERR_CRYPTO_FAILED' })
  })

  test('nested values are decoded per hit', async () => {
    const { serializer, counts } = countingGob(true)
    const codec = new SecureCookie({ keys: [{ hashKey }], serializer })
    const cookie = await codec.encode('session', new Map([['_flash', ['saved']]]))
    const first = await codec.decode('session', cookie)
    const flashes = (first.value as Map<string, string[]>).get('_flash')!
    flashes.push('changed')
    const second = await codec.decode('session', cookie)
    assert.equal(counts.decodes, 2)
    assert.deepEqual(second.value, new Map([['_flash', ['saved']]]))
  })

  test('other serializers decode per hit', async () => {
    const { serializer, counts } = countingGob(undefined)
    const codec = new SecureCookie({ keys: [{ hashKey }], serializer })
    const cookie = await codec.encode('session', new Map([['foo', 'bar']]))
    await codec.decode('session', cookie)
    await codec.decode('session', cookie)
    assert.equal(counts.decodes, 2)
  })

  test('hit skips decryption', async () => {
    const { provider, counts } = countingProvider()
    const codec = new SecureCookie({ keys: [{ hashKey, blockKey }], crypto: provider })
    const cookie = await codec.encode('session', new Map([['n', 1]]))
    counts.hmac = 0
    counts.aes = 0
    for (let request = 0; request < 5; request++) {
      assert.deepEqual((await codec.decode('session', cookie)).value, new Map([['n', 1]]))
    }
    assert.deepEqual(counts, { hmac: 1, aes: 1 })
  })

  test('cacheSize 0 verifies every time', async () => {
    const { provider, counts } = countingProvider()
    const codec = new SecureCookie({ keys: [{ hashKey }], crypto: provider, cacheSize: 0 })
    const cookie = await codec.encode('session', new Map([['foo', 'bar']]))
    counts.hmac = 0
    await codec.decode('session', cookie)
    await codec.decode('session', cookie)
    assert.equal(counts.hmac, 2)
    assert.equal(codec.cachedCount, 0)
  })

  test('hit checks maxAge, evicts expired', async () => {
    const time = manualClock(1_700_000_000)
    const codec = new SecureCookie({ keys: [{ hashKey }], maxAge: 60, clock: time.clock })
    const cookie = await codec.encode('session', new Map([['foo', 'bar']]))
    await codec.decode('session', cookie)
    time.advance(59)
    await codec.decode('session', cookie)
    time.advance(2)
    assert.equal(await rejectionCode(codec.decode('session', cookie)), 'ERR_TIMESTAMP_EXPIRED')
    assert.equal(codec.cachedCount, 0)
  })

  test('hit checks minAge, keeps too-new', async () => {
    const time = manualClock(1_700_000_000)
    const writer = new SecureCookie({ keys: [{ hashKey }], clock: time.clock })
    const reader = writer.with({ minAge: 10 })
    const cookie = await writer.encode('session', new Map([['foo', 'bar']]))
    time.advance(11)
    await reader.decode('session', cookie)
    assert.equal(reader.cachedCount, 1)

    // A reader whose clock runs behind rejects the cached cookie as too new.
    const behind = manualClock(1_700_000_000)
    const skewed = new SecureCookie({ keys: [{ hashKey }], minAge: 10, clock: behind.clock })
    assert.equal(await rejectionCode(skewed.decode('session', cookie)), 'ERR_TIMESTAMP_TOO_NEW')
    behind.advance(11)
    await skewed.decode('session', cookie)
    assert.equal(skewed.cachedCount, 1)
  })

  test('tampered cookie is never cached', async () => {
    const { provider, counts } = countingProvider()
    const codec = new SecureCookie({ keys: [{ hashKey }], crypto: provider })
    const cookie = await codec.encode('session', new Map([['role', 'user']]))
    const bytes = Buffer.from(cookie, 'base64url')
    bytes[bytes.length - 1]! ^= 1
    const tampered = bytes.toString('base64').replaceAll('+', '-').replaceAll('/', '_')
    counts.hmac = 0
    for (let attempt = 0; attempt < 3; attempt++) {
      assert.equal(await rejectionCode(codec.decode('session', tampered)), 'ERR_MAC_INVALID')
    }
    assert.equal(counts.hmac, 3)
    assert.equal(codec.cachedCount, 0)
  })

  test('cached cookie under another name', async () => {
    const codec = new SecureCookie({ keys: [{ hashKey }] })
    const cookie = await codec.encode('session', new Map([['role', 'admin']]))
    await codec.decode('session', cookie)
    assert.equal(await rejectionCode(codec.decode('other', cookie)), 'ERR_MAC_INVALID')
  })

  test('capacity bound evicts oldest first', async () => {
    const { provider, counts } = countingProvider()
    const codec = new SecureCookie({ keys: [{ hashKey }], crypto: provider, cacheSize: 2 })
    const cookies: string[] = []
    for (let user = 0; user < 3; user++) {
      cookies.push(await codec.encode('session', new Map([['user', user]])))
    }
    for (const cookie of cookies) await codec.decode('session', cookie)
    assert.equal(codec.cachedCount, 2)

    counts.hmac = 0
    await codec.decode('session', cookies[2]!)
    await codec.decode('session', cookies[1]!)
    assert.equal(counts.hmac, 0, 'the two newest are cached')
    await codec.decode('session', cookies[0]!)
    assert.equal(counts.hmac, 1, 'the oldest was evicted and is verified again')
    assert.equal(codec.cachedCount, 2)
  })

  test('cookies over 4096 characters uncached', async () => {
    const { provider, counts } = countingProvider()
    const codec = new SecureCookie({
      keys: [{ hashKey }],
      crypto: provider,
      maxLength: 0,
      serializer: jsonSerializer,
    })
    const cookie = await codec.encode('session', { data: 'x'.repeat(4000) })
    assert.ok(cookie.length > 4096)
    counts.hmac = 0
    await codec.decode('session', cookie)
    await codec.decode('session', cookie)
    assert.equal(counts.hmac, 2)
    assert.equal(codec.cachedCount, 0)
  })

  test('undeserializable payload is not cached', async () => {
    let failing = true
    const flaky: Serializer = {
      name: 'flaky',
      serialize: (value) => jsonSerializer.serialize(value),
      deserialize: (bytes) => {
        if (failing) throw new Error('unreadable payload')
        return jsonSerializer.deserialize(bytes)
      },
    }
    const { provider, counts } = countingProvider()
    const codec = new SecureCookie({ keys: [{ hashKey }], crypto: provider, serializer: flaky })
    const cookie = await codec.encode('session', { foo: 'bar' })
    counts.hmac = 0
    assert.equal(await rejectionCode(codec.decode('session', cookie)), 'ERR_DESERIALIZE_FAILED')
    assert.equal(codec.cachedCount, 0)
    failing = false
    assert.deepEqual((await codec.decode('session', cookie)).value, new Map([['foo', 'bar']]))
    assert.equal(counts.hmac, 2)
  })

  test('destructive serializer leaves cache intact', async () => {
    const destructive: Serializer = {
      name: 'destructive',
      serialize: (value) => jsonSerializer.serialize(value),
      deserialize: (bytes) => {
        const result = jsonSerializer.deserialize(bytes)
        bytes.fill(0x20)
        return result
      },
    }
    const codec = new SecureCookie({ keys: [{ hashKey }], serializer: destructive })
    const cookie = await codec.encode('session', { foo: 'bar' })
    for (let request = 0; request < 3; request++) {
      assert.deepEqual((await codec.decode('session', cookie)).value, new Map([['foo', 'bar']]))
    }
  })

  test('hit keeps old keyIndex', async () => {
    const oldCodec = new SecureCookie({ keys: [{ hashKey: 'old-key-0123456789abcdef' }] })
    const cookie = await oldCodec.encode('session', new Map([['foo', 'bar']]))
    const rotated = new SecureCookie({
      keys: [{ hashKey: 'new-key-0123456789abcdef' }, { hashKey: 'old-key-0123456789abcdef' }],
    })
    assert.equal((await rotated.decode('session', cookie)).keyIndex, 1)
    assert.equal((await rotated.decode('session', cookie)).keyIndex, 1)
    assert.equal(rotated.cachedCount, 1)
  })

  test('Web Crypto decodes use cache', async () => {
    const { provider, counts } = countingProvider(webCryptoProvider)
    const codec = new SecureCookie({ keys: [{ hashKey, blockKey }], crypto: provider })
    const cookie = await codec.encode('session', new Map([['foo', 'bar']]))
    counts.hmac = 0
    await codec.decode('session', cookie)
    assert.deepEqual((await codec.decode('session', cookie)).value, new Map([['foo', 'bar']]))
    assert.equal(counts.hmac, 1)
  })

  test('invalid cacheSize throws TypeError', () => {
    for (const cacheSize of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(
        () => new SecureCookie({ keys: [{ hashKey }], cacheSize }),
        (error: unknown) => error instanceof TypeError && /cacheSize/.test(error.message),
      )
    }
  })

  test('stores pass cacheSize through', async () => {
    const store = new CookieStore({ keys: [{ hashKey }], cacheSize: 3 })
    assert.equal(store.codec.cacheSize, 3)
    assert.equal(new CookieStore({ keys: [{ hashKey }] }).codec.cacheSize, 1024)
    assert.throws(
      () => new CookieStore({ keys: [{ hashKey }], cacheSize: -5 }),
      (error: unknown) => error instanceof TypeError && /cacheSize/.test(error.message),
    )
  })
})
