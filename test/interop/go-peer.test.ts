// Checks the Go peer itself against cookies that gorilla/securecookie wrote, so that a
// failure in the other interop suites points at tessera and not at the peer.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  goDecode,
  goEncode,
  peerPath,
  preparePeer,
  repoDir,
  sortEntries,
  startServer,
  type PeerCodecOptions,
  type RunningServer,
  type TypedEntry,
} from './peer.ts'
import { SessionClient } from './session-client.ts'

interface VectorCase {
  readonly id: string
  readonly name: string
  readonly hashKey: string
  readonly blockKey?: string
  readonly serializer: 'gob' | 'json'
  readonly cookie: string
  readonly maxAge: number
  readonly values?: TypedEntry[]
  readonly reject?: string
  readonly decodeKeys?: [string, string | null][]
}

const vectors = JSON.parse(
  await readFile(join(repoDir, 'test', 'fixtures', 'securecookie.json'), 'utf8'),
) as VectorCase[]
const skip = await preparePeer()

function codecOptions(vector: VectorCase): PeerCodecOptions {
  const keys = vector.decodeKeys?.map(([hashKey, blockKey]) => ({
    hashKey,
    blockKey: blockKey ?? undefined,
  })) ?? [{ hashKey: vector.hashKey, blockKey: vector.blockKey }]
  return { name: vector.name, keys, serializer: vector.serializer, maxAge: vector.maxAge }
}

describe('Go peer', { skip }, () => {
  describe('decodes Go-made cookies', () => {
    for (const vector of vectors.filter((item) => item.values !== undefined)) {
      test(vector.id, async () => {
        const decoded = await goDecode(codecOptions(vector), vector.cookie)
        assert.deepEqual(decoded, { ok: true, entries: vector.values })
      })
    }
  })

  describe('rejects invalid cookies', () => {
    for (const vector of vectors.filter((item) => item.reject !== undefined)) {
      test(vector.id, async () => {
        const decoded = await goDecode(codecOptions(vector), vector.cookie)
        assert.equal(decoded.ok, false)
      })
    }
  })

  test('round-trips every typed value shape', async () => {
    const options: PeerCodecOptions = {
      keys: [{ hashKey: 'secret', blockKey: '0123456789abcdef' }],
    }
    const entries: TypedEntry[] = [
      { key: { type: 'int', value: 42 }, value: { type: 'int8', value: -3 } },
      {
        key: { type: 'string', value: 'f32' },
        value: { type: 'float32', value: 0.10000000149011612 },
      },
      { key: { type: 'string', value: 'i16' }, value: { type: 'int16', value: -300 } },
      { key: { type: 'string', value: 'i32' }, value: { type: 'int32', value: 70000 } },
      { key: { type: 'string', value: 'nan' }, value: { type: 'float64', value: 'NaN' } },
      { key: { type: 'string', value: 'nil' }, value: null },
      {
        key: { type: 'string', value: 'person' },
        value: { type: '*main.Person', value: { Name: 'Al', Age: 3 } },
      },
      {
        key: { type: 'string', value: 'time' },
        value: { type: 'time.Time', value: '2023-11-14T22:13:20.000000005+02:00' },
      },
      { key: { type: 'string', value: 'u16' }, value: { type: 'uint16', value: 65535 } },
      {
        key: { type: 'string', value: 'u' },
        value: { type: 'uint', value: '18446744073709551615' },
      },
      { key: { type: 'string', value: 'i' }, value: { type: 'int', value: '-9007199254740993' } },
      { key: { type: 'string', value: 'u32' }, value: { type: 'uint32', value: 4294967295 } },
    ]
    const cookie = await goEncode(options, entries)
    assert.deepEqual(await goDecode(options, cookie), { ok: true, entries: sortEntries(entries) })
  })

  test('decode rejects a wrong key with the Go error', async () => {
    const cookie = await goEncode({ keys: [{ hashKey: 'right' }] }, [])
    const decoded = await goDecode({ keys: [{ hashKey: 'wrong' }] }, cookie)
    assert.deepEqual(decoded, { ok: false, error: 'securecookie: the value is not valid' })
  })

  describe('serve', () => {
    let server: RunningServer
    before(async () => {
      server = await startServer({
        command: peerPath,
        args: ['serve', '--addr', '127.0.0.1:0', '--store', 'cookie', '--hash-key', 'secret'],
      })
    })
    after(() => server?.stop())

    test('serves the Echo example routes', async () => {
      const client = new SessionClient()
      assert.equal((await client.get(server.url, '/read-session')).body, 'foo=<nil>\n')
      const created = await client.get(server.url, '/create-session')
      assert.equal(created.status, 200)
      assert.match(
        created.setCookie ?? '',
        /^session=[\w=-]+; Path=\/; Expires=.+; Max-Age=604800; HttpOnly$/,
      )
      assert.equal((await client.get(server.url, '/read-session')).body, 'foo=bar\n')
      assert.equal((await client.get(server.url, '/update-session?key=foo&value=baz')).status, 200)
      assert.equal((await client.get(server.url, '/read-session')).body, 'foo=baz\n')
      const dump = await client.get(server.url, '/dump-session')
      assert.deepEqual(JSON.parse(dump.body), [
        { key: { type: 'string', value: 'foo' }, value: { type: 'string', value: 'baz' } },
      ])
    })

    test('rejects a bad cookie with 500', async () => {
      const client = new SessionClient()
      client.cookie = 'garbage'
      const response = await client.get(server.url, '/read-session')
      assert.equal(response.status, 500)
      assert.equal(response.body, '{"message":"Internal Server Error"}\n')
    })
  })
})
