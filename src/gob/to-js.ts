import { GoTime } from './time.ts'
import { isSessionMapType, type GoMapType, type GoStructType, type GoType } from './types.ts'
import { setOwnProperty, type GoMapEntry, type GoValue } from './values.ts'
import { zeroValue } from './zero.ts'

/**
 * Projects a typed value onto plain JavaScript values, dropping the Go types.
 *
 * - string → string, bool → boolean, float32/float64 → number.
 * - Every int and uint kind → number when |n| ≤ 2^53-1, else bigint.
 * - complex64/complex128 → {@link GoComplex} `{ real, imag }`.
 * - `[]uint8` → Uint8Array. Other slices and arrays → Array.
 * - `map[interface {}]interface {}` → Map. Maps with string keys → plain object. Other maps
 *   → Map, unless the key type is an interface and every key is a string, then a plain
 *   object. A `__proto__` key becomes an own property.
 * - Struct → plain object of every field. Go leaves zero-valued fields out, so absent fields
 *   get their zero value, and a struct type nested inside its own zero value becomes null.
 * - `time.Time` → Date, which drops nanoseconds and the zone. A time outside the Date range
 *   stays a {@link GoTime}. Other GobEncoder types → their bytes as a Uint8Array.
 * - nil interface → null.
 *
 * Hand the typed value to {@link fromJS} as the hint to write unchanged values back with
 * their Go types.
 *
 * @example
 * ```ts
 * const typed = decodeGob(bytes)
 * const values = toJS(typed) as Map<unknown, unknown>
 * values.get('n') // 42
 * ```
 */
export function toJS(value: GoValue): unknown {
  return projectValue(value.type, value.value, new Set())
}

/**
 * Projects one value of a given type. `filling` contains the struct types whose zero values are
 * being built, so a recursive type stops with null.
 */
export function projectValue(type: GoType, value: unknown, filling: Set<GoType>): unknown {
  switch (type.kind) {
    case 'bool':
    case 'float':
    case 'complex':
    case 'string':
      return value
    case 'int':
    case 'uint':
      return typeof value === 'bigint' && isSafe(value) ? Number(value) : value
    case 'bytes':
      return value instanceof Uint8Array ? value.slice() : value
    case 'interface': {
      const inner = value as GoValue | null | undefined
      return inner === null || inner === undefined
        ? null
        : projectValue(inner.type, inner.value, filling)
    }
    case 'slice':
    case 'array':
      return projectList(type.elem, value as unknown[], filling)
    case 'map':
      return projectMap(type, value, filling)
    case 'struct':
      return projectStruct(type, value as Record<string, unknown>, filling)
    case 'gobEncoder':
      if (value instanceof GoTime) return value.toDate() ?? value
      return value instanceof Uint8Array ? value.slice() : value
  }
}

const MIN_SAFE_BIGINT = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE_BIGINT = BigInt(Number.MAX_SAFE_INTEGER)

function isSafe(value: bigint): boolean {
  return value >= MIN_SAFE_BIGINT && value <= MAX_SAFE_BIGINT
}

function projectList(elem: GoType, value: unknown[], filling: Set<GoType>): unknown[] {
  const projected: unknown[] = []
  for (let index = 0; index < value.length; index += 1) {
    projected.push(projectValue(elem, value[index], filling))
  }
  return projected
}

function projectMap(type: GoMapType, value: unknown, filling: Set<GoType>): unknown {
  const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : value
  // The lossless form is an array of entries, and anything else projects as an empty map.
  const valid = isEntryArray(entries) ? entries : []
  if (isSessionMapType(type)) {
    const map = new Map<unknown, unknown>()
    for (const [key, element] of valid) {
      map.set(projectValue(type.key, key, filling), projectValue(type.elem, element, filling))
    }
    return map
  }
  const pairs = valid.map(
    ([key, element]) =>
      [projectValue(type.key, key, filling), projectValue(type.elem, element, filling)] as const,
  )
  const asObject =
    type.key.kind === 'string' ||
    (type.key.kind === 'interface' && pairs.every(([key]) => typeof key === 'string'))
  if (!asObject) return new Map(pairs)
  const result: Record<string, unknown> = {}
  for (const [key, element] of pairs) setOwnProperty(result, key as string, element)
  return result
}

function isEntryArray(value: unknown): value is GoMapEntry[] {
  if (!Array.isArray(value)) return false
  for (const entry of value as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) return false
  }
  return true
}

function projectStruct(
  type: GoStructType,
  value: Record<string, unknown>,
  filling: Set<GoType>,
): Record<string, unknown> {
  return projectFields(type, value, filling, projectValue)
}

/**
 * Builds the plain object of a struct value with `project` applied to each field, filling in
 * the zero value of every field Go left out. toJS and toTypedJSON share it.
 */
export function projectFields(
  type: GoStructType,
  value: Record<string, unknown>,
  filling: Set<GoType>,
  project: (type: GoType, value: unknown, filling: Set<GoType>) => unknown,
): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const field of type.fields) {
    const present = Object.hasOwn(value, field.name) && value[field.name] !== undefined
    const projected = present
      ? project(field.type, value[field.name], filling)
      : projectZero(field.type, filling, project)
    setOwnProperty(result, field.name, projected)
  }
  return result
}

export function projectZero(
  type: GoType,
  filling: Set<GoType>,
  project: (type: GoType, value: unknown, filling: Set<GoType>) => unknown,
): unknown {
  if (type.kind !== 'struct') return project(type, zeroValue(type), filling)
  if (filling.has(type)) return null
  filling.add(type)
  const projected = project(type, {}, filling)
  filling.delete(type)
  return projected
}
