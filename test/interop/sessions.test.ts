// A logged-in session moves between a Go net/http server on gorilla/sessions (the peer's
// `serve` command), tessera's Echo example (examples/echo.ts) and a tessera test server,
// with the cookie store and with the filesystem store sharing one folder.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parseKey } from '../../src/index.ts'
import {
  peerPath,
  preparePeer,
  repoDir,
  sortEntries,
  startServer,
  type RunningServer,
  type TypedEntry,
} from './peer.ts'
import { SessionClient } from './session-client.ts'
import { startTesseraServer, type TesseraServer } from './tessera-server.ts'

const skip = await preparePeer()

interface ServerConfig {
  readonly name: string
  readonly store: 'cookie' | 'filesystem'
  /** Keys in the text form that the peer's flags and the example's environment take. */
  readonly hashKey: string
  readonly blockKey?: string
}

const configs: readonly ServerConfig[] = [
  { name: 'cookie store, HMAC only', store: 'cookie', hashKey: 'a server hash key' },
  {
    name: 'cookie store, AES-256',
    store: 'cookie',
    hashKey: `hex:${'5a'.repeat(32)}`,
    blockKey: `base64:${Buffer.alloc(32, 7).toString('base64')}`,
  },
  { name: 'filesystem store, HMAC only', store: 'filesystem', hashKey: 'a filesystem hash key' },
  {
    name: 'filesystem store, AES-128',
    store: 'filesystem',
    hashKey: `base64:${Buffer.alloc(64, 3).toString('base64')}`,
    blockKey: `hex:${'0f'.repeat(16)}`,
  },
]

function stringEntry(key: string, value: string): TypedEntry {
  return { key: { type: 'string', value: key }, value: { type: 'string', value } }
}

async function dump(client: SessionClient, url: string): Promise<TypedEntry[]> {
  const response = await client.get(url, '/dump-session')
  assert.equal(response.status, 200, `dump-session failed: ${response.body}`)
  return sortEntries(JSON.parse(response.body) as TypedEntry[])
}

async function read(client: SessionClient, url: string): Promise<string> {
  const response = await client.get(url, '/read-session')
  assert.equal(response.status, 200, `read-session failed: ${response.body}`)
  return response.body
}

async function request(client: SessionClient, url: string, path: string): Promise<void> {
  const response = await client.get(url, path)
  assert.equal(response.status, 200, `${path} failed: ${response.body}`)
  assert.ok(response.setCookie, `${path} set no session cookie`)
}

async function sessionFiles(dir: string | undefined): Promise<string[]> {
  if (dir === undefined) return []
  return (await readdir(dir)).filter((name) => name.startsWith('session_'))
}

for (const config of configs) {
  describe(`sessions shared with Go: ${config.name}`, { skip }, () => {
    let dir: string | undefined
    let go: RunningServer | undefined
    let example: RunningServer | undefined
    let own: TesseraServer | undefined

    before(async () => {
      if (config.store === 'filesystem') dir = await mkdtemp(join(tmpdir(), 'tessera-interop-'))
      const keyFlags = ['--hash-key', config.hashKey]
      if (config.blockKey !== undefined) keyFlags.push('--block-key', config.blockKey)
      const storeFlags = dir === undefined ? [] : ['--dir', dir]
      go = await startServer({
        command: peerPath,
        args: [
          'serve',
          '--addr',
          '127.0.0.1:0',
          '--store',
          config.store,
          ...storeFlags,
          ...keyFlags,
        ],
      })

      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: '0',
        SESSION_STORE: config.store,
        SESSION_HASH_KEY: config.hashKey,
      }
      if (config.blockKey !== undefined) env['SESSION_BLOCK_KEY'] = config.blockKey
      if (dir !== undefined) env['SESSION_DIR'] = dir
      example = await startServer({
        command: process.execPath,
        args: ['--import', 'tsx', join(repoDir, 'examples', 'echo.ts')],
        env,
        listening: /listening on http:\/\/localhost:(\d+)/,
      })

      const keys = [
        {
          hashKey: parseKey(config.hashKey),
          blockKey: config.blockKey === undefined ? undefined : parseKey(config.blockKey),
        },
      ]
      own = await startTesseraServer({ store: config.store, keys, dir })
    })

    after(async () => {
      await Promise.all([go?.stop(), example?.stop(), own?.stop()])
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    })

    test('Go session continues on the Echo example', async () => {
      const client = new SessionClient()
      await request(client, go!.url, '/create-session')
      assert.equal(await read(client, example!.url), 'foo=bar\n')

      await request(client, go!.url, '/update-session?key=foo&value=changed%20in%20Go')
      assert.equal(await read(client, example!.url), 'foo=changed in Go\n')

      await request(client, example!.url, '/create-session')
      assert.equal(await read(client, go!.url), 'foo=bar\n')
    })

    test('Echo example session continues on Go', async () => {
      const client = new SessionClient()
      await request(client, example!.url, '/create-session')
      assert.equal(await read(client, go!.url), 'foo=bar\n')
      assert.deepEqual(await dump(client, go!.url), [stringEntry('foo', 'bar')])

      await request(client, go!.url, '/update-session?key=foo&value=Zo%C3%AB')
      assert.equal(await read(client, example!.url), 'foo=Zoë\n')
    })

    test('Go session continues on the tessera server and back', async () => {
      const filesBefore = await sessionFiles(dir)
      const client = new SessionClient()
      await request(client, go!.url, '/create-session')
      assert.equal(await read(client, own!.url), 'foo=bar\n')

      await request(client, own!.url, '/update-session?key=from&value=tessera')
      assert.deepEqual(await dump(client, go!.url), [
        stringEntry('foo', 'bar'),
        stringEntry('from', 'tessera'),
      ])

      await request(client, go!.url, '/update-session?key=reply&value=Go')
      assert.deepEqual(await dump(client, own!.url), [
        stringEntry('foo', 'bar'),
        stringEntry('from', 'tessera'),
        stringEntry('reply', 'Go'),
      ])
      assert.equal(await read(client, go!.url), 'foo=bar\n')

      if (dir !== undefined) {
        const filesAfter = await sessionFiles(dir)
        assert.equal(
          filesAfter.length,
          filesBefore.length + 1,
          'updates must reuse the session file',
        )
      }
    })

    test('tessera session continues on Go and back', async () => {
      const filesBefore = await sessionFiles(dir)
      const client = new SessionClient()
      await request(client, own!.url, '/create-session')
      assert.equal(await read(client, go!.url), 'foo=bar\n')

      await request(client, go!.url, '/update-session?key=foo&value=from%20Go')
      assert.equal(await read(client, own!.url), 'foo=from Go\n')

      await request(client, own!.url, '/update-session?key=cart&value=3%20items')
      assert.deepEqual(await dump(client, go!.url), [
        stringEntry('cart', '3 items'),
        stringEntry('foo', 'from Go'),
      ])
      assert.deepEqual(await dump(client, own!.url), await dump(client, go!.url))

      if (dir !== undefined) {
        const filesAfter = await sessionFiles(dir)
        assert.equal(
          filesAfter.length,
          filesBefore.length + 1,
          'updates must reuse the session file',
        )
      }
    })

    test('a cookie under other keys is rejected by both', async () => {
      const stranger = new SessionClient()
      const otherKeys = await startTesseraServer({
        store: config.store,
        keys: [{ hashKey: 'some other hash key' }],
        dir,
      })
      try {
        await request(stranger, otherKeys.url, '/create-session')
      } finally {
        await otherKeys.stop()
      }

      const goAnswer = await stranger.get(go!.url, '/read-session')
      assert.equal(goAnswer.status, 500)
      const ownAnswer = await stranger.get(own!.url, '/read-session')
      assert.equal(ownAnswer.status, 500)
      assert.equal(ownAnswer.body, goAnswer.body)
      // The example starts a fresh session where Echo responds with status 500.
      assert.equal(await read(stranger, example!.url), 'foo=<nil>\n')
    })
  })
}
