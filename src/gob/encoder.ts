import { TesseraError } from '../errors.ts'
import { DEFAULT_MAX_DEPTH } from './decoder.ts'
import { encodeFailure, quoteName } from './failure.ts'
import { describeJSType, ValuePath } from './paths.ts'
import { GoTime } from './time.ts'
import { isFlatType, TypeTable } from './type-table.ts'
import {
  FIRST_USER_ID,
  INTERFACE_TYPE,
  integerFits,
  integerRange,
  isFloat32,
  isTimeType,
  predefinedId,
  type GoArrayType,
  type GoMapType,
  type GoSliceType,
  type GoStructType,
  type GoType,
} from './types.ts'
import { GoComplex, isPlainObject, type GoValue } from './values.ts'
import { FieldCursor, writeWireType } from './wire-types.ts'
import { GobWriter, releaseWriters, takeWriters, type StreamWriters } from './writer.ts'

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

/** Default of {@link GobEncodeOptions.firstTypeId}, Go 1.19's first user type id. */
export const DEFAULT_FIRST_TYPE_ID = 65
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

/** Definition messages of flat types by type, with the id they were written for. */
const definitionCache = new WeakMap<GoType, { readonly id: number; readonly bytes: Uint8Array }>()

/**
 * Encodes typed values into one gob stream. Besides whole values, it encodes the entries of
 * a session map one at a time for the serializer's fast path.
 *
 * @example
 * ```ts
 * const bytes = new StreamEncoder(65, 100).encodeTopLevel(fromJS('abc'))
 * ```
 */
export class StreamEncoder {
  readonly #table: TypeTable
  readonly #maxDepth: number
  readonly #path = new ValuePath()

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
    const writers = takeWriters()
    const { body } = writers
    body.writeInt(this.#table.idOf(type))
    if (type.kind !== 'struct') body.writeUint(0)
    this.#encodeValue(body, type, value.value, 0)
    const bytes = this.finish(writers)
    releaseWriters(writers)
    return bytes
  }

  /** Returns the id of a type, handing out the next free one to a new type. */
  idOf(type: GoType): number {
    return this.#table.idOf(type)
  }

  /**
   * Encodes one entry of a top-level session map, each side typed as fromJS types an
   * interface value: a GoValue or null.
   */
  encodeSessionEntry(writer: GobWriter, key: unknown, element: unknown): void {
    const path = this.#path
    path.push(keyLabel(key))
    this.#encodeValue(writer, INTERFACE_TYPE, key, 1)
    this.#encodeValue(writer, INTERFACE_TYPE, element, 1)
    path.pop()
  }

  /**
   * Returns the stream: a message for each type definition, then the value message that
   * `writers.body` contains.
   */
  finish(writers: StreamWriters): Uint8Array {
    const { body, stream } = writers
    for (const definition of this.#table.definitions) this.#writeDefinition(stream, definition)
    stream.writeMessage(body)
    return stream.toBytes()
  }

  #writeDefinition(stream: GobWriter, definition: { id: number; type: GoType }): void {
    writeDefinitionMessage(stream, definition.type, definition.id, (component) =>
      this.#table.idOf(component),
    )
  }

  #enter(depth: number): void {
    if (depth >= this.#maxDepth) {
      throw encodeFailure(`${this.#path.describe()} nests deeper than ${this.#maxDepth} levels`)
    }
  }

  #mismatch(type: GoType, value: unknown, expected: string): TesseraError {
    return encodeFailure(
      `${this.#path.describe()} has Go type ${quoteName(type.name)}, which needs ${expected}, ` +
        `but the value is ${describeJSType(value)}`,
    )
  }

  #encodeValue(writer: GobWriter, type: GoType, value: unknown, depth: number): void {
    switch (type.kind) {
      case 'bool':
        if (typeof value !== 'boolean') throw this.#mismatch(type, value, 'a boolean')
        writer.writeUint(value ? 1 : 0)
        return
      case 'int':
      case 'uint':
        this.#encodeInteger(writer, type, value)
        return
      case 'float':
        if (typeof value !== 'number') throw this.#mismatch(type, value, 'a number')
        writer.writeFloat(this.#toFloat(type, value))
        return
      case 'complex': {
        if (!isComplexShape(value)) throw this.#mismatch(type, value, 'a GoComplex')
        writer.writeFloat(this.#toFloat(type, value.real))
        writer.writeFloat(this.#toFloat(type, value.imag))
        return
      }
      case 'string':
        if (typeof value !== 'string') throw this.#mismatch(type, value, 'a string')
        writer.writeString(value)
        return
      case 'bytes':
        if (!(value instanceof Uint8Array)) throw this.#mismatch(type, value, 'a Uint8Array')
        writer.writeByteString(value)
        return
      case 'interface':
        this.#encodeInterface(writer, value, depth)
        return
      case 'slice':
      case 'array':
        this.#enter(depth)
        this.#encodeList(writer, type, value, depth)
        return
      case 'map':
        this.#enter(depth)
        this.#encodeMap(writer, type, value, depth)
        return
      case 'struct':
        this.#enter(depth)
        this.#encodeStruct(writer, type, value, depth)
        return
      case 'gobEncoder':
        writer.writeByteString(this.#marshal(type, value))
        return
      default:
        throw encodeFailure(`${this.#path.describe()} has an unknown GoType kind`)
    }
  }

  #encodeInteger(writer: GobWriter, type: GoType, value: unknown): void {
    const isInteger =
      typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))
    if (!isInteger) throw this.#mismatch(type, value, 'a bigint or an integer number')
    if (!integerFits(type, value)) {
      const range = integerRange(type)
      throw encodeFailure(
        `${this.#path.describe()}: the integer is outside the range of ${quoteName(type.name)}, ` +
          `${range.min} to ${range.max}`,
      )
    }
    if (type.kind === 'int') writer.writeInt(value)
    else writer.writeUint(value)
  }

  #encodeList(
    writer: GobWriter,
    type: GoSliceType | GoArrayType,
    value: unknown,
    depth: number,
  ): void {
    if (!Array.isArray(value)) throw this.#mismatch(type, value, 'an Array')
    if (type.kind === 'array' && value.length !== type.length) {
      throw encodeFailure(
        `${this.#path.describe()} has Go type ${quoteName(type.name)}, which needs ` +
          `${type.length} elements, but the array has ${value.length}`,
      )
    }
    writer.writeUint(value.length)
    const path = this.#path
    for (let index = 0; index < value.length; index += 1) {
      path.push(index)
      this.#encodeValue(writer, type.elem, value[index], depth + 1)
      path.pop()
    }
  }

  #encodeMap(writer: GobWriter, type: GoMapType, value: unknown, depth: number): void {
    const path = this.#path
    if (value instanceof Map) {
      writer.writeUint(value.size)
      for (const [key, element] of value as Map<unknown, unknown>) {
        path.push(keyLabel(key))
        this.#encodeValue(writer, type.key, key, depth + 1)
        this.#encodeValue(writer, type.elem, element, depth + 1)
        path.pop()
      }
      return
    }
    if (!isEntryList(value)) {
      throw this.#mismatch(type, value, 'an Array of [key, value] entries or a Map')
    }
    writer.writeUint(value.length)
    for (const [key, element] of value) {
      path.push(keyLabel(key))
      this.#encodeValue(writer, type.key, key, depth + 1)
      this.#encodeValue(writer, type.elem, element, depth + 1)
      path.pop()
    }
  }

  #encodeStruct(writer: GobWriter, type: GoStructType, value: unknown, depth: number): void {
    if (!isPlainObject(value)) throw this.#mismatch(type, value, 'a plain object of fields')
    const fieldNames = fieldNamesOf(type)
    for (const key of Object.keys(value)) {
      if (!fieldNames.has(key)) {
        throw encodeFailure(
          `${this.#path.describe(key)} is not a field of struct type ${quoteName(type.name)}`,
        )
      }
    }
    const cursor = new FieldCursor(writer)
    const path = this.#path
    type.fields.forEach((field, index) => {
      if (!Object.hasOwn(value, field.name)) return
      const fieldValue = value[field.name]
      if (fieldValue === undefined || isOmittedZero(field.type, fieldValue)) return
      cursor.field(index)
      path.push(field.name)
      this.#encodeValue(writer, field.type, fieldValue, depth + 1)
      path.pop()
    })
    cursor.end()
  }

  #toFloat(type: GoType, value: number): number {
    if (!isFloat32(type)) return value
    if (Number.isFinite(value) && Math.abs(value) > MAX_FLOAT32) {
      throw encodeFailure(
        `${this.#path.describe()}: the number is outside the range of ${quoteName(type.name)}`,
      )
    }
    return Math.fround(value)
  }

  #marshal(type: GoType, value: unknown): Uint8Array {
    if (isTimeType(type)) {
      if (value instanceof GoTime) return value.toBinary()
      if (value instanceof Date && !Number.isNaN(value.getTime()))
        return GoTime.fromDate(value).toBinary()
      if (!(value instanceof Uint8Array)) {
        throw this.#mismatch(type, value, 'a GoTime or a valid Date')
      }
    }
    if (value instanceof Uint8Array) return value
    throw this.#mismatch(type, value, 'the marshalled bytes as a Uint8Array')
  }

  /**
   * Writes an interface value: the registered name (empty for nil), the concrete type id,
   * and the payload with its byte count. The definitions of new types go up front.
   */
  #encodeInterface(writer: GobWriter, value: unknown, depth: number): void {
    if (value === null || value === undefined) {
      writer.writeUint(0)
      return
    }
    if (!isGoValueShape(value)) {
      throw encodeFailure(
        `${this.#path.describe()} is an interface value, which needs a GoValue or null, ` +
          `but the value is ${describeJSType(value)}`,
      )
    }
    const { type } = value
    if (type.kind === 'interface' || type.name === '') {
      throw encodeFailure(
        `${this.#path.describe()}: an interface value needs a named concrete type`,
      )
    }
    const id = this.#table.idOf(type)
    if (predefinedId(type) === undefined) {
      writer.writeString(type.name)
      writer.writeInt(id)
    } else {
      writer.writeRaw(interfacePrefix(type))
    }
    // The payload goes straight into the output, after one byte reserved for its byte count.
    const start = writer.length
    writer.writeByte(0)
    if (type.kind !== 'struct') writer.writeUint(0)
    this.#encodeValue(writer, type, value.value, depth)
    writer.patchLength(start)
  }
}

/**
 * Writes the definition of `type` under `id` as its own message. `idOf` returns the ids of
 * its components, which must be assigned already.
 */
export function writeDefinitionMessage(
  stream: GobWriter,
  type: GoType,
  id: number,
  idOf: (component: GoType) => number,
): void {
  const cached = definitionCache.get(type)
  if (cached !== undefined && cached.id === id) {
    stream.writeRaw(cached.bytes)
    return
  }
  const start = stream.length
  stream.writeByte(0)
  stream.writeInt(-id)
  writeWireType(stream, type, id, idOf)
  stream.patchLength(start)
  // Only a flat type's message depends on nothing but the type and its own id.
  if (isFlatType(type)) definitionCache.set(type, { id, bytes: stream.bytesFrom(start) })
}

/** Interface prefixes of types with predefined ids, by type object. */
const interfacePrefixes = new WeakMap<GoType, Uint8Array>()

/**
 * Returns the start of an interface value of a type with a predefined id: the type's name
 * and the id. It is the same for every value of the type, so it is built once.
 */
export function interfacePrefix(type: GoType): Uint8Array {
  let prefix = interfacePrefixes.get(type)
  if (prefix === undefined) {
    const writer = new GobWriter(16)
    writer.writeString(type.name)
    writer.writeInt(predefinedId(type) as number)
    prefix = writer.toBytes()
    interfacePrefixes.set(type, prefix)
  }
  return prefix
}

/** Field names of each struct type, computed once per type object. */
const fieldNameSets = new WeakMap<GoStructType, ReadonlySet<string>>()

function fieldNamesOf(type: GoStructType): ReadonlySet<string> {
  let names = fieldNameSets.get(type)
  if (names === undefined) {
    names = new Set(type.fields.map((field) => field.name))
    fieldNameSets.set(type, names)
  }
  return names
}

/** Reports whether a value is an Array of `[key, value]` pairs, the lossless form of a map. */
function isEntryList(value: unknown): value is (readonly [unknown, unknown])[] {
  if (!Array.isArray(value)) return false
  for (const entry of value as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) return false
  }
  return true
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
