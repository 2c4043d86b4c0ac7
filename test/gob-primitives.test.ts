import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { TesseraError } from '../src/errors.ts'
import { GoTime } from '../src/gob/index.ts'
import { GobReader } from '../src/gob/reader.ts'
import { GobWriter } from '../src/gob/writer.ts'

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16))
}

function written(write: (writer: GobWriter) => void): string {
  const writer = new GobWriter()
  write(writer)
  return toHex(writer.toBytes())
}

/** Reader over one message holding `hex`. */
function readerOf(hex: string): GobReader {
  const body = fromHex(hex)
  const framed = new Uint8Array(body.length + 1)
  framed[0] = body.length
  framed.set(body, 1)
  const reader = new GobReader(framed)
  assert.equal(reader.nextMessage(), true)
  return reader
}

describe('gob unsigned integers', () => {
  const cases: [bigint, string][] = [
    [0n, '00'],
    [127n, '7f'],
    [128n, 'ff80'],
    [300n, 'fe012c'],
    [600n, 'fe0258'],
    [2n ** 64n - 1n, 'f8ffffffffffffffff'],
  ]
  for (const [value, hex] of cases) {
    test(`uint ${value}`, () => {
      assert.equal(
        written((writer) => writer.writeUint(value)),
        hex,
      )
      assert.equal(readerOf(hex).readUint(), value)
    })
  }

  test('uint of 9 bytes is rejected', () => {
    assert.throws(
      () => readerOf('f7010000000000000000').readUint(),
      (error: unknown) => error instanceof TesseraError && error.code === 'ERR_GOB_DECODE',
    )
  })

  test('non-minimal uint is accepted', () => {
    assert.equal(readerOf('fe0005').readUint(), 5n)
  })
})

describe('gob signed integers', () => {
  const cases: [bigint, string][] = [
    [42n, '54'],
    [-1n, '01'],
    [-3n, '05'],
    [43n, '56'],
    [2n ** 53n + 1n, 'f940000000000002'],
    [-(2n ** 63n), 'f8ffffffffffffffff'],
    [2n ** 63n - 1n, 'f8fffffffffffffffe'],
  ]
  for (const [value, hex] of cases) {
    test(`int ${value}`, () => {
      assert.equal(
        written((writer) => writer.writeInt(value)),
        hex,
      )
      assert.equal(readerOf(hex).readInt(), value)
    })
  }
})

describe('gob floats', () => {
  const cases: [number, string][] = [
    [1.5, 'fef83f'],
    [0.1, 'f89a9999999999b93f'],
    [-2, 'ffc0'],
    [0, '00'],
  ]
  for (const [value, hex] of cases) {
    test(`float ${value}`, () => {
      assert.equal(
        written((writer) => writer.writeFloat(value)),
        hex,
      )
      assert.equal(readerOf(hex).readFloat(), value)
    })
  }

  test('negative zero keeps its sign', () => {
    const hex = written((writer) => writer.writeFloat(-0))
    assert.ok(Object.is(readerOf(hex).readFloat(), -0))
  })
})

describe('gob strings', () => {
  test('length counts UTF-8 bytes', () => {
    assert.equal(
      written((writer) => writer.writeString('hé')),
      '0368c3a9',
    )
  })

  test('byte order mark is kept', () => {
    assert.equal(readerOf('03efbbbf').readString(), '\ufeff')
  })

  test('invalid UTF-8 becomes U+FFFD', () => {
    assert.equal(readerOf('01ff').readString(), '\ufffd')
  })

  test('length beyond the message is rejected', () => {
    assert.throws(() => readerOf('0541').readString(), TesseraError)
  })
})

describe('GoTime binary form', () => {
  test('UTC time matches Go', () => {
    const time = new GoTime(1_700_000_000n, 5, null)
    assert.equal(toHex(time.toBinary()), '010000000edce5e80000000005ffff')
    assert.deepEqual(GoTime.fromBinary(time.toBinary()), time)
  })

  test('offset in minutes uses version 1', () => {
    const time = new GoTime(0n, 0, 3600)
    assert.equal(time.toBinary()[0], 1)
    assert.deepEqual(GoTime.fromBinary(time.toBinary()), time)
    assert.equal(time.toISOString(), '1970-01-01T01:00:00+01:00')
  })

  test('offset with seconds uses version 2', () => {
    const time = new GoTime(0n, 0, 3630)
    assert.equal(time.toBinary().length, 16)
    assert.deepEqual(GoTime.fromBinary(time.toBinary()), time)
  })

  test('invalid forms are rejected', () => {
    assert.equal(GoTime.fromBinary(new Uint8Array(0)), undefined)
    assert.equal(GoTime.fromBinary(fromHex('030000000edce5e80000000005ffff')), undefined)
    assert.equal(GoTime.fromBinary(fromHex('010000000edce5e80000000005ff')), undefined)
    assert.equal(GoTime.fromBinary(fromHex('010000000edce5e8ffffffffffffff')), undefined)
  })

  test('formats RFC 3339 with nanoseconds', () => {
    assert.equal(
      new GoTime(1_700_000_000n, 5, null).toISOString(),
      '2023-11-14T22:13:20.000000005Z',
    )
    assert.equal(new GoTime(-62_135_596_800n, 0, null).toISOString(), '0001-01-01T00:00:00Z')
    assert.equal(
      new GoTime(951_782_400n, 120_000_000, -18_000).toISOString(),
      '2000-02-28T19:00:00.12-05:00',
    )
  })

  test('Date conversion keeps milliseconds', () => {
    const date = new Date(-1_234_567)
    const time = GoTime.fromDate(date)
    assert.equal(time.unixSeconds, -1235n)
    assert.equal(time.nanoseconds, 433_000_000)
    assert.deepEqual(time.toDate(), date)
    assert.ok(time.matchesDate(date))
  })
})
