import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'

import {
  decodeGob,
  encodeGob,
  fromJS,
  GoTime,
  goTyped,
  toJS,
  toTypedJSON,
  type GoStructType,
  type GoValue,
} from '../src/gob/index.ts'

const fixtures = new URL('./fixtures/', import.meta.url)

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16))
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Hex of each Go 1.19 output in gobvec.txt, by its case name. */
function readGoVectors(): Map<string, string> {
  const vectors = new Map<string, string>()
  const text = readFileSync(new URL('gob/gobvec.txt', fixtures), 'utf8')
  for (const line of text.split('\n')) {
    const columns = line.split('\t')
    const hex = columns.find((column) => /^[0-9a-f]{12,}$/.test(column))
    if (columns[0] !== undefined && hex !== undefined) vectors.set(columns[0], hex)
  }
  return vectors
}

const goVectors = readGoVectors()

/** The numbered vectors and the gobvec.txt case each comes from. */
const VECTOR_CASES: Record<string, string> = {
  V1: '02_foo_bar',
  V2: '03_n_42',
  V3: '07_a1_bx',
  V4: '04_flag_true',
  V5: '05_f_1.5',
  V6: '06_flash_hi',
  V7: '01_empty',
  V8: '08_bytes',
  V9: '09_n_-1',
  V10: '10_n_300',
  V11: '11_int64_7',
  V12: '12_uint_7',
  V13: '13_intkey',
  V14: '14_nilval',
  V15: '15_nested_map',
  V16: '16_struct_ptr',
  V17: '17_strslice',
  V18: '18_top_string',
  V19: '19_f_0.1',
  V20: '20_n_max',
  V21: '21_flash_two',
  V22: '22_str_utf8',
  V23: '23_f_neg2',
  V24: '24_f_zero',
  V25: '25_nested_if',
  V26: '26_top_struct',
  V27: '27_time_utc',
  V28: '29_zero_struct',
  V29: '30_float32',
  V30: '31_int8_neg',
}

function vectorHex(vector: string): string {
  const hex = goVectors.get(VECTOR_CASES[vector] as string)
  assert.ok(hex !== undefined, `fixture has no hex for ${vector}`)
  return hex
}

const s = (value: string) => ({ type: 'string', value })
const entry = (key: string, value: unknown) => ({ key: s(key), value })

/** Expected toTypedJSON of each vector. */
const EXPECTED: Record<string, unknown> = {
  V1: [entry('foo', s('bar'))],
  V2: [entry('n', { type: 'int', value: 42 })],
  V3: [entry('a', { type: 'int', value: 1 }), entry('b', s('x'))],
  V4: [entry('flag', { type: 'bool', value: true })],
  V5: [entry('f', { type: 'float64', value: 1.5 })],
  V6: [entry('_flash', { type: '[]interface {}', value: [s('hi')] })],
  V7: [],
  V8: [entry('b', { type: '[]uint8', value: 'AQID' })],
  V9: [entry('n', { type: 'int', value: -1 })],
  V10: [entry('n', { type: 'int', value: 300 })],
  V11: [entry('n', { type: 'int64', value: '7' })],
  V12: [entry('u', { type: 'uint', value: 7 })],
  V13: [{ key: { type: 'int', value: 42 }, value: { type: 'int', value: 43 } }],
  V14: [entry('k', null)],
  V15: [entry('m', { type: 'map[string]interface {}', value: { x: { type: 'int', value: 1 } } })],
  V16: [entry('p', { type: '*main.Person', value: { Name: 'Al', Age: 3 } })],
  V17: [entry('s', { type: '[]string', value: ['a', 'b'] })],
  V18: s('ABC'),
  V19: [entry('f', { type: 'float64', value: 0.1 })],
  V20: [entry('n', { type: 'int64', value: '9007199254740993' })],
  V21: [entry('_flash', { type: '[]interface {}', value: [s('hi'), { type: 'int', value: 7 }] })],
  V22: [entry('s', s('hé'))],
  V23: [entry('f', { type: 'float64', value: -2 })],
  V24: [entry('f', { type: 'float64', value: 0 })],
  V25: [
    entry('m', {
      type: 'map[string]interface {}',
      value: { x: { type: '[]interface {}', value: [s('y')] } },
    }),
  ],
  V26: { type: 'Person', value: { Name: 'Al', Age: 3 } },
  V27: [entry('t', { type: 'time.Time', value: '2023-11-14T22:13:20.000000005Z' })],
  V28: [entry('p', { type: '*main.Person', value: { Name: '', Age: 0 } })],
  V29: [entry('f', { type: 'float32', value: 1.5 })],
  V30: [entry('n', { type: 'int8', value: -3 })],
}

/** Vectors whose encoding Go 1.19 fixes byte for byte: single-entry maps of basic values. */
const BYTE_IDENTICAL = [
  'V1',
  'V2',
  'V4',
  'V5',
  'V7',
  'V8',
  'V9',
  'V10',
  'V11',
  'V12',
  'V13',
  'V14',
  'V18',
  'V19',
  'V20',
  'V22',
  'V23',
  'V24',
  'V29',
  'V30',
]

/** First entry's interface value of a decoded session map. */
function firstValue(typed: GoValue): GoValue {
  const entries = typed.value as [GoValue, GoValue][]
  const first = entries[0]
  assert.ok(first !== undefined)
  return first[1]
}

describe('gob vectors from Go', () => {
  for (const vector of Object.keys(VECTOR_CASES)) {
    test(`decode ${vector}`, () => {
      assert.deepEqual(toTypedJSON(decodeGob(fromHex(vectorHex(vector)))), EXPECTED[vector])
    })
  }

  test("decode V3' in the other map order", () => {
    const hex = goVectors.get('07_a1_bx order variant (41/300, same process)')
    assert.ok(hex !== undefined)
    assert.deepEqual(toTypedJSON(decodeGob(fromHex(hex))), EXPECTED.V3)
  })

  test('decode V1 with first user id 64', () => {
    const hex =
      '0d7f040102ff800001100110000020ff80000106737472696e670c050003666f6f06737472696e670c050003626172'
    assert.deepEqual(toTypedJSON(decodeGob(fromHex(hex))), EXPECTED.V1)
  })

  test('decode V6 with typedefs up front', () => {
    const hex =
      '0eff81040102ff8200011001100000' +
      '0cff83020102ff840001100000' +
      '36ff82000106737472696e670c0800065f666c6173680e5b5d696e74657266616365207b7dff840f000106737472696e670c0400026869'
    assert.deepEqual(toTypedJSON(decodeGob(fromHex(hex))), EXPECTED.V6)
  })

  test('decode V6 with ids 100 and 101', () => {
    const hex =
      '0effc7040102ffc8000110011000000cffc9020102ffca0001100000' +
      '36ffc8000106737472696e670c0800065f666c6173680e5b5d696e74657266616365207b7dffca0f000106737472696e670c0400026869'
    assert.deepEqual(toTypedJSON(decodeGob(fromHex(hex))), EXPECTED.V6)
  })

  test('V16 struct type from the definition', () => {
    const person = firstValue(decodeGob(fromHex(vectorHex('V16'))))
    const type = person.type as GoStructType
    assert.equal(type.kind, 'struct')
    assert.equal(type.name, '*main.Person')
    assert.equal(type.wireName, 'Person')
    assert.deepEqual(
      type.fields.map((field) => [field.name, field.type.name]),
      [
        ['Name', 'string'],
        ['Age', 'int'],
      ],
    )
    assert.deepEqual(person.value, { Name: 'Al', Age: 3n })
  })

  test('V28 zero struct sends no fields', () => {
    const person = firstValue(decodeGob(fromHex(vectorHex('V28'))))
    assert.deepEqual(person.value, {})
    assert.deepEqual(toJS({ type: person.type, value: person.value }), { Name: '', Age: 0 })
  })

  test('V27 keeps nanoseconds and zone', () => {
    const time = firstValue(decodeGob(fromHex(vectorHex('V27'))))
    assert.equal(time.type.name, 'time.Time')
    assert.ok(time.value instanceof GoTime)
    assert.equal(time.value.unixSeconds, 1_700_000_000n)
    assert.equal(time.value.nanoseconds, 5)
    assert.equal(time.value.offsetSeconds, null)
    assert.deepEqual(
      toJS(decodeGob(fromHex(vectorHex('V27')))),
      new Map([['t', new Date(1_700_000_000_000)]]),
    )
  })

  test('V20 int64 above 2^53 stays exact', () => {
    const typed = decodeGob(fromHex(vectorHex('V20')))
    assert.equal(firstValue(typed).value, 9_007_199_254_740_993n)
    assert.equal((toJS(typed) as Map<string, unknown>).get('n'), 9_007_199_254_740_993n)
  })

  test('V13 int key projects to a number', () => {
    assert.deepEqual(toJS(decodeGob(fromHex(vectorHex('V13')))), new Map([[42, 43]]))
  })

  test('V31 unregistered map type is an encode error', () => {
    const values = new Map([['m', goTyped('map[string]string', { k: 'v' })]])
    assert.throws(
      () => fromJS(values),
      (error: unknown) =>
        error instanceof Error &&
        (error as { code?: string }).code === 'ERR_GOB_ENCODE' &&
        error.message.includes('"map[string]string"') &&
        error.message.includes('registeredNames'),
    )
  })
})

describe('gob encoding matches Go', () => {
  for (const vector of BYTE_IDENTICAL) {
    test(`re-encode ${vector} byte for byte`, () => {
      const hex = vectorHex(vector)
      const typed = decodeGob(fromHex(hex))
      assert.equal(toHex(encodeGob(typed, { firstTypeId: 65 })), hex)
      assert.equal(toHex(encodeGob(fromJS(toJS(typed), typed))), hex)
    })
  }

  test('encode new values byte for byte', () => {
    const cases: [string, unknown][] = [
      ['V1', new Map([['foo', 'bar']])],
      ['V2', new Map([['n', 42]])],
      ['V4', new Map([['flag', true]])],
      ['V5', new Map([['f', 1.5]])],
      ['V7', new Map()],
      ['V8', new Map([['b', new Uint8Array([1, 2, 3])]])],
      ['V9', new Map([['n', -1]])],
      ['V10', new Map([['n', 300]])],
      ['V11', new Map([['n', goTyped('int64', 7n)]])],
      ['V12', new Map([['u', goTyped('uint', 7)]])],
      ['V13', new Map([[42, 43]])],
      ['V14', new Map([['k', null]])],
      ['V18', 'ABC'],
      ['V19', new Map([['f', 0.1]])],
      ['V20', new Map([['n', 9_007_199_254_740_993n]])],
      ['V22', new Map([['s', 'hé']])],
      ['V23', new Map([['f', goTyped('float64', -2)]])],
      ['V24', new Map([['f', goTyped('float64', 0)]])],
      ['V29', new Map([['f', goTyped('float32', 1.5)]])],
      ['V30', new Map([['n', goTyped('int8', -3)]])],
    ]
    for (const [vector, value] of cases) {
      assert.equal(toHex(encodeGob(fromJS(value))), vectorHex(vector), vector)
    }
  })

  test('encode V1 with first id 64', () => {
    const expected =
      '0d7f040102ff800001100110000020ff80000106737472696e670c050003666f6f06737472696e670c050003626172'
    assert.equal(toHex(encodeGob(fromJS(new Map([['foo', 'bar']])), { firstTypeId: 64 })), expected)
  })

  test('encode V6 with typedefs up front', () => {
    const expected =
      '0eff81040102ff8200011001100000' +
      '0cff83020102ff840001100000' +
      '36ff82000106737472696e670c0800065f666c6173680e5b5d696e74657266616365207b7dff840f000106737472696e670c0400026869'
    assert.equal(toHex(encodeGob(fromJS(new Map([['_flash', ['hi']]])))), expected)
  })
})

describe('gob round trips keep Go types', () => {
  for (const vector of Object.keys(VECTOR_CASES)) {
    test(`round trip ${vector}`, () => {
      const typed = decodeGob(fromHex(vectorHex(vector)))
      const again = decodeGob(encodeGob(fromJS(toJS(typed), typed)))
      assert.deepStrictEqual(again, typed)
    })
  }

  test('changed entries follow the default rule', () => {
    const typed = decodeGob(fromHex(vectorHex('V3')))
    const values = toJS(typed) as Map<string, unknown>
    values.set('b', 2.5)
    values.set('c', 'new')
    const again = toTypedJSON(decodeGob(encodeGob(fromJS(values, typed))))
    assert.deepEqual(again, [
      entry('a', { type: 'int', value: 1 }),
      entry('b', { type: 'float64', value: 2.5 }),
      entry('c', s('new')),
    ])
  })
})

interface SecureCookieCase {
  id: string
  gobHex?: string
  values?: unknown
}

describe('gob payloads of securecookie vectors', () => {
  const cases = JSON.parse(
    readFileSync(new URL('securecookie.json', fixtures), 'utf8'),
  ) as SecureCookieCase[]
  const withGob = cases.filter((item) => item.gobHex !== undefined)

  test('fixture has gob cases', () => {
    assert.ok(withGob.length >= 12)
  })

  for (const item of withGob) {
    test(`decode ${item.id}`, () => {
      assert.deepEqual(toTypedJSON(decodeGob(fromHex(item.gobHex as string))), item.values)
    })

    test(`round trip ${item.id}`, () => {
      const typed = decodeGob(fromHex(item.gobHex as string))
      assert.deepStrictEqual(decodeGob(encodeGob(fromJS(toJS(typed), typed))), typed)
    })
  }
})
