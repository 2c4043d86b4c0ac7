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

/** Returns what GobReader reads for an integer: a number while it is safe, else the bigint. */
function asRead(value: bigint): number | bigint {
  const safe = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
  return safe ? Number(value) : value
}

/** Reader over one message holding `hex`. */
function readerOf(hex: string): GobReader {
  const framed = new GobWriter()
  framed.writeByteString(fromHex(hex))
  const reader = new GobReader(framed.toBytes())
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
      assert.equal(readerOf(hex).readUint(), asRead(value))
    })
  }

  test('uint of 9 bytes is rejected', () => {
    assert.throws(
      () => readerOf('f7010000000000000000').readUint(),
      (error: unknown) => error instanceof TesseraError && error.code === 'ERR_GOB_DECODE',
    )
  })

  test('non-minimal uint is accepted', () => {
    assert.equal(readerOf('fe0005').readUint(), 5)
    assert.equal(readerOf('f800000000000000ff').readUint(), 255)
  })

  test('uint around 2^53 switches to bigint', () => {
    const cases: [bigint, string][] = [
      [2n ** 48n - 1n, 'faffffffffffff'],
      [2n ** 48n, 'f901000000000000'],
      [2n ** 53n - 1n, 'f91fffffffffffff'],
      [2n ** 53n, 'f920000000000000'],
      [2n ** 53n + 1n, 'f920000000000001'],
      [2n ** 56n, 'f80100000000000000'],
    ]
    for (const [value, hex] of cases) {
      assert.equal(
        written((writer) => writer.writeUint(value)),
        hex,
      )
      assert.equal(readerOf(hex).readUint(), asRead(value), `read ${value}`)
    }
    assert.equal(typeof readerOf('f91fffffffffffff').readUint(), 'number')
    assert.equal(typeof readerOf('f920000000000000').readUint(), 'bigint')
  })

  test('number and bigint write the same bytes', () => {
    for (const value of [0, 127, 128, 255, 256, 65_535, 2 ** 32, 2 ** 53 - 1]) {
      assert.equal(
        written((writer) => writer.writeUint(value)),
        written((writer) => writer.writeUint(BigInt(value))),
        `uint ${value}`,
      )
    }
  })

  test('invalid numbers are rejected', () => {
    for (const value of [-1, 1.5, Number.NaN, 2 ** 64]) {
      assert.throws(() => new GobWriter().writeUint(value), `uint ${value}`)
    }
    assert.throws(() => new GobWriter().writeUint(2n ** 64n), TesseraError)
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
      assert.equal(readerOf(hex).readInt(), asRead(value))
    })
  }

  test('int around ±2^53 switches to bigint', () => {
    const edges = [
      2n ** 52n - 1n,
      2n ** 52n,
      2n ** 53n - 1n,
      2n ** 53n,
      -(2n ** 52n),
      -(2n ** 52n) - 1n,
      -(2n ** 53n) + 1n,
      -(2n ** 53n),
      -(2n ** 53n) - 1n,
    ]
    for (const value of edges) {
      const hex = written((writer) => writer.writeInt(value))
      assert.equal(readerOf(hex).readInt(), asRead(value), `read ${value}`)
      if (value >= -(2n ** 53n) + 1n && value <= 2n ** 53n - 1n) {
        assert.equal(
          written((writer) => writer.writeInt(Number(value))),
          hex,
          `number ${value}`,
        )
      }
    }
  })

  test('int64 bounds are enforced', () => {
    assert.throws(() => new GobWriter().writeInt(2n ** 63n), TesseraError)
    assert.throws(() => new GobWriter().writeInt(-(2n ** 63n) - 1n), TesseraError)
  })
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

  test('special values round trip', () => {
    const values = [
      Number.NaN,
      Infinity,
      -Infinity,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
      2 ** -1074,
      1e-300,
      123_456.789,
    ]
    for (const value of values) {
      const hex = written((writer) => writer.writeFloat(value))
      assert.ok(Object.is(readerOf(hex).readFloat(), value), `float ${value}`)
    }
  })

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

  test('strings round trip at every length', () => {
    // Lengths around the byte loop's limit of 32 and its chunks of 4.
    for (const length of [0, 1, 3, 4, 5, 8, 31, 32, 33, 64, 200, 5000]) {
      const text = Array.from({ length }, (_, index) =>
        String.fromCharCode(32 + (index % 95)),
      ).join('')
      const hex = written((writer) => writer.writeString(text))
      assert.equal(readerOf(hex).readString(), text, `length ${length}`)
    }
  })

  test('non-ASCII strings round trip', () => {
    const texts = ['é', 'aé', 'abcé', 'naïve café', '日本語', '🙂', 'x'.repeat(40) + 'é', '\u0080']
    for (const text of texts) {
      const hex = written((writer) => writer.writeString(text))
      assert.equal(
        hex,
        written((writer) => writer.writeByteString(new TextEncoder().encode(text))),
      )
      assert.equal(readerOf(hex).readString(), text, JSON.stringify(text))
    }
  })

  test('lone surrogate becomes U+FFFD', () => {
    assert.equal(
      written((writer) => writer.writeString('a\ud800')),
      '0461efbfbd',
    )
  })

  test('invalid UTF-8 after ASCII becomes U+FFFD', () => {
    assert.equal(readerOf('0561626364ff').readString(), 'abcd\ufffd')
    assert.equal(readerOf('0161').readString(), 'a')
  })

  test('repeated names read back', () => {
    const reader = readerOf(
      '06737472696e67' +
        '06737472696e67' +
        '092a6d61696e2e4c6576' +
        '092a6d61696e2e4c6576' +
        '01ff',
    )
    assert.equal(reader.readName(), 'string')
    assert.equal(reader.readName(), 'string')
    assert.equal(reader.readName(), '*main.Lev')
    assert.equal(reader.readName(), '*main.Lev')
    assert.equal(reader.readName(), '\ufffd')
  })
})

describe('gob writer', () => {
  test('grows past its initial capacity', () => {
    const writer = new GobWriter(4)
    const bytes = Uint8Array.from({ length: 1000 }, (_, index) => index % 256)
    writer.writeByteString(bytes)
    writer.writeString('end')
    const output = writer.toBytes()
    assert.equal(output.length, 3 + 1000 + 4)
    assert.deepEqual(output.subarray(3, 1003), bytes)
  })

  test('patched lengths move long payloads', () => {
    for (const size of [0, 127, 128, 255, 256, 70_000]) {
      const writer = new GobWriter()
      writer.writeByte(0xaa)
      const start = writer.length
      writer.writeByte(0)
      writer.writeRaw(new Uint8Array(size).fill(7))
      writer.writeByte(0xbb)
      writer.patchLength(start)
      const expected = new GobWriter()
      expected.writeByte(0xaa)
      const payload = new Uint8Array(size + 1).fill(7)
      payload[size] = 0xbb
      expected.writeByteString(payload)
      assert.equal(toHex(writer.toBytes()), toHex(expected.toBytes()), `size ${size}`)
    }
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

describe('GoTime text form', () => {
  test('zero offset prints Z like Go', () => {
    // A Local-zone time at offset 0 and a UTC time both print Z in Go's RFC 3339 layout.
    assert.equal(new GoTime(1700000000n, 0, 0).toISOString(), '2023-11-14T22:13:20Z')
    assert.equal(new GoTime(1700000000n, 0, null).toISOString(), '2023-11-14T22:13:20Z')
  })

  test('non-zero offsets print hours and minutes', () => {
    assert.equal(new GoTime(1700000000n, 0, 3600).toISOString(), '2023-11-14T23:13:20+01:00')
    assert.equal(new GoTime(1700000000n, 0, -5400).toISOString(), '2023-11-14T20:43:20-01:30')
  })
})
