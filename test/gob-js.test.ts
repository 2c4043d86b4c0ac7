import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { TesseraError } from '../src/errors.ts'
import {
  decodeGob,
  defaultRegisteredNames,
  encodeGob,
  fromJS,
  GobSerializer,
  gobSerializer,
  GoComplex,
  GoTime,
  goStructType,
  goType,
  goTyped,
  SESSION_MAP_TYPE,
  toJS,
  toTypedJSON,
  type GoType,
  type GoValue,
} from '../src/gob/index.ts'

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16))
}

const V15 =
  '0eff81040102ff820001100110000036ff82000106737472696e670c0300016d176d61705b737472696e675d696e74657266616365207b7dff83040102ff8400010c011000000fff840c0001017803696e7404020002'
const V16 =
  '0eff81040102ff820001100110000042ff82000106737472696e670c030001700c2a6d61696e2e506572736f6eff8303010106506572736f6e01ff8400010201044e616d65010c00010341676501040000000aff84070102416c010600'
const V27 =
  '0eff81040102ff82000110011000002aff82000106737472696e670c030001740974696d652e54696d65ff830501010454696d6501ff8400000014ff8411000f010000000edce5e80000000005ffff'

const ALL_NAMES = [
  ...defaultRegisteredNames,
  'map[string]interface {}',
  'map[interface {}]interface {}',
  'time.Time',
]

/** Types a session map and returns the typed JSON of its entries after a full gob round trip. */
function roundTrip(values: unknown, hint?: GoValue, registeredNames = ALL_NAMES): unknown {
  return toTypedJSON(decodeGob(encodeGob(fromJS(values, hint, { registeredNames }))))
}

/** Typed JSON of the single value stored under `v`. */
function typedEntry(value: unknown, hint?: GoValue): unknown {
  const entries = roundTrip(new Map([['v', value]]), hint) as { value: unknown }[]
  assert.equal(entries.length, 1)
  return entries[0]?.value
}

/** Builds the decoded form of a session map with one entry `v` of the given Go type. */
function sessionWith(type: GoType, value: unknown): GoValue {
  return decodeGob(
    encodeGob({
      type: SESSION_MAP_TYPE,
      value: [
        [
          { type: goType('string'), value: 'v' },
          { type, value },
        ],
      ],
    }),
  )
}

function assertEncodeError(run: () => unknown, ...fragments: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof TesseraError, `expected a TesseraError, got ${String(error)}`)
    assert.equal(error.code, 'ERR_GOB_ENCODE')
    for (const fragment of fragments) {
      assert.ok(
        error.message.includes(fragment),
        `message ${JSON.stringify(error.message)} lacks ${fragment}`,
      )
    }
    return true
  })
}

describe('toJS', () => {
  test('integers are numbers when safe', () => {
    const typed = sessionWith(goType('int64'), 2n ** 53n - 1n)
    assert.equal((toJS(typed) as Map<string, unknown>).get('v'), 2 ** 53 - 1)
  })

  test('integers beyond 2^53 are bigints', () => {
    const typed = sessionWith(goType('uint64'), 2n ** 64n - 1n)
    assert.equal((toJS(typed) as Map<string, unknown>).get('v'), 2n ** 64n - 1n)
  })

  test('complex becomes GoComplex', () => {
    const typed = sessionWith(goType('complex128'), new GoComplex(1.5, -2))
    assert.deepEqual((toJS(typed) as Map<string, unknown>).get('v'), new GoComplex(1.5, -2))
  })

  test('string-keyed maps become objects', () => {
    const typed = sessionWith(goType('map[string]int'), [['a', 1n]])
    assert.deepStrictEqual((toJS(typed) as Map<string, unknown>).get('v'), { a: 1 })
  })

  test('__proto__ key becomes an own property', () => {
    const typed = sessionWith(goType('map[string]int'), [['__proto__', 1n]])
    const object = (toJS(typed) as Map<string, unknown>).get('v') as Record<string, unknown>
    assert.equal(Object.getPrototypeOf(object), Object.prototype)
    assert.deepEqual(Object.keys(object), ['__proto__'])
    assert.equal(Object.getOwnPropertyDescriptor(object, '__proto__')?.value, 1)
  })

  test('int-keyed maps become Maps', () => {
    const typed = sessionWith(goType('map[int]string'), [[1n, 'one']])
    assert.deepEqual((toJS(typed) as Map<string, unknown>).get('v'), new Map([[1, 'one']]))
  })

  test('interface-keyed maps become objects for string keys', () => {
    const typed = sessionWith(goType('map[interface {}]string'), [
      [{ type: goType('string'), value: 'k' }, 'v'],
    ])
    assert.deepEqual((toJS(typed) as Map<string, unknown>).get('v'), { k: 'v' })
  })

  test('session map stays a Map when empty', () => {
    assert.deepEqual(toJS({ type: SESSION_MAP_TYPE, value: [] }), new Map())
  })

  test('absent struct fields get zero values', () => {
    const inner = goStructType('main.Inner', { Tags: '[]string', At: 'time.Time' })
    const outer = goStructType('main.Outer', {
      N: 'int',
      F: 'float64',
      S: 'string',
      B: 'bool',
      Raw: '[]byte',
      Any: 'interface {}',
      M: 'map[string]int',
      A: '[2]int',
      In: inner,
    })
    const projected = toJS({ type: outer, value: {} })
    assert.deepStrictEqual(projected, {
      N: 0,
      F: 0,
      S: '',
      B: false,
      Raw: new Uint8Array(0),
      Any: null,
      M: {},
      A: [0, 0],
      In: { Tags: [], At: new Date('0001-01-01T00:00:00Z') },
    })
  })

  test('recursive struct zero value stops with null', () => {
    const node = {
      kind: 'struct',
      name: 'main.Node',
      wireName: 'Node',
      fields: [] as { name: string; type: GoType }[],
    } as const
    node.fields.push({ name: 'Value', type: goType('int') }, { name: 'Next', type: node })
    assert.deepEqual(toJS({ type: node, value: {} }), { Value: 0, Next: { Value: 0, Next: null } })
  })

  test('recursive struct round trips', () => {
    const node = {
      kind: 'struct',
      name: 'main.Node',
      wireName: 'Node',
      fields: [] as { name: string; type: GoType }[],
    } as const
    node.fields.push({ name: 'Value', type: goType('int') }, { name: 'Next', type: node })
    const value = { Value: 1n, Next: { Value: 2n, Next: { Value: 3n } } }
    const typed = decodeGob(encodeGob({ type: node, value }))
    assert.deepEqual(typed.value, value)
    assert.equal(typed.type.name, 'Node')
  })

  test('time outside the Date range stays GoTime', () => {
    const far = new GoTime(2n ** 60n, 0, null)
    const typed = sessionWith(goType('time.Time'), far)
    assert.deepEqual((toJS(typed) as Map<string, unknown>).get('v'), far)
  })
})

describe('fromJS default rule', () => {
  test('basic values', () => {
    assert.deepEqual(typedEntry('x'), { type: 'string', value: 'x' })
    assert.deepEqual(typedEntry(true), { type: 'bool', value: true })
    assert.deepEqual(typedEntry(7), { type: 'int', value: 7 })
    assert.deepEqual(typedEntry(2.5), { type: 'float64', value: 2.5 })
    assert.deepEqual(typedEntry(null), null)
    assert.deepEqual(typedEntry(undefined), null)
  })

  test('numbers that are not safe integers are float64', () => {
    assert.deepEqual(typedEntry(NaN), { type: 'float64', value: 'NaN' })
    assert.deepEqual(typedEntry(Infinity), { type: 'float64', value: '+Inf' })
    assert.deepEqual(typedEntry(-Infinity), { type: 'float64', value: '-Inf' })
    assert.deepEqual(typedEntry(1e21), { type: 'float64', value: 1e21 })
    const negativeZero = (
      toJS(decodeGob(encodeGob(fromJS(new Map([['v', -0]]))))) as Map<string, unknown>
    ).get('v')
    assert.ok(Object.is(negativeZero, -0))
  })

  test('bigints are int64 or uint64', () => {
    assert.deepEqual(typedEntry(5n), { type: 'int64', value: '5' })
    assert.deepEqual(typedEntry(-(2n ** 63n)), { type: 'int64', value: '-9223372036854775808' })
    assert.deepEqual(typedEntry(2n ** 64n - 1n), { type: 'uint64', value: '18446744073709551615' })
    assertEncodeError(() => fromJS(new Map([['big', 2n ** 64n]])), 'big', 'bigint')
  })

  test('containers', () => {
    assert.deepEqual(typedEntry(new Uint8Array([1])), { type: '[]uint8', value: 'AQ==' })
    assert.deepEqual(typedEntry(Buffer.from([1])), { type: '[]uint8', value: 'AQ==' })
    assert.deepEqual(typedEntry(['a', 1]), {
      type: '[]interface {}',
      value: [
        { type: 'string', value: 'a' },
        { type: 'int', value: 1 },
      ],
    })
    assert.deepEqual(typedEntry({ a: 1 }), {
      type: 'map[string]interface {}',
      value: { a: { type: 'int', value: 1 } },
    })
    assert.deepEqual(typedEntry(new Map([[1, 'x']])), {
      type: 'map[interface {}]interface {}',
      value: [{ key: { type: 'int', value: 1 }, value: { type: 'string', value: 'x' } }],
    })
    assert.deepEqual(typedEntry(new Date(1_700_000_000_123)), {
      type: 'time.Time',
      value: '2023-11-14T22:13:20.123Z',
    })
  })

  test('top-level plain object needs no registration', () => {
    const typed = decodeGob(encodeGob(fromJS({ a: 'b' })))
    assert.equal(typed.type.name, 'map[string]interface {}')
    assert.deepEqual(toJS(typed), { a: 'b' })
  })

  test('top-level string is a session id', () => {
    assert.deepEqual(Array.from(encodeGob(fromJS('ABC'))), [6, 0x0c, 0, 3, 0x41, 0x42, 0x43])
  })
})

describe('fromJS errors', () => {
  test('function names path and type', () => {
    const values = new Map([['user', { roles: ['a', 'b', () => 1] }]])
    assertEncodeError(
      () => fromJS(values, undefined, { registeredNames: ALL_NAMES }),
      'user.roles[2]',
      'function',
    )
  })

  test('symbol names its type', () => {
    assertEncodeError(() => fromJS(new Map([['s', Symbol('x')]])), ' s ', 'symbol')
  })

  test('class instance names its class', () => {
    class Account {}
    assertEncodeError(() => fromJS(new Map([['acct', new Account()]])), 'acct', 'Account instance')
  })

  test('cycle is rejected', () => {
    const list: unknown[] = []
    list.push(list)
    assertEncodeError(() => fromJS(new Map([['loop', list]])), 'loop[0]', 'cycle')
  })

  test('unregistered map name explains the fix', () => {
    assertEncodeError(
      () => fromJS(new Map([['user', { id: 1 }]])),
      'user',
      '"map[string]interface {}"',
      'gob.Register(map[string]interface{}{})',
      'registeredNames',
    )
  })

  test('nested Map needs registration', () => {
    assertEncodeError(() => fromJS(new Map([['m', new Map()]])), '"map[interface {}]interface {}"')
  })

  test('Date needs registration', () => {
    assertEncodeError(
      () => fromJS(new Map([['at', new Date()]])),
      '"time.Time"',
      'gob.Register(time.Time{})',
    )
  })

  test('struct name needs registration', () => {
    const person = goStructType('*main.Person', { Name: 'string' })
    assertEncodeError(
      () => fromJS(new Map([['p', goTyped(person, { Name: 'Al' })]])),
      '"*main.Person"',
    )
  })

  test('invalid Date is rejected', () => {
    assertEncodeError(
      () => fromJS(new Map([['at', new Date(NaN)]]), undefined, { registeredNames: ALL_NAMES }),
      'at',
    )
  })

  test('top-level null is rejected', () => {
    assertEncodeError(() => fromJS(null), 'top-level')
  })

  test('goTyped value out of range names the type', () => {
    assertEncodeError(
      () => fromJS(new Map([['n', goTyped('int8', 300)]])),
      ' n ',
      '"int8"',
      '-128 to 127',
    )
  })

  test('goTyped value of the wrong kind', () => {
    assertEncodeError(
      () => fromJS(new Map([['tags', goTyped('[]string', ['a', 1])]])),
      'tags[1]',
      '"string"',
      'number',
    )
  })

  test('bad options are TypeErrors', () => {
    assert.throws(
      () => fromJS('x', undefined, { registeredNames: [1 as unknown as string] }),
      TypeError,
    )
    assert.throws(() => fromJS('x', 'hint' as unknown as GoValue), TypeError)
    assert.throws(() => encodeGob(fromJS('x'), { firstTypeId: 10 }), TypeError)
    assert.throws(() => new GobSerializer({ firstTypeId: 1.5 }), TypeError)
  })
})

describe('fromJS hint reuse', () => {
  test('int kinds stay while in range', () => {
    const typed = sessionWith(goType('int8'), 5n)
    assert.deepEqual(typedEntry(100, typed), { type: 'int8', value: 100 })
    assert.deepEqual(typedEntry(300, typed), { type: 'int', value: 300 })
    assert.deepEqual(typedEntry(1.5, typed), { type: 'float64', value: 1.5 })
  })

  test('uint stays uint', () => {
    const typed = sessionWith(goType('uint'), 7n)
    assert.deepEqual(typedEntry(8, typed), { type: 'uint', value: 8 })
    assert.deepEqual(typedEntry(-1, typed), { type: 'int', value: -1 })
  })

  test('whole float stays float', () => {
    assert.deepEqual(typedEntry(3, sessionWith(goType('float64'), 1.5)), {
      type: 'float64',
      value: 3,
    })
    assert.deepEqual(typedEntry(2, sessionWith(goType('float32'), 1.5)), {
      type: 'float32',
      value: 2,
    })
  })

  test('float32 rounds like Go', () => {
    assert.deepEqual(typedEntry(0.1, sessionWith(goType('float32'), 1.5)), {
      type: 'float32',
      value: Math.fround(0.1),
    })
  })

  test('int64 bigint stays int64', () => {
    assert.deepEqual(typedEntry(2n ** 60n, sessionWith(goType('int64'), 1n)), {
      type: 'int64',
      value: String(2n ** 60n),
    })
  })

  test('string slice stays while all strings', () => {
    const typed = sessionWith(goType('[]string'), ['a'])
    assert.deepEqual(typedEntry(['a', 'b'], typed), { type: '[]string', value: ['a', 'b'] })
    assert.equal((typedEntry(['a', 2], typed) as { type: string }).type, '[]interface {}')
  })

  test('slice elements match by index', () => {
    const typed = sessionWith(goType('[]interface {}'), [
      { type: goType('int64'), value: 1n },
      { type: goType('float64'), value: 1.5 },
    ])
    assert.deepEqual(typedEntry([2, 3, 4], typed), {
      type: '[]interface {}',
      value: [
        { type: 'int64', value: '2' },
        { type: 'float64', value: 3 },
        { type: 'int', value: 4 },
      ],
    })
  })

  test('struct keeps its typedef and name', () => {
    const typed = decodeGob(fromHex(V16))
    const values = toJS(typed) as Map<string, Record<string, unknown>>
    const person = values.get('p')
    assert.ok(person !== undefined)
    person.Age = 4
    const again = decodeGob(encodeGob(fromJS(values, typed)))
    const entries = again.value as [GoValue, GoValue][]
    assert.equal(entries[0]?.[1].type.name, '*main.Person')
    assert.deepEqual(entries[0]?.[1].type, (typed.value as [GoValue, GoValue][])[0]?.[1].type)
    assert.deepEqual(entries[0]?.[1].value, { Name: 'Al', Age: 4n })
  })

  test('struct with an unknown key falls back', () => {
    const typed = decodeGob(fromHex(V16))
    const values = toJS(typed) as Map<string, Record<string, unknown>>
    ;(values.get('p') as Record<string, unknown>).Extra = 1
    assertEncodeError(() => fromJS(values, typed), 'map[string]interface {}')
  })

  test('unchanged Date keeps nanoseconds', () => {
    const typed = decodeGob(fromHex(V27))
    const again = decodeGob(encodeGob(fromJS(toJS(typed), typed)))
    assert.deepStrictEqual(again, typed)
  })

  test('changed Date gets a new time', () => {
    const typed = decodeGob(fromHex(V27))
    const values = toJS(typed) as Map<string, unknown>
    values.set('t', new Date(1_700_000_001_000))
    assert.deepEqual(roundTrip(values, typed, [...defaultRegisteredNames]), [
      {
        key: { type: 'string', value: 't' },
        value: { type: 'time.Time', value: '2023-11-14T22:13:21Z' },
      },
    ])
  })

  test('names from the hint count as registered', () => {
    const typed = decodeGob(fromHex(V15))
    const values = toJS(typed) as Map<string, Record<string, unknown>>
    ;(values.get('m') as Record<string, unknown>).y = 'new'
    const again = roundTrip(values, typed, [...defaultRegisteredNames])
    assert.deepEqual(again, [
      {
        key: { type: 'string', value: 'm' },
        value: {
          type: 'map[string]interface {}',
          value: { x: { type: 'int', value: 1 }, y: { type: 'string', value: 'new' } },
        },
      },
    ])
  })

  test('int key keeps its kind', () => {
    const typed = decodeGob(
      encodeGob(
        fromJS(new Map([[goTyped('int32', 42), 'x']]), undefined, { registeredNames: ALL_NAMES }),
      ),
    )
    const values = toJS(typed) as Map<unknown, unknown>
    assert.deepEqual(values, new Map([[42, 'x']]))
    values.set(42, 'y')
    assert.deepEqual(roundTrip(values, typed), [
      { key: { type: 'int32', value: 42 }, value: { type: 'string', value: 'y' } },
    ])
  })
})

describe('goTyped and goType', () => {
  test('parses Go type strings', () => {
    assert.equal(goType('[]string').name, '[]string')
    assert.equal(goType('map[string]interface{}').name, 'map[string]interface {}')
    assert.equal(goType('map[string][]map[int]bool').name, 'map[string][]map[int]bool')
    assert.equal(goType('[4]byte').name, '[4]uint8')
    assert.equal(goType('[]byte').kind, 'bytes')
    assert.equal(goType('any').kind, 'interface')
    assert.equal(goType('rune').name, 'int32')
  })

  test('rejects unknown type strings', () => {
    assert.throws(() => goType('main.Level'), TypeError)
    assert.throws(() => goType('map[string'), TypeError)
    assert.throws(() => goTyped('chan int', 1), TypeError)
  })

  test('struct schema encodes like Go', () => {
    const person = goStructType('*main.Person', { Name: 'string', Age: 'int' })
    assert.equal(person.wireName, 'Person')
    const values = new Map([['p', goTyped(person, { Name: 'Al', Age: 3 })]])
    const bytes = encodeGob(
      fromJS(values, undefined, { registeredNames: [...defaultRegisteredNames, '*main.Person'] }),
    )
    assert.deepEqual(decodeGob(bytes), decodeGob(fromHex(V16)))
  })

  test('named basic types use a GoType object', () => {
    const level: GoType = { kind: 'int', name: 'main.Level' }
    const values = new Map([['lvl', goTyped(level, 2)]])
    const typed = decodeGob(
      encodeGob(
        fromJS(values, undefined, { registeredNames: [...defaultRegisteredNames, 'main.Level'] }),
      ),
    )
    assert.deepEqual(toTypedJSON(typed), [
      { key: { type: 'string', value: 'lvl' }, value: { type: 'main.Level', value: 2 } },
    ])
  })
})

describe('GobSerializer', () => {
  test('keeps Go types of unchanged entries', () => {
    const bytes = fromHex(
      '0eff81040102ff820001100110000030ff82000203696e740402000206737472696e670c0500036f6e6506737472696e670c05000374776f03696e7404020004',
    )
    const { value, types } = gobSerializer.deserialize(bytes)
    assert.deepEqual(
      value,
      new Map<unknown, unknown>([
        [1, 'one'],
        ['two', 2],
      ]),
    )
    const values = value as Map<unknown, unknown>
    values.set('three', 3.5)
    const again = gobSerializer.deserialize(gobSerializer.serialize(values, types))
    assert.deepEqual(toTypedJSON(again.types as GoValue), [
      { key: { type: 'int', value: 1 }, value: { type: 'string', value: 'one' } },
      { key: { type: 'string', value: 'three' }, value: { type: 'float64', value: 3.5 } },
      { key: { type: 'string', value: 'two' }, value: { type: 'int', value: 2 } },
    ])
  })

  test('writes session ids as strings', () => {
    assert.deepEqual(Array.from(gobSerializer.serialize('ABC')), [6, 0x0c, 0, 3, 0x41, 0x42, 0x43])
    assert.equal(gobSerializer.deserialize(fromHex('060c0003414243')).value, 'ABC')
  })

  test('ignores types from elsewhere', () => {
    assert.deepEqual(
      gobSerializer.deserialize(gobSerializer.serialize(new Map([['a', 1]]), 'not types')).value,
      new Map([['a', 1]]),
    )
  })

  test('errors carry gob codes', () => {
    assertEncodeError(() => gobSerializer.serialize(new Map([['f', () => 1]])), 'function')
    assert.throws(
      () => gobSerializer.deserialize(new Uint8Array([1, 2, 3])),
      (error: unknown) => error instanceof TesseraError && error.code === 'ERR_GOB_DECODE',
    )
  })

  test('options allow registered names', () => {
    const serializer = new GobSerializer({ registeredNames: ALL_NAMES, firstTypeId: 64 })
    const bytes = serializer.serialize(new Map([['m', { a: 1 }]]))
    assert.equal(bytes[1], 0x7f)
    assert.deepEqual(serializer.deserialize(bytes).value, new Map([['m', { a: 1 }]]))
  })
})

describe('encodeGob checks values', () => {
  test('mismatch names path and types', () => {
    const value: GoValue = { type: goType('map[string]int'), value: [['count', 'x']] }
    assertEncodeError(() => encodeGob(value), 'count', '"int"', 'string')
  })

  test('struct field not in the type', () => {
    const person = goStructType('main.P', { Name: 'string' })
    assertEncodeError(() => encodeGob({ type: person, value: { Nope: 1 } }), 'Nope', '"main.P"')
  })

  test('array length must match', () => {
    assertEncodeError(() => encodeGob({ type: goType('[2]int'), value: [1] }), '2 elements')
  })

  test('interface value needs a GoValue', () => {
    assertEncodeError(
      () => encodeGob({ type: goType('[]interface {}'), value: ['raw'] }),
      '[0]',
      'GoValue',
    )
  })

  test('top-level interface is rejected', () => {
    assertEncodeError(() => encodeGob({ type: goType('interface {}'), value: null }), 'top-level')
  })

  test('zero fields are left out', () => {
    const type = goStructType('main.Z', { N: 'int', S: 'string', L: '[]int', M: 'map[string]int' })
    const bytes = encodeGob({ type, value: { N: 0, S: '', L: [], M: [] } })
    assert.deepEqual(decodeGob(bytes).value, { M: [] })
  })
})

describe('sparse arrays', () => {
  test('holes encode as nil and round trip', () => {
    const sparse = [1, , 3]
    const emptied = [1, 2, 3]
    delete emptied[1]
    for (const value of [new Array(2), sparse, emptied]) {
      const bytes = gobSerializer.serialize(
        new Map<unknown, unknown>([
          ['list', value],
          ['next', 'x'],
        ]),
      )
      const decoded = gobSerializer.deserialize(bytes).value as Map<unknown, unknown>
      assert.deepEqual(
        decoded.get('list'),
        Array.from(value, (item) => item ?? null),
      )
      assert.equal(decoded.get('next'), 'x')
    }
  })
})
