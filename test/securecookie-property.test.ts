import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { CookieError } from '../src/errors.ts'
import { jsonSerializer, noneSerializer, SecureCookie } from '../src/securecookie/index.ts'

const keySets = [
  { hashKey: 'property-hash-key' },
  { hashKey: 'property-hash-key', blockKey: '0123456789abcdef' },
  { hashKey: 'property-hash-key', blockKey: '0123456789abcdef01234567' },
  { hashKey: 'property-hash-key', blockKey: '0123456789abcdef0123456789abcdef' },
]

// Session values the gob default rule encodes without any registration on the Go side.
const sessionValue = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true }).filter((n) => !Number.isInteger(n)),
  fc.uint8Array({ maxLength: 64 }),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxLength: 5 }),
)
const sessionMap = fc
  .array(fc.tuple(fc.oneof(fc.string(), fc.integer()), sessionValue), { maxLength: 8 })
  .map((entries) => new Map<unknown, unknown>(entries))

describe('securecookie properties', () => {
  for (const keys of keySets) {
    const label = keys.blockKey ? `AES-${keys.blockKey.length * 8}` : 'HMAC'

    test(`gob session maps round trip (${label})`, async () => {
      const codec = new SecureCookie({ keys, maxLength: 0 })
      await fc.assert(
        fc.asyncProperty(sessionMap, async (values) => {
          const cookie = await codec.encode('session', values)
          assert.match(cookie, /^[A-Za-z0-9_-]+=*$/)
          const { value } = await codec.decode('session', cookie)
          assert.deepEqual(value, values)
        }),
        { numRuns: 150 },
      )
    })

    test(`raw bytes round trip (${label})`, async () => {
      const codec = new SecureCookie({ keys, maxLength: 0, serializer: noneSerializer })
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => {
          const { value } = await codec.decode('n', await codec.encode('n', bytes))
          assert.deepEqual(value, bytes)
        }),
        { numRuns: 150 },
      )
    })
  }

  test('JSON maps round trip', async () => {
    const codec = new SecureCookie({ keys: keySets[1]!, serializer: jsonSerializer, maxLength: 0 })
    const jsonMap = fc
      .dictionary(fc.string(), fc.jsonValue())
      .map((object) => new Map(Object.entries(object)))
    await fc.assert(
      fc.asyncProperty(jsonMap, async (values) => {
        const { value } = await codec.decode('j', await codec.encode('j', values))
        assert.deepEqual(value, new Map(JSON.parse(JSON.stringify([...values]))))
      }),
      { numRuns: 150 },
    )
  })

  test('arbitrary strings only raise CookieError', async () => {
    const codec = new SecureCookie({ keys: keySets[3]! })
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.base64String(), fc.string({ unit: 'binary' })),
        async (text) => {
          await assert.rejects(codec.decode('session', text), CookieError)
        },
      ),
      { numRuns: 500 },
    )
  })

  test('mutated cookies are rejected', async () => {
    const codec = new SecureCookie({ keys: keySets[2]! })
    const cookie = await codec.encode('session', new Map([['user', 'alice']]))
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: cookie.length - 1 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        async (position, char) => {
          fc.pre(cookie[position] !== char)
          const mutated = cookie.slice(0, position) + char + cookie.slice(position + 1)
          try {
            const { value } = await codec.decode('session', mutated)
            // Only changes to base64 padding bits can leave the bytes intact.
            assert.deepEqual(value, new Map([['user', 'alice']]))
          } catch (error) {
            assert.ok(error instanceof CookieError)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('node AES-CTR', () => {
  test('matches OpenSSL aes-ctr for any IV and length', async () => {
    const { createCipheriv } = await import('node:crypto')
    const { nodeCryptoProvider } = await import('../src/crypto/node.ts')
    for (const size of [16, 24, 32]) {
      const raw = new Uint8Array(size).fill(size)
      const key = await nodeCryptoProvider.importAesKey(raw)
      // Counters near the top of the 128-bit range carry across every byte.
      const edgeIv = fc.constantFrom(
        new Uint8Array(16).fill(0xff),
        Uint8Array.from([...new Array(15).fill(0), 0xff]),
        Uint8Array.from([...new Array(8).fill(0), ...new Array(8).fill(0xff)]),
      )
      fc.assert(
        fc.property(
          fc.oneof(edgeIv, fc.uint8Array({ minLength: 16, maxLength: 16 })),
          fc.uint8Array({ maxLength: 200 }),
          (iv, data) => {
            const cipher = createCipheriv(`aes-${size * 8}-ctr`, raw, iv)
            const expected = Buffer.concat([cipher.update(data), cipher.final()])
            const actual = nodeCryptoProvider.aesCtr(key, iv, data) as Uint8Array
            assert.deepEqual(Buffer.from(actual), expected)
          },
        ),
        { numRuns: 300 },
      )
    }
  })
})
