// Cookies made by tessera's SecureCookie must decode in Go's gorilla/securecookie to the
// same typed values, and the reverse, for every key kind and serializer.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { toTypedJSON, type GoValue } from '../../src/gob/index.ts'
import { CookieError, SecureCookie, jsonSerializer, type KeyPair } from '../../src/index.ts'
import {
  goDecode,
  goEncode,
  preparePeer,
  sortEntries,
  type PeerCodecOptions,
  type TypedEntry,
} from './peer.ts'
import {
  entriesToMap,
  entriesToPlainMap,
  interopGob,
  keyKinds,
  keyMaterial,
  ownGobSamples,
  ownJsonSamples,
  vectorSamples,
  type KeyKind,
  type Sample,
} from './typed-values.ts'

const skip = await preparePeer()
const vectors = await vectorSamples()
const gobSamples: Sample[] = [...vectors.gob, ...ownGobSamples]
const jsonSamples: Sample[] = [...vectors.json, ...ownJsonSamples]

function tesseraCodec(keys: readonly KeyPair[], serializer: 'gob' | 'json', clock?: () => number) {
  return new SecureCookie({
    keys,
    serializer: serializer === 'gob' ? interopGob : jsonSerializer,
    clock,
  })
}

function peerOptions(kind: KeyKind, serializer: 'gob' | 'json'): PeerCodecOptions {
  return { name: kind.cookieName, keys: [kind.pair], serializer }
}

async function decodeInGo(options: PeerCodecOptions, cookie: string): Promise<TypedEntry[]> {
  const decoded = await goDecode(options, cookie)
  if (!decoded.ok) assert.fail(`Go rejected the cookie: ${decoded.error}`)
  return decoded.entries
}

describe('securecookie interop with Go', { skip }, () => {
  for (const kind of keyKinds) {
    describe(`${kind.kind} keys, gob`, () => {
      const codec = tesseraCodec([kind.pair], 'gob')
      const options = peerOptions(kind, 'gob')

      for (const sample of gobSamples) {
        test(`tessera to Go: ${sample.name}`, async () => {
          const cookie = await codec.encode(kind.cookieName, entriesToMap(sample.entries))
          assert.deepEqual(await decodeInGo(options, cookie), sortEntries(sample.entries))
        })

        test(`Go to tessera: ${sample.name}`, async () => {
          const cookie = await goEncode(options, sample.entries)
          const decoded = await codec.decode(kind.cookieName, cookie)
          assert.equal(decoded.keyIndex, 0)
          assert.deepEqual(toTypedJSON(decoded.types as GoValue), sortEntries(sample.entries))
        })

        test(`Go to tessera to Go: ${sample.name}`, async () => {
          const cookie = await goEncode(options, sample.entries)
          const decoded = await codec.decode(kind.cookieName, cookie)
          const again = await codec.encode(kind.cookieName, decoded.value, decoded.types)
          assert.deepEqual(await decodeInGo(options, again), sortEntries(sample.entries))
        })
      }
    })

    describe(`${kind.kind} keys, json`, () => {
      const codec = tesseraCodec([kind.pair], 'json')
      const options = peerOptions(kind, 'json')

      for (const sample of jsonSamples) {
        test(`tessera to Go: ${sample.name}`, async () => {
          const cookie = await codec.encode(kind.cookieName, entriesToPlainMap(sample.entries))
          assert.deepEqual(await decodeInGo(options, cookie), sortEntries(sample.entries))
        })

        test(`Go to tessera: ${sample.name}`, async () => {
          const cookie = await goEncode(options, sample.entries)
          const decoded = await codec.decode(kind.cookieName, cookie)
          assert.deepEqual(decoded.value, entriesToPlainMap(sample.entries))
        })
      }
    })
  }

  describe('time.Time with a zero offset outside UTC', () => {
    // Go gives such a time (parsed from "+00:00") the Local zone, writes zone offset 0
    // rather than UTC's -1, and prints it as "Z" in RFC 3339.
    const kind = keyKinds[0]!
    const options = peerOptions(kind, 'gob')
    const sample: TypedEntry[] = [
      {
        key: { type: 'string', value: 'at' },
        value: { type: 'time.Time', value: '2023-11-14T22:13:20+00:00' },
      },
    ]
    const expected: TypedEntry[] = [
      {
        key: { type: 'string', value: 'at' },
        value: { type: 'time.Time', value: '2023-11-14T22:13:20Z' },
      },
    ]

    test('round-trips through tessera', async () => {
      const codec = tesseraCodec([kind.pair], 'gob')
      const decoded = await codec.decode(kind.cookieName, await goEncode(options, sample))
      const again = await codec.encode(kind.cookieName, decoded.value, decoded.types)
      assert.deepEqual(await decodeInGo(options, again), expected)
    })

    test('renders like Go in toTypedJSON', async () => {
      const cookie = await goEncode(options, sample)
      const decoded = await tesseraCodec([kind.pair], 'gob').decode(kind.cookieName, cookie)
      assert.deepEqual(toTypedJSON(decoded.types as GoValue), expected)
    })
  })

  describe('rejections agree', () => {
    const pair: KeyPair = { hashKey: 'reject-hash', blockKey: keyMaterial(16, 9) }
    const options: PeerCodecOptions = { keys: [pair] }
    const sample: TypedEntry[] = [
      { key: { type: 'string', value: 'foo' }, value: { type: 'string', value: 'bar' } },
    ]

    test('cookie name is covered by the MAC', async () => {
      const cookie = await tesseraCodec([pair], 'gob').encode('one', entriesToMap(sample))
      const decoded = await goDecode({ ...options, name: 'other' }, cookie)
      assert.deepEqual(decoded, { ok: false, error: 'securecookie: the value is not valid' })

      const goCookie = await goEncode({ ...options, name: 'one' }, sample)
      await assert.rejects(tesseraCodec([pair], 'gob').decode('other', goCookie), {
        code: 'ERR_MAC_INVALID',
      })
    })

    test('Go rejects an expired tessera cookie', async () => {
      const monthAgo = Date.now() - 31 * 86400 * 1000
      const cookie = await tesseraCodec([pair], 'gob', () => monthAgo).encode(
        'session',
        entriesToMap(sample),
      )
      assert.deepEqual(await goDecode(options, cookie), {
        ok: false,
        error: 'securecookie: expired timestamp',
      })
      assert.equal((await goDecode({ ...options, maxAge: 0 }, cookie)).ok, true)
    })

    test('tessera rejects an expired Go cookie', async () => {
      const cookie = await goEncode(options, sample)
      const monthLater = () => Date.now() + 31 * 86400 * 1000
      await assert.rejects(tesseraCodec([pair], 'gob', monthLater).decode('session', cookie), {
        code: 'ERR_TIMESTAMP_EXPIRED',
      })
    })
  })

  describe('key rotation', () => {
    const sample: TypedEntry[] = [
      {
        key: { type: 'string', value: 'user' },
        value: { type: 'int64', value: '9007199254740993' },
      },
    ]
    const rotations: { readonly name: string; readonly old: KeyPair; readonly new: KeyPair }[] = [
      {
        name: 'HMAC to HMAC',
        old: { hashKey: 'old hash key' },
        new: { hashKey: 'new hash key' },
      },
      {
        name: 'HMAC to AES-256',
        old: { hashKey: 'old hash key' },
        new: { hashKey: keyMaterial(32, 5), blockKey: keyMaterial(32, 6) },
      },
      {
        name: 'AES-128 to AES-192 with the same hash key',
        old: { hashKey: 'shared hash key', blockKey: keyMaterial(16, 7) },
        new: { hashKey: 'shared hash key', blockKey: keyMaterial(24, 8) },
      },
    ]

    for (const rotation of rotations) {
      test(`Go reads old tessera cookie: ${rotation.name}`, async () => {
        const cookie = await tesseraCodec([rotation.old], 'gob').encode(
          'session',
          entriesToMap(sample),
        )
        assert.deepEqual(await goDecode({ keys: [rotation.new, rotation.old] }, cookie), {
          ok: true,
          entries: sample,
        })
        assert.equal((await goDecode({ keys: [rotation.new] }, cookie)).ok, false)
      })

      test(`tessera reads old Go cookie: ${rotation.name}`, async () => {
        const cookie = await goEncode({ keys: [rotation.old] }, sample)
        const rotated = tesseraCodec([rotation.new, rotation.old], 'gob')
        const decoded = await rotated.decode('session', cookie)
        assert.equal(decoded.keyIndex, 1)
        assert.deepEqual(toTypedJSON(decoded.types as GoValue), sample)

        const onlyNew = tesseraCodec([rotation.new], 'gob')
        await assert.rejects(onlyNew.decode('session', cookie), (error: unknown) => {
          assert.ok(error instanceof CookieError)
          return true
        })
      })

      test(`re-encoded cookie needs only new keys: ${rotation.name}`, async () => {
        const cookie = await goEncode({ keys: [rotation.old] }, sample)
        const rotated = tesseraCodec([rotation.new, rotation.old], 'gob')
        const decoded = await rotated.decode('session', cookie)
        const renewed = await rotated.encode('session', decoded.value, decoded.types)
        assert.deepEqual(await goDecode({ keys: [rotation.new] }, renewed), {
          ok: true,
          entries: sample,
        })

        const goRenewed = await goEncode({ keys: [rotation.new, rotation.old] }, sample)
        const onlyNew = await tesseraCodec([rotation.new], 'gob').decode('session', goRenewed)
        assert.equal(onlyNew.keyIndex, 0)
      })
    }
  })
})
