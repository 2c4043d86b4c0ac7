import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import fc from 'fast-check'

import { TesseraError } from '../src/errors.ts'
import {
  decodeGob,
  defaultRegisteredNames,
  encodeGob,
  fromJS,
  GoComplex,
  GobSerializer,
  gobSerializer,
  goType,
  goTyped,
  INTERFACE_SLICE_TYPE,
  SESSION_MAP_TYPE,
  STRING_MAP_TYPE,
  toJS,
  type GoValue,
} from '../src/gob/index.ts'
import { checkMaxDepth, registeredNameSet } from '../src/gob/from-js.ts'
import { encodeSessionMap } from '../src/gob/session-encoder.ts'

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16))
}

const ALL_NAMES = [
  ...defaultRegisteredNames,
  'map[string]interface {}',
  'map[interface {}]interface {}',
  'time.Time',
]

/** Returns the hex of an encoding, or the code and message of the error it throws. */
function outcome(encode: () => Uint8Array): string {
  try {
    return toHex(encode())
  } catch (error) {
    assert.ok(error instanceof TesseraError, `expected a TesseraError, got ${String(error)}`)
    return `${error.code}: ${error.message}`
  }
}

const leaf = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 127, 128, -129, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1.5),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 65n }),
  fc.constant(null),
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 3 }),
)

const scalarTypes = ['int8', 'int16', 'uint', 'uint8', 'int64', 'uint64', 'float32', 'float64']

const typedLeaf = fc
  .constantFrom(...scalarTypes)
  .chain((name) =>
    fc
      .oneof(fc.integer({ min: -300, max: 300 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }))
      .map((value) => goTyped(name, name.startsWith('float') ? value : Math.trunc(value))),
  )

const value = fc.oneof(
  leaf,
  typedLeaf,
  fc.array(leaf, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 2 }), leaf, { maxKeys: 2 }),
)

const key = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt({ min: -3n, max: 3n }),
)

const entries = fc.array(fc.tuple(key, value), { maxLength: 6 })

/**
 * A hint decoded from other entries, and a Map that mixes the hint's projection with new
 * and changed entries, as a request that edits its session produces.
 */
const session = fc
  .tuple(entries, entries, fc.boolean(), fc.nat({ max: 3 }))
  .map(([fresh, old, withHint, edits]) => {
    let hint: GoValue | undefined
    if (withHint) {
      try {
        hint = decodeGob(encodeGob(fromJS(new Map(old), undefined, { registeredNames: ALL_NAMES })))
      } catch {
        hint = undefined
      }
    }
    const values = hint === undefined ? new Map() : (toJS(hint) as Map<unknown, unknown>)
    for (const [entryKey, entryValue] of fresh.slice(0, hint === undefined ? 6 : edits)) {
      values.set(entryKey, entryValue)
    }
    return { values, hint }
  })

describe('gob serializer fast paths', () => {
  test('serialize matches encodeGob of fromJS', () => {
    for (const registeredNames of [undefined, ALL_NAMES, [], ['string', 'int']]) {
      const serializer = new GobSerializer({ registeredNames })
      fc.assert(
        fc.property(session, ({ values, hint }) => {
          const fast = outcome(() => serializer.serialize(values, hint))
          const general = outcome(() => encodeGob(fromJS(values, hint, { registeredNames })))
          assert.equal(fast, general)
        }),
        { numRuns: 800 },
      )
    }
  })

  test('serialize with first id 64 matches', () => {
    const serializer = new GobSerializer({ firstTypeId: 64 })
    const values = new Map<unknown, unknown>([
      ['a', 1],
      ['flash', ['x', 2]],
    ])
    assert.equal(
      toHex(serializer.serialize(values)),
      toHex(encodeGob(fromJS(values), { firstTypeId: 64 })),
    )
  })

  test('basic maps take the fast path', () => {
    const typing = { registered: registeredNameSet(undefined), maxDepth: 100, forEncoder: true }
    const encoding = { firstTypeId: 65, maxDepth: checkMaxDepth(undefined) }
    const values = new Map<unknown, unknown>([
      ['foo', 'bar'],
      ['n', 42],
      ['big', 2n ** 60n],
      ['f', 1.5],
      ['ok', true],
      ['none', null],
      ['flash', ['saved']],
    ])
    const bytes = encodeSessionMap(values, undefined, typing, encoding)
    assert.ok(bytes !== undefined)
    assert.equal(toHex(bytes), toHex(encodeGob(fromJS(values))))
    const hint = decodeGob(bytes)
    const again = encodeSessionMap(toJS(hint) as Map<unknown, unknown>, hint, typing, encoding)
    assert.ok(again !== undefined)
    assert.equal(toHex(again), toHex(bytes))
  })

  test('fast path declines what the hint changes', () => {
    const typing = { registered: registeredNameSet(undefined), maxDepth: 100, forEncoder: true }
    const encoding = { firstTypeId: 65, maxDepth: 100 }
    const withUndefined = new Map<unknown, unknown>([['a', undefined]])
    assert.equal(encodeSessionMap(withUndefined, undefined, typing, encoding), undefined)
    const otherHint: GoValue = { type: STRING_MAP_TYPE, value: [] }
    assert.equal(encodeSessionMap(new Map([['a', 1]]), otherHint, typing, encoding), undefined)
  })

  test('hint types survive on the fast path', () => {
    const values = new Map<unknown, unknown>([
      ['small', goTyped('int8', -3)],
      ['wide', goTyped('uint64', 7)],
      ['single', goTyped('float32', 1.5)],
      ['whole', goTyped('float64', 2)],
    ])
    const typed = decodeGob(gobSerializer.serialize(values))
    const projected = toJS(typed) as Map<unknown, unknown>
    projected.set('single', 0.1)
    const again = decodeGob(gobSerializer.serialize(projected, typed))
    const types = (again.value as [GoValue, GoValue][]).map(([, element]) => element.type.name)
    assert.deepEqual(types, ['int8', 'uint64', 'float32', 'float64'])
    const single = (again.value as [GoValue, GoValue][])[2]?.[1].value
    assert.equal(single, Math.fround(0.1))
  })

  test('reordered entries keep their hint types', () => {
    const typed = decodeGob(
      gobSerializer.serialize(
        new Map<unknown, unknown>([
          ['a', goTyped('int16', 1)],
          ['b', goTyped('uint8', 2)],
        ]),
      ),
    )
    const values = new Map<unknown, unknown>([
      ['b', 5],
      ['a', 6],
    ])
    const again = decodeGob(gobSerializer.serialize(values, typed))
    const types = (again.value as [GoValue, GoValue][]).map(([, element]) => element.type.name)
    assert.deepEqual(types, ['uint8', 'int16'])
  })

  test('errors match the general path', () => {
    const cases: Map<unknown, unknown>[] = [
      new Map([['f', () => 1]]),
      new Map([['big', 2n ** 70n]]),
      new Map([['m', new Map()]]),
      new Map([['tags', goTyped('[]string', ['a', 1])]]),
      new Map([['n', goTyped({ kind: 'int', name: '' }, 1)]]),
    ]
    for (const values of cases) {
      const fast = outcome(() => gobSerializer.serialize(values))
      assert.match(fast, /^ERR_GOB_ENCODE: /)
      assert.equal(
        fast,
        outcome(() => encodeGob(fromJS(values))),
      )
    }
  })

  test('cycle through the map is rejected', () => {
    const values = new Map<unknown, unknown>([['a', 1]])
    values.set('self', values)
    const serializer = new GobSerializer({ registeredNames: ALL_NAMES })
    const fast = outcome(() => serializer.serialize(values))
    assert.match(fast, /self contains itself \(a cycle\)/)
    assert.equal(
      fast,
      outcome(() => encodeGob(fromJS(values, undefined, { registeredNames: ALL_NAMES }))),
    )
  })

  test('nested encoding gets own buffers', () => {
    const inner = new Map<unknown, unknown>([['x', 'inner']])
    let innerBytes = ''
    const value = {
      get field(): string {
        innerBytes = toHex(gobSerializer.serialize(inner))
        return 'outer'
      },
    }
    const outer = toHex(encodeGob(fromJS(value)))
    assert.equal(innerBytes, toHex(encodeGob(fromJS(inner))))
    assert.deepEqual(toJS(decodeGob(fromHex(outer))), { field: 'outer' })
  })

  test('large and non-ASCII values round trip', () => {
    const values = new Map<unknown, unknown>([
      ['long', 'x'.repeat(70_000)],
      ['café', 'naïve 日本語 🙂'],
      ['flash', Array.from({ length: 300 }, (_, index) => `message ${index}`)],
    ])
    const bytes = gobSerializer.serialize(values)
    assert.equal(toHex(bytes), toHex(encodeGob(fromJS(values))))
    assert.deepEqual(gobSerializer.deserialize(bytes).value, values)
  })
})

describe('gob deserialize fast paths', () => {
  test('deserialize matches decodeGob and toJS', () => {
    fc.assert(
      fc.property(entries, (pairs) => {
        let bytes: Uint8Array
        try {
          bytes = encodeGob(fromJS(new Map(pairs), undefined, { registeredNames: ALL_NAMES }))
        } catch {
          return
        }
        const { value: plain, types } = gobSerializer.deserialize(bytes)
        const typed = decodeGob(bytes)
        assert.deepStrictEqual(types, typed)
        assert.deepStrictEqual(plain, toJS(typed))
      }),
      { numRuns: 1000 },
    )
  })

  test('common definitions decode to the shared types', () => {
    const flash = gobSerializer.serialize(new Map([['_flash', ['hi']]]))
    const typed = decodeGob(flash)
    assert.equal(typed.type, SESSION_MAP_TYPE)
    const element = (typed.value as [GoValue, GoValue][])[0]?.[1]
    assert.equal(element?.type, INTERFACE_SLICE_TYPE)
    const first64 = new GobSerializer({ firstTypeId: 64 }).serialize(new Map([['a', 'b']]))
    assert.equal(decodeGob(first64).type, SESSION_MAP_TYPE)
  })

  test('named map types are not taken for the session map', () => {
    // A named map type's definition carries its name, so it differs from the session map's.
    const values: GoValue = {
      type: { ...SESSION_MAP_TYPE, name: 'main.Values', wireName: 'Values' },
      value: [
        [
          { type: goType('string'), value: 'a' },
          { type: goType('int'), value: 1n },
        ],
      ],
    }
    const typed = decodeGob(encodeGob(values))
    assert.notEqual(typed.type, SESSION_MAP_TYPE)
    assert.equal(typed.type.kind, 'map')
    assert.equal((typed.type as { wireName: string }).wireName, 'Values')
    assert.deepEqual(toJS(typed), new Map([['a', 1]]))
  })

  test('basic names keep their Go types', () => {
    const values = new Map<unknown, unknown>(
      [
        'int8',
        'int16',
        'int32',
        'int64',
        'uint',
        'uint8',
        'uint16',
        'uint32',
        'uint64',
        'uintptr',
      ].map((name) => [name, goTyped(name, 7)]),
    )
    values.set('float32', goTyped('float32', 1.5))
    values.set('complex64', goTyped('complex64', new GoComplex(1, 2)))
    const bytes = encodeGob(fromJS(values))
    const { types } = gobSerializer.deserialize(bytes)
    const names = ((types as GoValue).value as [GoValue, GoValue][]).map(
      ([, element]) => element.type.name,
    )
    assert.deepEqual(names, [...values.keys()])
    assert.equal(toHex(encodeGob(types as GoValue)), toHex(bytes))
  })

  test('integers around 2^53 project exactly', () => {
    const edges = [2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n) + 1n, -(2n ** 53n), 2n ** 63n - 1n]
    const values = new Map<unknown, unknown>(edges.map((edge) => [String(edge), edge]))
    const { value: plain } = gobSerializer.deserialize(gobSerializer.serialize(values))
    const projected = plain as Map<string, unknown>
    assert.equal(projected.get(String(2n ** 53n - 1n)), 2 ** 53 - 1)
    assert.equal(projected.get(String(2n ** 53n)), 2n ** 53n)
    assert.equal(projected.get(String(-(2n ** 53n) + 1n)), -(2 ** 53) + 1)
    assert.equal(projected.get(String(-(2n ** 53n))), -(2n ** 53n))
    assert.equal(projected.get(String(2n ** 63n - 1n)), 2n ** 63n - 1n)
  })
})
