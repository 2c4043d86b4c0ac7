import { TesseraError } from '../errors.ts'
import { DEFAULT_MAX_DEPTH } from './decoder.ts'
import { encodeFailure, quoteName } from './failure.ts'
import { appendIndex, appendKey, describeJSType, describePath } from './paths.ts'
import { GoTime } from './time.ts'
import {
  FIRST_USER_ID,
  integerRange,
  isFloat32,
  isTimeType,
  predefinedId,
  type GoType,
} from './types.ts'
import { GoComplex, isPlainObject, mapEntriesOf, type GoValue } from './values.ts'
import { FieldCursor, writeWireType } from './wire-types.ts'
import { GobWriter } from './writer.ts'

/**
 * Options of {@link encodeGob} and {@link fromJS}.
 *
 * @example
 * ```ts
 * const options: GobEncodeOptions = { firstTypeId: 64, registeredNames: defaultRegisteredNames }
 * encodeGob(fromJS(values, undefined, options), options)
 * ```
 */
export interface GobEncodeOptions {
  /**
   * Id of the first user-defined type. Go 1.19 starts at 65, newer Go at 64, and Go's
   * decoder accepts any start from 64. Default 65.
   */
  readonly firstTypeId?: number
  /**
   * Interface names the Go side accepts, used by `fromJS`. Default
   * {@link defaultRegisteredNames}. Names found in the hint count as registered.
   */
  readonly registeredNames?: Iterable<string>
  /** Maximum nesting of slices, arrays, maps and structs in the value. Default 100. */
  readonly maxDepth?: number
}

const DEFAULT_FIRST_TYPE_ID = 65
const MAX_FIRST_TYPE_ID = 1 << 30
const MAX_FLOAT32 = 3.4028234663852886e38

/** Seconds from the Unix epoch back to Go's zero time, 0001-01-01 UTC. */
const ZERO_TIME_UNIX_SECONDS = -62_135_596_800n

/**
 * Encodes a typed value as a gob stream that Go's decoder accepts.
 *
 * Every type definition comes first, each as its own message, followed by one message with
 * the value and no inline definitions. User type ids are handed out from `firstTypeId` in
 * order of first use, components after the type that contains them, as Go does. So a
 * session map with one entry of a basic type comes out byte-identical to Go 1.19 (ids from
 * 65), and to newer Go with `firstTypeId: 64`. Entries of larger maps keep their order,
 * where Go's order is random.
 *
 * Struct fields with zero values are left out as Go leaves them out: zero numbers, false,
 * empty strings, slices and byte strings, nil interfaces and the zero `time.Time`.
 *
 * @throws TesseraError with code `ERR_GOB_ENCODE`, naming the path, when the value does not
 *   fit its type. A TypeError for a bad option.
 * @example
 * ```ts
 * const bytes = encodeGob(fromJS(new Map([['foo', 'bar']])))
 * ```
 */
export function encodeGob(value: GoValue, options: GobEncodeOptions = {}): Uint8Array {
  const firstTypeId = options.firstTypeId ?? DEFAULT_FIRST_TYPE_ID
  if (
    !Number.isInteger(firstTypeId) ||
    firstTypeId < FIRST_USER_ID ||
    firstTypeId > MAX_FIRST_TYPE_ID
  ) {
    throw new TypeError('firstTypeId must be an integer from 64 to 2^30; Go uses 64 or 65')
  }
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new TypeError('maxDepth must be a positive integer')
  }
  try {
    return new StreamEncoder(firstTypeId, maxDepth).encodeTopLevel(value)
  } catch (error) {
    if (error instanceof TesseraError && error.code === 'ERR_GOB_ENCODE') throw error
    throw encodeFailure('the value or its GoType is malformed', error)
  }
}

/**
 * Hands out type ids. Types that look the same on the wire share an id, even when they are
 * different objects or carry different registered names. The key of a type is built from
 * the keys of its components. A component that leads back into a type still being keyed,
 * which happens only in recursive types, is keyed by its identity instead.
 */
class TypeTable {
  readonly definitions: { readonly id: number; readonly type: GoType }[] = []
  #nextId: number
  readonly #ids = new Map<GoType, number>()
  readonly #idsByKey = new Map<string, number>()
  readonly #keys = new Map<GoType, string>()
  readonly #signatures = new Map<string, string>()
  readonly #identities = new Map<GoType, string>()
  readonly #keying = new Set<GoType>()

  constructor(firstId: number) {
    this.#nextId = firstId
  }

  idOf(type: GoType): number {
    const predefined = predefinedId(type)
    if (predefined !== undefined) return predefined
    const known = this.#ids.get(type)
    if (known !== undefined) return known
    const key = this.#keyOf(type)
    const shared = this.#idsByKey.get(key)
    if (shared !== undefined) {
      this.#ids.set(type, shared)
      return shared
    }
    const id = this.#nextId
    this.#nextId += 1
    this.#ids.set(type, id)
    this.#idsByKey.set(key, id)
    this.definitions.push({ id, type })
    for (const component of componentsOf(type)) this.idOf(component)
    return id
  }

  #keyOf(type: GoType): string {
    const predefined = predefinedId(type)
    if (predefined !== undefined) return `p${predefined}`
    const known = this.#keys.get(type)
    if (known !== undefined) return known
    if (this.#keying.has(type)) return this.#identityOf(type)
    this.#keying.add(type)
    const signature = this.#signatureOf(type)
    this.#keying.delete(type)
    let key = this.#signatures.get(signature)
    if (key === undefined) {
      key = `k${this.#signatures.size}`
      this.#signatures.set(signature, key)
    }
    this.#keys.set(type, key)
    return key
  }

  #signatureOf(type: GoType): string {
    const wireName = JSON.stringify('wireName' in type ? type.wireName : '')
    switch (type.kind) {
      case 'slice':
        return `slice ${wireName} ${this.#keyOf(type.elem)}`
      case 'array':
        return `array ${wireName} ${type.length} ${this.#keyOf(type.elem)}`
      case 'map':
        return `map ${wireName} ${this.#keyOf(type.key)} ${this.#keyOf(type.elem)}`
      case 'struct': {
        const fields = type.fields.map(
          (field) => `${JSON.stringify(field.name)}:${this.#keyOf(field.type)}`,
        )
        return `struct ${wireName} ${fields.join(',')}`
      }
      case 'gobEncoder':
        return `gobEncoder ${wireName} ${type.marshaler}`
      default:
        throw encodeFailure(`unknown GoType kind ${quoteName(String(type.kind))}`)
    }
  }

  #identityOf(type: GoType): string {
    let identity = this.#identities.get(type)
    if (identity === undefined) {
      identity = `i${this.#identities.size}`
      this.#identities.set(type, identity)
    }
    return identity
  }
}

class StreamEncoder {
  readonly #table: TypeTable
  readonly #maxDepth: number

  constructor(firstTypeId: number, maxDepth: number) {
    this.#table = new TypeTable(firstTypeId)
    this.#maxDepth = maxDepth
  }

  encodeTopLevel(value: GoValue): Uint8Array {
    if (!isGoValueShape(value)) {
      throw encodeFailure(
        `expected a GoValue with a type and a value, got ${describeJSType(value)}`,
      )
    }
    const { type } = value
    if (type.kind === 'interface') {
      throw encodeFailure('the top-level value needs a concrete type, not interface {}')
    }
    const body = new GobWriter()
    body.writeInt(this.#table.idOf(type))
    if (type.kind !== 'struct') body.writeUint(0)
    this.#encodeValue(body, type, value.value, '', 0)

    const stream = new GobWriter()
    for (const definition of this.#table.definitions) {
      const message = new GobWriter()
      message.writeInt(-definition.id)
      writeWireType(message, definition.type, definition.id, (component) =>
        this.#table.idOf(component),
      )
      stream.writeByteString(message.toBytes())
    }
    stream.writeByteString(body.toBytes())
    return stream.toBytes()
  }

  #enter(depth: number, path: string): void {
    if (depth >= this.#maxDepth) {
      throw encodeFailure(`${describePath(path)} nests deeper than ${this.#maxDepth} levels`)
    }
  }

  #encodeValue(writer: GobWriter, type: GoType, value: unknown, path: string, depth: number): void {
    const mismatch = (expected: string): TesseraError =>
      encodeFailure(
        `${describePath(path)} has Go type ${quoteName(type.name)}, which needs ${expected}, ` +
          `but the value is ${describeJSType(value)}`,
      )
    switch (type.kind) {
      case 'bool':
        if (typeof value !== 'boolean') throw mismatch('a boolean')
        writer.writeUint(value ? 1 : 0)
        return
      case 'int':
      case 'uint': {
        const integer = toBigInt(value)
        if (integer === undefined) throw mismatch('a bigint or an integer number')
        const range = integerRange(type)
        if (integer < range.min || integer > range.max) {
          throw encodeFailure(
            `${describePath(path)}: the integer is outside the range of ${quoteName(type.name)}, ` +
              `${range.min} to ${range.max}`,
          )
        }
        if (type.kind === 'int') writer.writeInt(integer)
        else writer.writeUint(integer)
        return
      }
      case 'float':
        if (typeof value !== 'number') throw mismatch('a number')
        writer.writeFloat(this.#toFloat(type, value, path))
        return
      case 'complex': {
        if (!isComplexShape(value)) throw mismatch('a GoComplex')
        writer.writeFloat(this.#toFloat(type, value.real, path))
        writer.writeFloat(this.#toFloat(type, value.imag, path))
        return
      }
      case 'string':
        if (typeof value !== 'string') throw mismatch('a string')
        writer.writeString(value)
        return
      case 'bytes':
        if (!(value instanceof Uint8Array)) throw mismatch('a Uint8Array')
        writer.writeByteString(value)
        return
      case 'interface':
        this.#encodeInterface(writer, value, path, depth)
        return
      case 'slice':
      case 'array': {
        this.#enter(depth, path)
        if (!Array.isArray(value)) throw mismatch('an Array')
        if (type.kind === 'array' && value.length !== type.length) {
          throw encodeFailure(
            `${describePath(path)} has Go type ${quoteName(type.name)}, which needs ` +
              `${type.length} elements, but the array has ${value.length}`,
          )
        }
        writer.writeUint(value.length)
        value.forEach((element: unknown, index) => {
          this.#encodeValue(writer, type.elem, element, appendIndex(path, index), depth + 1)
        })
        return
      }
      case 'map': {
        this.#enter(depth, path)
        const entries = mapEntriesOf(value)
        if (entries === undefined) throw mismatch('an Array of [key, value] entries or a Map')
        writer.writeUint(entries.length)
        for (const [key, element] of entries) {
          const entryPath = appendKey(path, keyLabel(key))
          this.#encodeValue(writer, type.key, key, entryPath, depth + 1)
          this.#encodeValue(writer, type.elem, element, entryPath, depth + 1)
        }
        return
      }
      case 'struct': {
        this.#enter(depth, path)
        if (!isPlainObject(value)) throw mismatch('a plain object of fields')
        const fieldNames = new Set(type.fields.map((field) => field.name))
        for (const key of Object.keys(value)) {
          if (!fieldNames.has(key)) {
            throw encodeFailure(
              `${describePath(appendKey(path, key))} is not a field of struct type ${quoteName(type.name)}`,
            )
          }
        }
        const cursor = new FieldCursor(writer)
        type.fields.forEach((field, index) => {
          if (!Object.hasOwn(value, field.name)) return
          const fieldValue = value[field.name]
          if (fieldValue === undefined || isOmittedZero(field.type, fieldValue)) return
          cursor.field(index)
          this.#encodeValue(writer, field.type, fieldValue, appendKey(path, field.name), depth + 1)
        })
        cursor.end()
        return
      }
      case 'gobEncoder':
        writer.writeByteString(this.#marshal(type, value, mismatch))
        return
      default:
        throw encodeFailure(`${describePath(path)} has an unknown GoType kind`)
    }
  }

  #toFloat(type: GoType, value: number, path: string): number {
    if (!isFloat32(type)) return value
    if (Number.isFinite(value) && Math.abs(value) > MAX_FLOAT32) {
      throw encodeFailure(
        `${describePath(path)}: the number is outside the range of ${quoteName(type.name)}`,
      )
    }
    return Math.fround(value)
  }

  #marshal(type: GoType, value: unknown, mismatch: (expected: string) => TesseraError): Uint8Array {
    if (isTimeType(type)) {
      if (value instanceof GoTime) return value.toBinary()
      if (value instanceof Date && !Number.isNaN(value.getTime()))
        return GoTime.fromDate(value).toBinary()
      if (!(value instanceof Uint8Array)) throw mismatch('a GoTime or a valid Date')
    }
    if (value instanceof Uint8Array) return value
    throw mismatch('the marshalled bytes as a Uint8Array')
  }

  /**
   * Writes an interface value: the registered name (empty for nil), the concrete type id,
   * and the payload with its byte count. The definitions of new types go up front.
   */
  #encodeInterface(writer: GobWriter, value: unknown, path: string, depth: number): void {
    if (value === null || value === undefined) {
      writer.writeUint(0)
      return
    }
    if (!isGoValueShape(value)) {
      throw encodeFailure(
        `${describePath(path)} is an interface value, which needs a GoValue or null, ` +
          `but the value is ${describeJSType(value)}`,
      )
    }
    const { type } = value
    if (type.kind === 'interface' || type.name === '') {
      throw encodeFailure(`${describePath(path)}: an interface value needs a named concrete type`)
    }
    const id = this.#table.idOf(type)
    const payload = new GobWriter()
    if (type.kind !== 'struct') payload.writeUint(0)
    this.#encodeValue(payload, type, value.value, path, depth)
    writer.writeString(type.name)
    writer.writeInt(id)
    writer.writeByteString(payload.toBytes())
  }
}

function componentsOf(type: GoType): GoType[] {
  switch (type.kind) {
    case 'slice':
    case 'array':
      return [type.elem]
    case 'map':
      return [type.key, type.elem]
    case 'struct':
      return type.fields.map((field) => field.type)
    default:
      return []
  }
}

/** Reports whether a value has the `{ type: { kind, name }, value }` shape of a GoValue. */
export function isGoValueShape(value: unknown): value is GoValue {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false
  const type: unknown = value.type
  return (
    typeof type === 'object' &&
    type !== null &&
    typeof (type as { kind?: unknown }).kind === 'string' &&
    typeof (type as { name?: unknown }).name === 'string'
  )
}

function isComplexShape(value: unknown): value is GoComplex {
  if (value instanceof GoComplex) return true
  if (typeof value !== 'object' || value === null) return false
  const { real, imag } = value as { real?: unknown; imag?: unknown }
  return typeof real === 'number' && typeof imag === 'number'
}

function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  return undefined
}

/** Returns what a path shows for a map key: the basic value inside an interface key. */
function keyLabel(key: unknown): unknown {
  return isGoValueShape(key) ? key.value : key
}

/** Reports whether Go's encoder leaves out a struct field that contains this value. */
function isOmittedZero(type: GoType, value: unknown): boolean {
  switch (type.kind) {
    case 'bool':
      return value === false
    case 'int':
    case 'uint':
      return value === 0 || value === 0n
    case 'float':
      return value === 0
    case 'complex':
      return isComplexShape(value) && value.real === 0 && value.imag === 0
    case 'string':
      return value === ''
    case 'bytes':
      return value instanceof Uint8Array && value.length === 0
    case 'interface':
      return value === null
    case 'slice':
      return Array.isArray(value) && value.length === 0
    case 'gobEncoder':
      return (
        isTimeType(type) &&
        value instanceof GoTime &&
        value.unixSeconds === ZERO_TIME_UNIX_SECONDS &&
        value.nanoseconds === 0 &&
        value.offsetSeconds === null
      )
    default:
      return false
  }
}
