import { encodeBase64 } from './base64.ts'
import { GoTime } from './time.ts'
import { isSessionMapType, type GoMapType, type GoStructType, type GoType } from './types.ts'
import { projectFields } from './to-js.ts'
import { GoComplex, mapEntriesOf, setOwnProperty, type GoValue } from './values.ts'

/** Go types whose values always print as decimal strings, as JSON numbers would lose digits. */
const DECIMAL_STRING_TYPES = new Set(['int64', 'uint64'])

/**
 * Renders a typed value as JSON-ready data that keeps the Go types: `{ type, value }` with
 * the Go type name. A `map[interface {}]interface {}` renders as its list of `{ key, value }`
 * entries, each side typed, sorted by the key's JSON text.
 *
 * Inside `value`: int64 and uint64 are decimal strings, as are other integers beyond
 * ±(2^53-1), `[]uint8` and other marshalled bytes are standard base64, and `time.Time` is
 * an RFC 3339 string with nanoseconds. NaN and ±Infinity are the strings `NaN`, `+Inf` and
 * `-Inf`. Interface values are typed `{ type, value }` or null. Maps with string keys are
 * objects; other maps are sorted entry lists. Structs are objects of every field.
 *
 * @example
 * ```ts
 * toTypedJSON(decodeGob(bytes))
 * // [{ key: { type: 'string', value: 'n' }, value: { type: 'int64', value: '7' } }]
 * ```
 */
export function toTypedJSON(value: GoValue): unknown {
  if (isSessionMapType(value.type))
    return renderEntries(value.type as GoMapType, value.value, new Set())
  return { type: value.type.name, value: renderValue(value.type, value.value, new Set()) }
}

function renderValue(type: GoType, value: unknown, filling: Set<GoType>): unknown {
  switch (type.kind) {
    case 'bool':
    case 'string':
      return value
    case 'int':
    case 'uint':
      return renderInteger(type, value as bigint | number)
    case 'float':
      return renderFloat(value as number)
    case 'complex': {
      const complex = value as GoComplex
      return { real: renderFloat(complex.real), imag: renderFloat(complex.imag) }
    }
    case 'bytes':
      return encodeBase64(value as Uint8Array)
    case 'interface': {
      const inner = value as GoValue | null | undefined
      if (inner === null || inner === undefined) return null
      return { type: inner.type.name, value: renderValue(inner.type, inner.value, filling) }
    }
    case 'slice':
    case 'array':
      return (value as unknown[]).map((element) => renderValue(type.elem, element, filling))
    case 'map':
      if (type.key.kind !== 'string') return renderEntries(type, value, filling)
      return renderStringMap(type, value, filling)
    case 'struct':
      return renderStruct(type, value as Record<string, unknown>, filling)
    case 'gobEncoder':
      return value instanceof GoTime ? value.toISOString() : encodeBase64(value as Uint8Array)
  }
}

function renderInteger(type: GoType, value: bigint | number): number | string {
  const integer = BigInt(value)
  const safe =
    integer >= BigInt(Number.MIN_SAFE_INTEGER) && integer <= BigInt(Number.MAX_SAFE_INTEGER)
  return safe && !DECIMAL_STRING_TYPES.has(type.name) ? Number(integer) : integer.toString()
}

function renderFloat(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return value
}

function renderEntries(type: GoMapType, value: unknown, filling: Set<GoType>): unknown[] {
  const rendered = (mapEntriesOf(value) ?? []).map(([key, element]) => ({
    key: renderValue(type.key, key, filling),
    value: renderValue(type.elem, element, filling),
  }))
  const sortKeys = rendered.map((entry) => JSON.stringify(entry.key))
  return rendered
    .map((entry, index) => ({ entry, sortKey: sortKeys[index] as string }))
    .sort((left, right) => compareText(left.sortKey, right.sortKey))
    .map(({ entry }) => entry)
}

/** Orders strings by UTF-16 code units, like the default sort, without locale rules. */
function compareText(left: string, right: string): number {
  if (left < right) return -1
  if (left > right) return 1
  return 0
}

function renderStringMap(
  type: GoMapType,
  value: unknown,
  filling: Set<GoType>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const [key, element] of mapEntriesOf(value) ?? []) {
    setOwnProperty(result, key as string, renderValue(type.elem, element, filling))
  }
  return result
}

function renderStruct(
  type: GoStructType,
  value: Record<string, unknown>,
  filling: Set<GoType>,
): Record<string, unknown> {
  return projectFields(type, value, filling, renderValue)
}
