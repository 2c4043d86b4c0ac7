import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'

const root = new URL('..', import.meta.url)

function tessera(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  })
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr }
}

const vectors = JSON.parse(
  readFileSync(new URL('./fixtures/securecookie.json', import.meta.url), 'utf8'),
) as {
  id: string
  name: string
  hashKey: string
  blockKey?: string
  serializer: string
  cookie: string
  values: unknown
}[]

describe('tessera keygen', () => {
  test('prints 32 random bytes as hex', () => {
    const first = tessera('keygen')
    assert.equal(first.code, 0)
    assert.match(first.stdout, /^hex:[0-9a-f]{64}$/)
    assert.notEqual(tessera('keygen').stdout, first.stdout)
  })

  test('honours --bytes', () => {
    assert.match(tessera('keygen', '--bytes', '16').stdout, /^hex:[0-9a-f]{32}$/)
    assert.equal(tessera('keygen', '--bytes', '0').code, 2)
  })
})

describe('tessera decode', () => {
  for (const id of ['hmac/gob/ints', 'aes256/gob/nested', 'aes128/gob/floats', 'hmac/json/basic']) {
    test(`prints Go types of ${id}`, () => {
      const vector = vectors.find((v) => v.id === id)!
      const args = ['decode', '--name', vector.name, '--hash-key', vector.hashKey]
      if (vector.blockKey) args.push('--block-key', vector.blockKey)
      args.push('--serializer', vector.serializer, '--max-age', '0', '--go-types', vector.cookie)
      const result = tessera(...args)
      assert.equal(result.code, 0, result.stderr)
      assert.deepEqual(JSON.parse(result.stdout), vector.values)
    })
  }

  test('prints plain values', () => {
    const vector = vectors.find((v) => v.id === 'docs/echo-example')!
    const result = tessera(
      'decode',
      '--name',
      'session',
      '--hash-key',
      'secret',
      '--max-age',
      '0',
      vector.cookie,
    )
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(JSON.parse(result.stdout), { foo: 'bar' })
  })

  test('rejected cookie exits 1 with one line', () => {
    const vector = vectors.find((v) => v.id === 'docs/echo-example')!
    const result = tessera('decode', '--name', 'session', '--hash-key', 'wrong', vector.cookie)
    assert.equal(result.code, 1)
    assert.equal(result.stderr.trim().split('\n').length, 1)
    assert.match(result.stderr, /ERR_MAC_INVALID/)
  })

  test('expired cookie under default max age', () => {
    const vector = vectors.find((v) => v.id === 'reject/expired')!
    const result = tessera(
      'decode',
      '--name',
      'session',
      '--hash-key',
      vector.hashKey,
      vector.cookie,
    )
    assert.equal(result.code, 1)
    assert.match(result.stderr, /ERR_TIMESTAMP_EXPIRED/)
  })

  test('non-JSON payload with json serializer exits 1', () => {
    const vector = vectors.find((v) => v.id === 'docs/echo-example')!
    const args = ['decode', '--name', 'session', '--hash-key', 'secret', '--max-age', '0']
    const result = tessera(...args, '--serializer', 'json', vector.cookie)
    assert.equal(result.code, 1)
    assert.match(result.stderr, /^tessera: cookie rejected: ERR_DESERIALIZE_FAILED/)
    assert.equal(result.stderr.trim().split('\n').length, 1)
  })

  test('missing options exit 2 with usage', () => {
    const result = tessera('decode', 'abc')
    assert.equal(result.code, 2)
    assert.match(result.stderr, /missing --name/)
  })
})

describe('tessera encode', () => {
  for (const serializer of ['gob', 'json']) {
    test(`round trips through decode with ${serializer}`, () => {
      const keys = [
        '--hash-key',
        'hex:00112233445566778899aabbccddeeff',
        '--block-key',
        'base64:MDEyMzQ1Njc4OWFiY2RlZg==',
      ]
      const encoded = tessera(
        'encode',
        '--name',
        'sess',
        ...keys,
        '--serializer',
        serializer,
        '{"user":"alice","n":3,"ok":true}',
      )
      assert.equal(encoded.code, 0, encoded.stderr)
      assert.match(encoded.stdout, /^[A-Za-z0-9_-]+=*$/)
      const decoded = tessera(
        'decode',
        '--name',
        'sess',
        ...keys,
        '--serializer',
        serializer,
        encoded.stdout,
      )
      assert.equal(decoded.code, 0, decoded.stderr)
      assert.deepEqual(JSON.parse(decoded.stdout), { user: 'alice', n: 3, ok: true })
    })
  }

  test('gob encode gives Go types', () => {
    const encoded = tessera('encode', '--name', 's', '--hash-key', 'k', '{"n":3,"f":1.5}')
    const decoded = tessera(
      'decode',
      '--name',
      's',
      '--hash-key',
      'k',
      '--go-types',
      encoded.stdout,
    )
    assert.deepEqual(JSON.parse(decoded.stdout), [
      { key: { type: 'string', value: 'f' }, value: { type: 'float64', value: 1.5 } },
      { key: { type: 'string', value: 'n' }, value: { type: 'int', value: 3 } },
    ])
  })

  test('invalid JSON exits 2', () => {
    assert.equal(tessera('encode', '--name', 's', '--hash-key', 'k', '{nope').code, 2)
    assert.equal(tessera('encode', '--name', 's', '--hash-key', 'k', '[1]').code, 2)
  })

  test('bad key syntax exits 2', () => {
    assert.equal(tessera('encode', '--name', 's', '--hash-key', 'hex:zz', '{}').code, 2)
  })
})
