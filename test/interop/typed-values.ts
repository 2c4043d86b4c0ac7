// Session values for the interop tests, written as typed JSON (the format of tessera's
// toTypedJSON and of the Go peer), and their conversion to the JavaScript values that an
// application would store in a tessera session.
import { Buffer } from 'node:buffer'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  GobSerializer,
  GoTime,
  defaultRegisteredNames,
  goStructType,
  goTyped,
} from '../../src/gob/index.ts'
import type { KeyPair } from '../../src/index.ts'
import { repoDir, type TypedEntry, type TypedValue } from './peer.ts'

/** The struct that the Go peer registers with `gob.Register(&Person{})` in package main. */
export const personType = goStructType('*main.Person', { Name: 'string', Age: 'int' })

/** Gob serializer that accepts the names the Go peer registers besides gob's basics. */
export const interopGob = new GobSerializer({
  registeredNames: [
    ...defaultRegisteredNames,
    'map[string]interface {}',
    'time.Time',
    '*main.Person',
  ],
})

/** A named set of session entries. */
export interface Sample {
  readonly name: string
  readonly entries: readonly TypedEntry[]
}

/** A key kind of securecookie: HMAC only, or HMAC plus AES with a 16, 24 or 32-byte key. */
export interface KeyKind {
  readonly kind: 'hmac' | 'aes128' | 'aes192' | 'aes256'
  readonly cookieName: string
  readonly pair: KeyPair
}

/** Deterministic key bytes, so a failing case can be rerun with the same keys. */
export function keyMaterial(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (index * 37 + seed) & 0xff)
}

// Text and byte keys alternate so both forms of KeyInput meet the peer's key parsing.
export const keyKinds: readonly KeyKind[] = [
  { kind: 'hmac', cookieName: 'session', pair: { hashKey: 'an HMAC-only hash key' } },
  {
    kind: 'aes128',
    cookieName: 'sess128',
    pair: { hashKey: keyMaterial(32, 1), blockKey: keyMaterial(16, 2) },
  },
  {
    kind: 'aes192',
    cookieName: 'sess192',
    pair: { hashKey: 'a hash key given as text', blockKey: 'a 24-byte AES block key.' },
  },
  {
    kind: 'aes256',
    cookieName: 'sess_256',
    pair: { hashKey: keyMaterial(64, 3), blockKey: keyMaterial(32, 4) },
  },
]

function entry(key: TypedValue | null, value: TypedValue | null): TypedEntry {
  return { key, value }
}

function stringKey(text: string): TypedValue {
  return { type: 'string', value: text }
}

function typed(type: string, value: unknown): TypedValue {
  return { type, value }
}

const allBytes = Buffer.from(Uint8Array.from({ length: 256 }, (_, index) => index)).toString(
  'base64',
)

/** Value shapes beyond those of the Go-made vectors, for the gob serializer. */
export const ownGobSamples: readonly Sample[] = [
  {
    name: 'large int64 and uint64',
    entries: [
      entry(stringKey('above 2^53'), typed('int64', '9007199254740993')),
      entry(stringKey('below -2^53'), typed('int64', '-9007199254740993')),
      entry(stringKey('small int64'), typed('int64', '5')),
      entry(stringKey('uint64 above 2^53'), typed('uint64', '9007199254740993')),
      entry(stringKey('uint64 max'), typed('uint64', '18446744073709551615')),
      entry(stringKey('int above 2^53'), typed('int', '9007199254740993')),
      entry(stringKey('uint max'), typed('uint', '18446744073709551615')),
      entry(stringKey('ints above 2^53'), typed('[]int', [1, '-9223372036854775808'])),
    ],
  },
  {
    name: 'small integer kinds',
    entries: [
      entry(stringKey('int8'), typed('int8', -128)),
      entry(stringKey('int16'), typed('int16', 32767)),
      entry(stringKey('int32'), typed('int32', -2147483648)),
      entry(stringKey('uint8'), typed('uint8', 0)),
      entry(stringKey('uint16'), typed('uint16', 65535)),
      entry(stringKey('uint32'), typed('uint32', 4294967295)),
    ],
  },
  {
    name: 'whole-number floats',
    entries: [
      entry(stringKey('zero'), typed('float64', 0)),
      entry(stringKey('negative zero'), typed('float64', -0)),
      entry(stringKey('three'), typed('float64', 3)),
      entry(stringKey('minus seven'), typed('float64', -7)),
      entry(stringKey('2^53'), typed('float64', 9007199254740992)),
      entry(stringKey('1e21'), typed('float64', 1e21)),
      entry(stringKey('float32 two'), typed('float32', 2)),
      entry(stringKey('float32 2^24'), typed('float32', 16777216)),
    ],
  },
  {
    name: 'special floats',
    entries: [
      entry(stringKey('nan'), typed('float64', 'NaN')),
      entry(stringKey('inf'), typed('float64', '+Inf')),
      entry(stringKey('minus inf'), typed('float64', '-Inf')),
      entry(stringKey('max'), typed('float64', 1.7976931348623157e308)),
      entry(stringKey('min subnormal'), typed('float64', 5e-324)),
      entry(stringKey('float32 max'), typed('float32', 3.4028234663852886e38)),
      entry(stringKey('float32 tenth'), typed('float32', 0.10000000149011612)),
    ],
  },
  {
    name: 'bytes',
    entries: [
      entry(stringKey('empty'), typed('[]uint8', '')),
      entry(stringKey('all'), typed('[]uint8', allBytes)),
    ],
  },
  {
    name: 'unicode',
    entries: [
      entry(stringKey('ключ'), typed('string', 'значение')),
      entry(stringKey('emoji 🍪'), typed('string', '👩‍💻 and 🇯🇵')),
      entry(stringKey('html'), typed('string', '<a href="x">&amp;</a>')),
      entry(stringKey('control'), typed('string', 'nul\u0000tab\tline\n')),
      entry(stringKey('rtl'), typed('string', 'שלום עולם')),
      entry(stringKey('combining'), typed('string', 'e\u0301')),
    ],
  },
  {
    name: 'flashes',
    entries: [
      entry(
        stringKey('_flash'),
        typed('[]interface {}', [
          typed('string', 'Profile saved'),
          typed('int', 7),
          typed('float64', 1.5),
          null,
          typed('bool', true),
        ]),
      ),
      entry(stringKey('_errors'), typed('[]interface {}', [typed('string', 'Name is missing')])),
      entry(stringKey('no flashes'), typed('[]interface {}', [])),
    ],
  },
  {
    name: 'nested maps',
    entries: [
      entry(
        stringKey('user'),
        typed('map[string]interface {}', {
          id: typed('int64', '12'),
          name: typed('string', 'Zoë'),
          address: typed('map[string]interface {}', {
            city: typed('string', '東京'),
            lines: typed('[]interface {}', [
              typed('string', '1-2-3'),
              typed('map[string]interface {}', { floor: typed('int', 4) }),
            ]),
          }),
          tags: typed('[]string', ['a', 'b']),
          missing: null,
        }),
      ),
      entry(stringKey('empty map'), typed('map[string]interface {}', {})),
    ],
  },
  {
    name: 'times',
    entries: [
      entry(
        stringKey('utc with nanoseconds'),
        typed('time.Time', '2023-11-14T22:13:20.000000005Z'),
      ),
      entry(stringKey('plus two hours'), typed('time.Time', '2023-11-14T22:13:20.5+02:00')),
      entry(
        stringKey('minus five thirty'),
        typed('time.Time', '1999-12-31T23:59:59.999999999-05:30'),
      ),
      entry(stringKey('whole second'), typed('time.Time', '2026-12-04T00:00:00Z')),
      entry(stringKey('year one'), typed('time.Time', '0001-01-01T00:00:00Z')),
      entry(stringKey('year 9999'), typed('time.Time', '9999-12-31T23:59:59.123Z')),
    ],
  },
  {
    name: 'person struct',
    entries: [
      entry(stringKey('person'), typed('*main.Person', { Name: 'Al', Age: 3 })),
      entry(stringKey('zero person'), typed('*main.Person', { Name: '', Age: 0 })),
      entry(stringKey('other person'), typed('*main.Person', { Name: 'Zoë 東京', Age: -40 })),
      entry(
        stringKey('people'),
        typed('[]interface {}', [typed('*main.Person', { Name: 'Bo', Age: 9 }), null]),
      ),
      entry(
        stringKey('team'),
        typed('map[string]interface {}', { lead: typed('*main.Person', { Name: 'Cy', Age: 51 }) }),
      ),
    ],
  },
  {
    name: 'keys of several types',
    entries: [
      entry(typed('int', 42), typed('int', 43)),
      entry(typed('int', -1), typed('string', 'minus one')),
      entry(typed('int64', '7'), typed('string', 'int64 key')),
      entry(typed('uint', 8), typed('string', 'uint key')),
      entry(typed('bool', true), typed('string', 'bool key')),
      entry(typed('float64', 1.5), typed('string', 'float key')),
      entry(stringKey('42'), typed('string', 'string key that looks like an int')),
    ],
  },
  {
    name: 'nil values',
    entries: [
      entry(stringKey('nothing'), null),
      entry(stringKey('something'), typed('string', 'x')),
    ],
  },
]

/** Value shapes for the json serializer, in the types Go's encoding/json decodes them to. */
export const ownJsonSamples: readonly Sample[] = [
  {
    name: 'json shapes',
    entries: [
      entry(stringKey('text'), typed('string', 'Zoë <b>&</b> 🍪')),
      entry(stringKey('empty'), typed('string', '')),
      entry(stringKey('fraction'), typed('float64', 1.5)),
      entry(stringKey('whole'), typed('float64', 3)),
      entry(stringKey('large'), typed('float64', 1e21)),
      entry(stringKey('negative'), typed('float64', -0.25)),
      entry(stringKey('yes'), typed('bool', true)),
      entry(stringKey('nothing'), null),
      entry(
        stringKey('list'),
        typed('[]interface {}', [
          typed('float64', 1),
          typed('string', 'two'),
          typed('map[string]interface {}', { three: typed('bool', false) }),
        ]),
      ),
      entry(
        stringKey('object'),
        typed('map[string]interface {}', {
          nested: typed('map[string]interface {}', { deeper: typed('[]interface {}', []) }),
        }),
      ),
    ],
  },
]

interface VectorCase {
  readonly id: string
  readonly serializer: 'gob' | 'json'
  readonly values?: TypedEntry[]
}

/** Reads the value shapes of the Go-made vectors from their HMAC cases, which the AES cases repeat. */
export async function vectorSamples(): Promise<{ gob: Sample[]; json: Sample[] }> {
  const text = await readFile(join(repoDir, 'test', 'fixtures', 'securecookie.json'), 'utf8')
  const vectors = JSON.parse(text) as VectorCase[]
  const samples = vectors
    .filter((vector) => vector.id.startsWith('hmac/') && vector.values !== undefined)
    .map((vector) => ({ serializer: vector.serializer, name: vector.id, entries: vector.values! }))
  return {
    gob: samples.filter((sample) => sample.serializer === 'gob'),
    json: samples.filter((sample) => sample.serializer === 'json'),
  }
}

function parseFloatText(value: unknown): number {
  if (value === 'NaN') return Number.NaN
  if (value === '+Inf') return Number.POSITIVE_INFINITY
  if (value === '-Inf') return Number.NEGATIVE_INFINITY
  return value as number
}

function integerValue(value: unknown): number | bigint {
  return typeof value === 'string' ? BigInt(value) : (value as number)
}

const RFC3339 =
  /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d\d):(\d\d))$/

/** Parses RFC 3339 text with nanoseconds into a GoTime, which keeps the zone offset. */
export function parseGoTime(text: string): GoTime {
  const match = RFC3339.exec(text)
  if (match === null) throw new Error(`invalid RFC 3339 time in a sample: ${text}`)
  const [
    ,
    year,
    month,
    day,
    hour,
    minute,
    second,
    fraction,
    utc,
    sign,
    offsetHours,
    offsetMinutes,
  ] = match
  const date = new Date(0)
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day))
  date.setUTCHours(Number(hour), Number(minute), Number(second), 0)
  const offset =
    utc === undefined
      ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60)
      : null
  const unixSeconds = BigInt(date.getTime() / 1000) - BigInt(offset ?? 0)
  const nanoseconds = Number((fraction ?? '').padEnd(9, '0'))
  return new GoTime(unixSeconds, nanoseconds, offset)
}

/**
 * Converts a typed value to what an application stores in a tessera session: a plain value
 * where fromJS's default rule picks the same Go type, and goTyped where it would not.
 */
export function typedToJS(typedValue: TypedValue | null): unknown {
  if (typedValue === null) return null
  const { type, value } = typedValue
  switch (type) {
    case 'string':
    case 'bool':
      return value
    case 'int':
      return typeof value === 'number' ? value : goTyped('int', BigInt(value as string))
    case 'int64':
      return BigInt(value as string)
    case 'int8':
    case 'int16':
    case 'int32':
    case 'uint':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      return goTyped(type, integerValue(value))
    case 'float64': {
      const number = parseFloatText(value)
      return Number.isInteger(number) && !Object.is(number, -0)
        ? goTyped('float64', number)
        : number
    }
    case 'float32':
      return goTyped('float32', parseFloatText(value))
    case '[]uint8':
      return new Uint8Array(Buffer.from(value as string, 'base64'))
    case '[]interface {}':
      return (value as (TypedValue | null)[]).map(typedToJS)
    case '[]string':
      return goTyped('[]string', value)
    case '[]int':
      return goTyped('[]int', (value as unknown[]).map(integerValue))
    case 'map[string]interface {}': {
      const object: Record<string, unknown> = {}
      for (const [key, field] of Object.entries(value as Record<string, TypedValue | null>)) {
        Object.defineProperty(object, key, { value: typedToJS(field), enumerable: true })
      }
      return object
    }
    case 'time.Time':
      return parseGoTime(value as string)
    case '*main.Person':
      return goTyped(personType, value)
    default:
      throw new Error(`typedToJS has no conversion for Go type ${type}`)
  }
}

/** Converts typed entries to the session Map an application would build. */
export function entriesToMap(entries: readonly TypedEntry[]): Map<unknown, unknown> {
  return new Map(entries.map((item) => [typedToJS(item.key), typedToJS(item.value)]))
}

/** Drops the Go types of JSON-serializer values, giving what JSON.parse returns for them. */
export function typedToPlain(typedValue: TypedValue | null): unknown {
  if (typedValue === null) return null
  const { type, value } = typedValue
  switch (type) {
    case 'string':
    case 'bool':
      return value
    case 'float64':
      return parseFloatText(value)
    case '[]interface {}':
      return (value as (TypedValue | null)[]).map(typedToPlain)
    case 'map[string]interface {}':
      return Object.fromEntries(
        Object.entries(value as Record<string, TypedValue | null>).map(([key, field]) => [
          key,
          typedToPlain(field),
        ]),
      )
    default:
      throw new Error(`JSON samples hold only JSON types, not ${type}`)
  }
}

/** Converts JSON-serializer entries to a session Map of plain values. */
export function entriesToPlainMap(entries: readonly TypedEntry[]): Map<unknown, unknown> {
  return new Map(entries.map((item) => [typedToPlain(item.key), typedToPlain(item.value)]))
}
