import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { CookieError, TesseraError } from '../src/errors.ts'
import { decodeGob, toTypedJSON } from '../src/gob/index.ts'
import {
  nodeCryptoProvider,
  noneSerializer,
  jsonSerializer,
  SecureCookie,
  webCryptoProvider,
  type CryptoProvider,
} from '../src/securecookie/index.ts'

interface VectorCase {
  id: string
  name: string
  hashKey: string
  blockKey?: string
  serializer: 'gob' | 'json'
  cookie: string
  timestamp: number
  maxAge: number
  values?: unknown
  reject?: string
  decodeKeys?: [string, string | undefined][]
}

const vectors: VectorCase[] = JSON.parse(
  readFileSync(new URL('./fixtures/securecookie.json', import.meta.url), 'utf8'),
)

const fixedIv = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex')

function fixedIvProvider(base: CryptoProvider): CryptoProvider {
  return { ...base, randomBytes: (length) => fixedIv.subarray(0, length) }
}

const expectedCodes: Record<string, string> = {
  'reject/mac-flipped': 'ERR_MAC_INVALID',
  'reject/wrong-name': 'ERR_MAC_INVALID',
  'reject/wrong-key': 'ERR_MAC_INVALID',
  'reject/not-base64': 'ERR_BASE64_INVALID',
  'reject/two-parts': 'ERR_MAC_INVALID',
  'reject/too-long': 'ERR_VALUE_TOO_LONG',
  'reject/expired': 'ERR_TIMESTAMP_EXPIRED',
}

function codecFor(vector: VectorCase, clock = () => Date.now()): SecureCookie {
  const keys = vector.decodeKeys
    ? vector.decodeKeys.map(([hashKey, blockKey]) => ({ hashKey, blockKey: blockKey || undefined }))
    : [{ hashKey: vector.hashKey, blockKey: vector.blockKey }]
  return new SecureCookie({ keys, maxAge: vector.maxAge, serializer: noneSerializer, clock })
}

describe('securecookie vectors from Go', () => {
  for (const vector of vectors) {
    test(vector.id, async () => {
      const codec = codecFor(vector)
      if (vector.reject !== undefined) {
        const code = expectedCodes[vector.id]
        assert.ok(code, `no expected code for ${vector.id}`)
        await assert.rejects(codec.decode(vector.name, vector.cookie), (error: unknown) => {
          assert.ok(error instanceof CookieError)
          assert.equal(error.code, code)
          return true
        })
        return
      }

      const { value, timestamp, keyIndex } = await codec.decode(vector.name, vector.cookie)
      assert.equal(timestamp, vector.timestamp)
      assert.equal(keyIndex, vector.decodeKeys ? vector.decodeKeys.length - 1 : 0)
      const payload = value as Uint8Array
      if (vector.serializer === 'json') {
        const decoded = jsonSerializer.deserialize(payload).value as Map<string, unknown>
        assert.ok(decoded instanceof Map)
        assert.equal(decoded.get('foo'), 'bar')
      } else {
        assert.deepEqual(toTypedJSON(decodeGob(payload)), vector.values)
      }
    })
  }

  test('expired vector passes with clock at its timestamp', async () => {
    const vector = vectors.find((v) => v.id === 'reject/expired')!
    const codec = codecFor(vector, () => vector.timestamp * 1000)
    const { timestamp } = await codec.decode(vector.name, vector.cookie)
    assert.equal(timestamp, vector.timestamp)
  })
})

// The spec's independent encoder examples: fixed timestamp 1700000000 and fixed IV.
const knownAnswers = [
  {
    label: 'A: HMAC only',
    keys: { hashKey: 'secret' },
    payload:
      '0eff81040102ff820001100110000020ff82000106737472696e670c050003666f6f06737472696e670c050003626172',
    cookie:
      'MTcwMDAwMDAwMHxEdi1CQkFFQ180SUFBUkFCRUFBQUlQLUNBQUVHYzNSeWFXNW5EQVVBQTJadmJ3WnpkSEpwYm1jTUJRQURZbUZ5fPVwvsPWHXVaGPd00nXQRGvecuQe2rHpsRdndtg5m50q',
  },
  {
    label: 'B: AES-128-CTR',
    keys: { hashKey: '0123456789abcdef0123456789abcdef', blockKey: '0123456789abcdef' },
    payload:
      '0eff81040102ff820001100110000020ff82000106737472696e670c050003666f6f06737472696e670c050003626172',
    cookie:
      'MTcwMDAwMDAwMHxBQUVDQXdRRkJnY0lDUW9MREEwT0Q2NkdHUFRqdlVHVS1aU0Q2SlNrU1pmNmN4bVYwa21tSzlSRk9ZRVA3Sjh1Z2ZVWXU2eWlES2RqOXM3Vlo4N1FWUT09fGQmBQBFSyH2WTx1ixeRMltL3l7EGTy_AngGV7Mx8LeB',
  },
  {
    label: 'C: AES-256-CTR',
    keys: {
      hashKey: '0123456789abcdef0123456789abcdef',
      blockKey: 'abcdefghijklmnopqrstuvwxyz012345',
    },
    payload:
      '0eff81040102ff820001100110000020ff82000106737472696e670c050003666f6f06737472696e670c050003626172',
    cookie:
      'MTcwMDAwMDAwMHxBQUVDQXdRRkJnY0lDUW9MREEwT0R5LWMxSXpIQXpkMXdOMC16M2M1TGJIR3N1WnlvdVlrbFZsMXBEZmhGUXZqVFlOQ3MxNDV0RFVMRGdkOXRNSTNUUT09fMWqclLVunrwPqJdaJtpyQ6W0Xi7A6XjODEJ5sOvnOEV',
  },
  {
    label: 'D: id cookie',
    keys: { hashKey: 'secret' },
    payload: '060c0003414243',
    cookie: 'MTcwMDAwMDAwMHxCZ3dBQTBGQ1F3PT18flXoJhqvh2HMmeYc9dexDx55g5SlAwjHRRGr3o7pxNE=',
  },
  {
    label: 'E: JSON payload',
    keys: { hashKey: 'secret' },
    payload: '7b22666f6f223a22626172227d0a',
    cookie:
      'MTcwMDAwMDAwMHxleUptYjI4aU9pSmlZWElpZlFvPXxw3Z8SHZpC2B-C953nKs8KLCKw_4Ohul2-WTIPCDFwfQ==',
  },
]

for (const provider of [nodeCryptoProvider, webCryptoProvider]) {
  describe(`securecookie known answers (${provider.name})`, () => {
    for (const example of knownAnswers) {
      test(`encodes ${example.label} byte for byte`, async () => {
        const codec = new SecureCookie({
          keys: example.keys,
          serializer: noneSerializer,
          crypto: fixedIvProvider(provider),
          clock: () => 1700000000 * 1000,
        })
        const cookie = await codec.encode('session', Buffer.from(example.payload, 'hex'))
        assert.equal(cookie, example.cookie)
      })

      test(`decodes ${example.label}`, async () => {
        const codec = new SecureCookie({
          keys: example.keys,
          serializer: noneSerializer,
          crypto: provider,
          maxAge: 0,
        })
        const { value } = await codec.decode('session', example.cookie)
        assert.equal(Buffer.from(value as Uint8Array).toString('hex'), example.payload)
      })
    }
  })
}

function pad(base64: string): string {
  return base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')
}

// Signs the gob string "ABC" with an arbitrary timestamp text, as Go's layout would.
function signedBy(hashKey: string, timestamp: string): string {
  const value = 'BgwAA0FCQw=='
  const mac = createHmac('sha256', hashKey).update(`session|${timestamp}|${value}`).digest()
  return pad(Buffer.concat([Buffer.from(`${timestamp}|${value}|`), mac]).toString('base64url'))
}

describe('securecookie edge cases', () => {
  const idCookie = knownAnswers[3]!.cookie
  const codec = new SecureCookie({
    keys: { hashKey: 'secret' },
    maxAge: 0,
    serializer: noneSerializer,
  })
  const strict = new SecureCookie({ keys: { hashKey: 'secret' }, serializer: noneSerializer })

  async function rejectCode(promise: Promise<unknown>): Promise<string> {
    try {
      await promise
    } catch (error) {
      assert.ok(error instanceof CookieError, `expected CookieError, got ${String(error)}`)
      return error.code
    }
    assert.fail('expected a rejection')
  }

  test('rejects stripped outer padding', async () => {
    assert.equal(
      await rejectCode(codec.decode('session', idCookie.replace(/=+$/, ''))),
      'ERR_BASE64_INVALID',
    )
  })

  test('rejects the standard base64 alphabet', async () => {
    const urlSafe = vectors.find((v) => /[-_]/.test(v.cookie) && v.id.startsWith('hmac/'))!
    const standard = urlSafe.cookie.replace(/-/g, '+').replace(/_/g, '/')
    const hmac = new SecureCookie({
      keys: { hashKey: urlSafe.hashKey },
      maxAge: 0,
      serializer: noneSerializer,
    })
    assert.equal(await rejectCode(hmac.decode(urlSafe.name, standard)), 'ERR_BASE64_INVALID')
  })

  test('skips CR and LF like Go', async () => {
    const withNewline = idCookie.slice(0, 10) + '\r\n' + idCookie.slice(10)
    const { value } = await codec.decode('session', withNewline)
    assert.equal(Buffer.from(value as Uint8Array).toString('hex'), '060c0003414243')
  })

  test('rejects empty string as invalid MAC', async () => {
    assert.equal(await rejectCode(codec.decode('session', '')), 'ERR_MAC_INVALID')
  })

  test('checks the MAC before the timestamp', async () => {
    const junk = Buffer.concat([Buffer.from('notanumber|QUJD|'), Buffer.alloc(32, 7)])
    assert.equal(
      await rejectCode(codec.decode('session', pad(junk.toString('base64url')))),
      'ERR_MAC_INVALID',
    )
  })

  test('accepts future and plus-signed timestamps', async () => {
    for (const timestamp of ['99999999999', '+99999999999']) {
      const { value, timestamp: decoded } = await strict.decode(
        'session',
        signedBy('secret', timestamp),
      )
      assert.equal(decoded, 99999999999)
      assert.equal(Buffer.from(value as Uint8Array).toString('hex'), '060c0003414243')
    }
  })

  test('rejects negative timestamp as expired', async () => {
    assert.equal(
      await rejectCode(strict.decode('session', signedBy('secret', '-5'))),
      'ERR_TIMESTAMP_EXPIRED',
    )
  })

  test('rejects non-numeric timestamp after a valid MAC', async () => {
    assert.equal(
      await rejectCode(codec.decode('session', signedBy('secret', '12a'))),
      'ERR_TIMESTAMP_INVALID',
    )
  })

  test('rejects values newer than minAge', async () => {
    const young = new SecureCookie({
      keys: { hashKey: 'secret' },
      minAge: 60,
      serializer: noneSerializer,
    })
    const cookie = await young.encode('session', Buffer.from('x'))
    assert.equal(await rejectCode(young.decode('session', cookie)), 'ERR_TIMESTAMP_TOO_NEW')
  })

  test('rejects ciphertext of IV length only', async () => {
    const aes = new SecureCookie({
      keys: { hashKey: 'secret', blockKey: '0123456789abcdef' },
      serializer: noneSerializer,
    })
    const cookie = await aes.encode('session', new Uint8Array(0))
    assert.equal(await rejectCode(aes.decode('session', cookie)), 'ERR_DECRYPT_FAILED')
  })

  test('checks length before decoding', async () => {
    const short = new SecureCookie({
      keys: { hashKey: 'secret' },
      maxLength: 10,
      serializer: noneSerializer,
    })
    assert.equal(await rejectCode(short.decode('session', '!'.repeat(11))), 'ERR_VALUE_TOO_LONG')
  })

  test('encode over maxLength fails with length', async () => {
    const short = new SecureCookie({
      keys: { hashKey: 'secret' },
      maxLength: 50,
      serializer: noneSerializer,
    })
    await assert.rejects(
      short.encode('session', new Uint8Array(100)),
      /ERR_VALUE_TOO_LONG|over maxLength 50/,
    )
  })

  test('MAC containing pipe bytes splits on first two', async () => {
    // Encode many values until one MAC contains a 0x7c byte, then decode it.
    const signer = new SecureCookie({ keys: { hashKey: 'secret' }, serializer: noneSerializer })
    let found = false
    for (let index = 0; index < 400 && !found; index++) {
      const cookie = await signer.encode('session', Buffer.from(String(index)))
      const raw = Buffer.from(cookie, 'base64url')
      const macStart = raw.lastIndexOf(0x7c, raw.length - 33) + 1
      if (raw.subarray(macStart).includes(0x7c)) {
        found = true
        const { value } = await signer.decode('session', cookie)
        assert.equal(Buffer.from(value as Uint8Array).toString(), String(index))
      }
    }
    assert.ok(found, 'no MAC with a pipe byte among 400 samples')
  })
})

describe('securecookie key rotation', () => {
  const oldPair = { hashKey: 'old-hash', blockKey: 'old-block-key-16' }
  const newPair = { hashKey: 'new-hash', blockKey: 'new-block-key-16' }

  test('encodes with first pair, decodes with any', async () => {
    const oldCodec = new SecureCookie({ keys: [oldPair], serializer: noneSerializer })
    const rotated = new SecureCookie({ keys: [newPair, oldPair], serializer: noneSerializer })
    const oldCookie = await oldCodec.encode('session', Buffer.from('hello'))
    const decoded = await rotated.decode('session', oldCookie)
    assert.equal(decoded.keyIndex, 1)
    const fresh = await rotated.encode('session', Buffer.from('hello'))
    assert.equal((await rotated.decode('session', fresh)).keyIndex, 0)
    await assert.rejects(oldCodec.decode('session', fresh), { code: 'ERR_MAC_INVALID' })
  })

  test('same hash key with rotated block key', async () => {
    const first = { hashKey: 'shared', blockKey: 'aaaaaaaaaaaaaaaa' }
    const second = { hashKey: 'shared', blockKey: 'bbbbbbbbbbbbbbbb' }
    const writer = new SecureCookie({ keys: [second], serializer: jsonSerializer })
    const reader = new SecureCookie({ keys: [first, second], serializer: jsonSerializer })
    const cookie = await writer.encode('session', new Map([['a', 1]]))
    const { value, keyIndex } = await reader.decode('session', cookie)
    assert.equal(keyIndex, 1)
    assert.deepEqual(value, new Map([['a', 1]]))
  })
})

describe('securecookie options', () => {
  const cases: [string, () => unknown][] = [
    ['no keys', () => new SecureCookie({ keys: [] })],
    ['empty hash key', () => new SecureCookie({ keys: { hashKey: '' } })],
    ['bad block key size', () => new SecureCookie({ keys: { hashKey: 'x', blockKey: 'short' } })],
    ['empty block key', () => new SecureCookie({ keys: { hashKey: 'x', blockKey: '' } })],
    ['negative maxAge', () => new SecureCookie({ keys: { hashKey: 'x' }, maxAge: -1 })],
    ['fractional maxLength', () => new SecureCookie({ keys: { hashKey: 'x' }, maxLength: 1.5 })],
    ['non-object options', () => new SecureCookie(null as never)],
  ]
  for (const [label, make] of cases) {
    test(`rejects ${label} with TypeError`, () => {
      assert.throws(make, TypeError)
    })
  }

  test('error messages contain no key material', () => {
    try {
      new SecureCookie({ keys: { hashKey: 'topsecret', blockKey: 'wrong-size-key' } })
    } catch (error) {
      assert.ok(!(error as Error).message.includes('wrong-size-key'))
      assert.ok(!(error as Error).message.includes('topsecret'))
    }
  })
})

describe('securecookie with a failing crypto provider', () => {
  // A provider whose key import rejects, as a remote key service can; the fault cannot be
  // caused with the built-in providers, hence this stand-in.
  function failingProvider(failures: { count: number }): CryptoProvider {
    return {
      ...nodeCryptoProvider,
      name: 'flaky',
      importHmacKey: (raw) => {
        if (failures.count-- > 0) return Promise.reject(new Error('key service timed out'))
        return nodeCryptoProvider.importHmacKey(raw)
      },
    }
  }

  test('import failure is ERR_CRYPTO_FAILED and retried', async () => {
    const failures = { count: 1 }
    const codec = new SecureCookie({
      keys: { hashKey: 'k' },
      serializer: noneSerializer,
      crypto: failingProvider(failures),
    })
    await assert.rejects(codec.encode('s', new Uint8Array([1])), (error: unknown) => {
      assert.ok(error instanceof TesseraError)
      assert.equal(error.code, 'ERR_CRYPTO_FAILED')
      assert.ok(!(error instanceof CookieError))
      return true
    })
    const cookie = await codec.encode('s', new Uint8Array([1]))
    assert.deepEqual([...((await codec.decode('s', cookie)).value as Uint8Array)], [1])
  })

  test('provider that throws while signing', async () => {
    const codec = new SecureCookie({
      keys: { hashKey: 'k' },
      serializer: noneSerializer,
      crypto: {
        ...nodeCryptoProvider,
        hmacSha256: () => {
          throw new Error('hardware failure')
        },
      },
    })
    await assert.rejects(codec.decode('s', knownAnswers[3]!.cookie), { code: 'ERR_CRYPTO_FAILED' })
  })

  test('invalid serializer and provider throw TypeError', () => {
    assert.throws(
      () => new SecureCookie({ keys: { hashKey: 'k' }, serializer: {} as never }),
      TypeError,
    )
    assert.throws(
      () => new SecureCookie({ keys: { hashKey: 'k' }, crypto: {} as never }),
      TypeError,
    )
  })
})

describe('json serializer', () => {
  test('writes bytes as base64 like Go', () => {
    const bytes = jsonSerializer.serialize(
      new Map<string, unknown>([
        ['buffer', Buffer.from([1, 2, 3])],
        ['array', new Uint8Array([255])],
      ]),
    )
    assert.equal(new TextDecoder().decode(bytes), '{"buffer":"AQID","array":"/w=="}\n')
  })

  test('escapes HTML characters like Go', () => {
    const bytes = jsonSerializer.serialize(new Map([['html', '<a href="x">&</a>']]))
    assert.equal(
      new TextDecoder().decode(bytes),
      '{"html":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"}\n',
    )
  })

  test('rejects non-string keys and bigints', () => {
    assert.throws(() => jsonSerializer.serialize(new Map([[1, 'x']])), {
      code: 'ERR_SERIALIZE_FAILED',
    })
    assert.throws(() => jsonSerializer.serialize(new Map([['n', 1n]])), {
      code: 'ERR_SERIALIZE_FAILED',
    })
  })
})
