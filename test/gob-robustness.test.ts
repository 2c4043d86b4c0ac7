import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'

import fc from 'fast-check'

import { TesseraError } from '../src/errors.ts'
import {
  decodeGob,
  defaultRegisteredNames,
  encodeGob,
  fromJS,
  goStructType,
  goType,
  toJS,
  type GoType,
} from '../src/gob/index.ts'
import { GobWriter } from '../src/gob/writer.ts'

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16))
}

/** Frames each message with its byte count, as a gob stream does. */
function stream(...messages: ((writer: GobWriter) => void)[]): Uint8Array {
  const output = new GobWriter()
  for (const writeMessage of messages) {
    const message = new GobWriter()
    writeMessage(message)
    output.writeByteString(message.toBytes())
  }
  return output.toBytes()
}

/** Typedef message of V1: type 65 is map[interface {}]interface {}. */
const sessionMapDefinition = (writer: GobWriter): void =>
  writer.writeRaw(fromHex('ff81040102ff8200011001100000'))

const V1 =
  '0eff81040102ff820001100110000020ff82000106737472696e670c050003666f6f06737472696e670c050003626172'

function assertDecodeError(bytes: Uint8Array, fragment?: string): void {
  assert.throws(
    () => decodeGob(bytes),
    (error: unknown) => {
      assert.ok(error instanceof TesseraError, `expected a TesseraError, got ${String(error)}`)
      assert.equal(error.code, 'ERR_GOB_DECODE')
      if (fragment !== undefined) {
        assert.ok(
          error.message.includes(fragment),
          `message ${JSON.stringify(error.message)} lacks ${fragment}`,
        )
      }
      return true
    },
  )
}

/** Decodes and reports any failure other than ERR_GOB_DECODE. */
function decodesOrRejects(bytes: Uint8Array): boolean {
  try {
    decodeGob(bytes)
    return true
  } catch (error) {
    return error instanceof TesseraError && error.code === 'ERR_GOB_DECODE'
  }
}

/** Nests `[]interface {}` values `levels` deep. */
function nestedLists(levels: number): unknown {
  let value: unknown = 'leaf'
  for (let level = 0; level < levels; level += 1) value = [value]
  return value
}

describe('gob decoder rejects malformed streams', () => {
  test('empty input', () => {
    assertDecodeError(new Uint8Array(0), 'empty input')
  })

  test('every truncation of V1', () => {
    const bytes = fromHex(V1)
    for (let length = 0; length < bytes.length; length += 1) {
      assertDecodeError(bytes.subarray(0, length))
    }
  })

  test('input ending after a definition', () => {
    assertDecodeError(stream(sessionMapDefinition), 'ends before the value')
  })

  test('zero-length message', () => {
    assertDecodeError(new Uint8Array([0]), 'empty message')
  })

  test('message longer than the input', () => {
    assertDecodeError(fromHex('100c00'), 'exceeds')
  })

  test('duplicate type definition', () => {
    const bytes = stream(sessionMapDefinition, sessionMapDefinition, (writer) => {
      writer.writeRaw(fromHex('ff820000'))
    })
    assertDecodeError(bytes, 'duplicate type definition 65')
  })

  test('definition id below 64', () => {
    const bytes = stream((writer) => {
      writer.writeInt(-63)
      writer.writeRaw(fromHex('040102ff8200011001100000'))
    })
    assertDecodeError(bytes, 'user type ids')
  })

  test('unknown type id', () => {
    assertDecodeError(
      stream((writer) => writer.writeRaw(fromHex('ff8c0000'))),
      'unknown type id 70',
    )
  })

  test('extra data after a top-level definition', () => {
    const bytes = stream(
      (writer) => {
        sessionMapDefinition(writer)
        writer.writeByte(0)
      },
      (writer) => writer.writeRaw(fromHex('ff820000')),
    )
    assertDecodeError(bytes, 'extra data')
  })

  test('non-zero singleton delta', () => {
    assertDecodeError(fromHex('060c0103414243'), 'non-zero field delta')
  })

  test('uint longer than 8 bytes', () => {
    assertDecodeError(fromHex('f7000000000000000006'), '9 bytes')
    assertDecodeError(fromHex('0b0c00f7000000000000000003'), '9 bytes')
  })

  test('string longer than its message', () => {
    assertDecodeError(fromHex('040c000541'))
  })

  test('slice length beyond the input', () => {
    const bytes = stream(sessionMapDefinition, (writer) => {
      writer.writeRaw(fromHex('ff820001'))
      writer.writeString('[]interface {}')
      writer.writeRaw(fromHex('ff83'))
    })
    assertDecodeError(bytes)
    const huge = stream(
      sessionMapDefinition,
      (writer) => writer.writeRaw(fromHex('ff83020102ff840001100000')),
      (writer) => {
        writer.writeRaw(fromHex('ff8400'))
        writer.writeUint(2n ** 40n)
      },
    )
    assertDecodeError(huge, 'slice length')
  })

  test('interface with interface type', () => {
    const bytes = stream(sessionMapDefinition, (writer) => {
      writer.writeRaw(fromHex('ff820001'))
      writer.writeString('x')
      writer.writeInt(8)
      writer.writeRaw(fromHex('0100'))
    })
    assertDecodeError(bytes, 'interface type')
  })

  test('built-in name with another wire type', () => {
    const bytes = stream(sessionMapDefinition, (writer) => {
      writer.writeRaw(fromHex('ff820001'))
      writer.writeString('string')
      writer.writeInt(2)
      writer.writeRaw(fromHex('020054'))
    })
    assertDecodeError(bytes, 'has wire kind int')
  })

  test('integer out of range for its name', () => {
    const bytes = stream(sessionMapDefinition, (writer) => {
      writer.writeRaw(fromHex('ff820001'))
      writer.writeString('int8')
      writer.writeInt(2)
      writer.writeRaw(fromHex('0400fe0258'))
    })
    assertDecodeError(bytes, 'out of range for "int8"')
  })

  test('top-level interface type', () => {
    assertDecodeError(fromHex('03100000'), 'interface type')
  })

  test('definition without a kind', () => {
    assertDecodeError(
      stream((writer) => writer.writeRaw(fromHex('ff8100'))),
      'exactly one kind',
    )
  })

  test('definition with two kinds', () => {
    const bytes = stream((writer) =>
      writer.writeRaw(fromHex('ff81020102ff8200011000010102ff82000000')),
    )
    assertDecodeError(bytes, 'exactly one kind')
  })

  test('field delta past the last field', () => {
    const person = goStructType('main.P', { Name: 'string' })
    const bytes = encodeGob({ type: person, value: { Name: 'x' } })
    const corrupt = bytes.slice()
    // The value message ends `01 01 78 00`, a delta to field 0 and the string. Delta 2 runs past it.
    corrupt[corrupt.length - 4] = 2
    assertDecodeError(corrupt, 'field delta')
  })

  test('array length that differs from its type', () => {
    const bytes = encodeGob({ type: goType('[2]int'), value: [1, 2] })
    const corrupt = bytes.slice()
    corrupt[corrupt.length - 3] = 1
    assertDecodeError(corrupt, 'array length')
  })

  test('invalid time.Time bytes', () => {
    const bytes = stream(sessionMapDefinition, (writer) => {
      writer.writeRaw(fromHex('ff820001'))
      writer.writeString('t')
      writer.writeString('time.Time')
      writer.writeRaw(fromHex('ff830501010454696d6501ff84000000'))
      writer.writeRaw(fromHex('ff840300'))
      writer.writeByteString(new Uint8Array([1]))
    })
    assertDecodeError(bytes)
  })

  test('value nested deeper than maxDepth', () => {
    const bytes = encodeGob(
      fromJS(new Map([['deep', nestedLists(150)]]), undefined, { maxDepth: 200 }),
      {
        maxDepth: 200,
      },
    )
    assertDecodeError(bytes, 'deeper than 100')
    assert.ok(decodeGob(bytes, { maxDepth: 200 }))
  })

  test('types nested deeper than 100 levels', () => {
    let type: GoType = goType('int')
    for (let level = 0; level < 150; level += 1) {
      type = { kind: 'slice', name: `[]${level}`, wireName: '', elem: type }
    }
    assertDecodeError(encodeGob({ type, value: [] }), 'nest deeper')
  })

  test('omitted huge array field', () => {
    const huge: GoType = {
      kind: 'array',
      name: '[2147483647]int',
      wireName: '',
      elem: goType('int'),
      length: 2 ** 31 - 1,
    }
    const type = goStructType('main.Bomb', { A: huge })
    assertDecodeError(encodeGob({ type, value: {} }), 'zero fields')
  })

  test('random bytes throw only decode errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => decodesOrRejects(bytes)),
      { numRuns: 3000 },
    )
  })

  test('mutated vectors throw only decode errors', () => {
    const vectors = [
      ...readFileSync(new URL('./fixtures/gob/gobvec.txt', import.meta.url), 'utf8')
        .split('\n')
        .flatMap((line) => line.split('\t').filter((column) => /^[0-9a-f]{12,}$/.test(column))),
      ...(
        JSON.parse(
          readFileSync(new URL('./fixtures/securecookie.json', import.meta.url), 'utf8'),
        ) as { gobHex?: string }[]
      ).flatMap((item) => (item.gobHex === undefined ? [] : [item.gobHex])),
    ].map(fromHex)
    assert.ok(vectors.length > 40)
    const mutation = fc.record({
      vector: fc.integer({ min: 0, max: vectors.length - 1 }),
      edits: fc.array(
        fc.record({
          kind: fc.constantFrom('set', 'insert', 'delete'),
          position: fc.nat(),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    })
    fc.assert(
      fc.property(mutation, ({ vector, edits }) => {
        const bytes = Array.from(vectors[vector] as Uint8Array)
        for (const edit of edits) {
          const position = edit.position % (bytes.length + 1)
          if (edit.kind === 'set' && position < bytes.length) bytes[position] = edit.byte
          if (edit.kind === 'insert') bytes.splice(position, 0, edit.byte)
          if (edit.kind === 'delete') bytes.splice(position, 1)
        }
        return decodesOrRejects(Uint8Array.from(bytes))
      }),
      { numRuns: 5000 },
    )
  })
})

describe('gob decoder accepts what Go accepts', () => {
  test('non-minimal uint', () => {
    assert.equal(toJS(decodeGob(fromHex('070c00ff03414243'))), 'ABC')
  })

  test('invalid UTF-8 in a string', () => {
    assert.equal(toJS(decodeGob(fromHex('040c0001ff'))), '\ufffd')
  })

  test('bytes after the top-level value', () => {
    assert.equal(toJS(decodeGob(fromHex('080c0003414243ffff0201'))), 'ABC')
  })
})

const ALL_NAMES = [
  ...defaultRegisteredNames,
  'map[string]interface {}',
  'map[interface {}]interface {}',
  'time.Time',
]

/** JavaScript values that the default rule maps to a Go type and toJS maps back unchanged. */
const roundTripValue = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.boolean(),
    fc.maxSafeInteger(),
    fc.double(),
    fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: -(2n ** 53n) }),
      fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
    ),
    fc.uint8Array({ maxLength: 8 }),
    fc.date({ noInvalidDate: true }),
    fc.constant(null),
  ),
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4, noNullPrototype: true }),
    tie('map'),
  ),
  map: fc
    .uniqueArray(fc.tuple(fc.oneof(fc.string(), fc.maxSafeInteger()), tie('value')), {
      maxLength: 4,
      selector: ([key]) => key,
    })
    .map((entries) => new Map(entries)),
}))

describe('gob round trips of JavaScript values', () => {
  test('fromJS, encode, decode and toJS give the input', () => {
    fc.assert(
      fc.property(roundTripValue.map, (values) => {
        const typed = fromJS(values, undefined, { registeredNames: ALL_NAMES })
        assert.deepStrictEqual(toJS(decodeGob(encodeGob(typed))), values)
      }),
      { numRuns: 500 },
    )
  })

  test('re-encoding with the hint keeps every type', () => {
    fc.assert(
      fc.property(roundTripValue.map, (values) => {
        const typed = decodeGob(
          encodeGob(fromJS(values, undefined, { registeredNames: ALL_NAMES })),
        )
        const again = decodeGob(encodeGob(fromJS(toJS(typed), typed, { registeredNames: [] })))
        assert.deepStrictEqual(again, typed)
      }),
      { numRuns: 500 },
    )
  })
})
