import { TesseraError } from '../errors.ts'
import { basicTypeNamed, matchBasicPrefix } from './basic-names.ts'
import { COMMON_TYPES, matchCommonDefinition } from './common-definitions.ts'
import { decodeFailure, quoteName } from './failure.ts'
import { checkRegisteredName } from './registry.ts'
import { GobReader } from './reader.ts'
import { GoTime } from './time.ts'
import { projectValue, toJS } from './to-js.ts'
import {
  FIRST_USER_ID,
  INTERFACE_TYPE,
  PREDEFINED_TYPES,
  SESSION_MAP_TYPE,
  TIME_TYPE,
  composeTypeName,
  integerFits,
  isFloat32,
  isTimeType,
  type GoStructField,
  type GoStructType,
  type GoType,
} from './types.ts'
import { GoComplex, setOwnProperty, type GoMapEntry, type GoValue } from './values.ts'
import { readFieldNumber, readWireType, type WireType } from './wire-types.ts'

/**
 * Options of {@link decodeGob}.
 *
 * @example
 * ```ts
 * decodeGob(bytes, { maxDepth: 20 })
 * ```
 */
export interface GobDecodeOptions {
  /** Maximum nesting of slices, arrays, maps and structs in the value. Default 100. */
  readonly maxDepth?: number
}

/** Default of {@link GobDecodeOptions.maxDepth}, shared with the encoder so its output decodes. */
export const DEFAULT_MAX_DEPTH = 100

/** Maximum nesting of type definitions, counted along their component types. */
const MAX_TYPE_NESTING = 100

/**
 * Maximum number of zero values that the struct fields Go left out may expand to when
 * `toJS` fills them in. It stops a few bytes naming a huge array type from costing gigabytes.
 */
const MAX_ZERO_FILL = 1_000_000

const MAX_TYPE_ID = 0x7fff_ffff
const MAX_FLOAT32 = 3.4028234663852886e38

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Component of a type under construction, replaced before the type is used. */
const PLACEHOLDER: GoType = INTERFACE_TYPE

/**
 * Decodes one gob stream (a top-level value) into its lossless typed form.
 *
 * It follows Go's decoder. Type definitions may come as their own messages before the value,
 * or inline inside interface values, where Go's encoder cuts the message. User type ids must
 * be 64 or more and unique. Bytes after the top-level value are ignored, as Go ignores them.
 * Interface values may carry any name, because the stream defines the type, but a Go
 * built-in name must match its wire type.
 *
 * @throws TesseraError with code `ERR_GOB_DECODE` on any malformed or unsupported input,
 *   and nothing else. A TypeError for an argument that is not a Uint8Array or a bad option.
 * @example
 * ```ts
 * const typed = decodeGob(bytes)
 * typed.type.name // 'map[interface {}]interface {}'
 * toJS(typed) // Map { 'foo' => 'bar' }
 * ```
 */
export function decodeGob(bytes: Uint8Array, options: GobDecodeOptions = {}): GoValue {
  return runDecoder(bytes, options, decodeTopLevel)
}

/**
 * Decodes one gob stream into its typed form and its {@link toJS} projection, as
 * GobSerializer's `deserialize` returns them.
 *
 * @throws TesseraError with code `ERR_GOB_DECODE`, as {@link decodeGob} does.
 */
export function decodeGobProjected(
  bytes: Uint8Array,
  options: GobDecodeOptions = {},
): { typed: GoValue; plain: unknown } {
  return runDecoder(bytes, options, decodeTopLevelProjected)
}

const decodeTopLevel = (decoder: StreamDecoder): GoValue => decoder.decodeTopLevel()

const decodeTopLevelProjected = (decoder: StreamDecoder): { typed: GoValue; plain: unknown } =>
  decoder.decodeTopLevelProjected()

/** Checks the arguments, runs `decode`, and turns any other failure into a decoding error. */
function runDecoder<T>(
  bytes: Uint8Array,
  options: GobDecodeOptions,
  decode: (decoder: StreamDecoder) => T,
): T {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeGob expects a Uint8Array')
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new TypeError('maxDepth must be a positive integer')
  }
  try {
    return decode(new StreamDecoder(bytes, maxDepth))
  } catch (error) {
    if (error instanceof TesseraError && error.code === 'ERR_GOB_DECODE') throw error
    // A bound missed somewhere must still surface as a decoding error.
    throw decodeFailure('unexpected internal error', error)
  }
}

/** Projects a decoded interface value as toJS does: null for nil, else its concrete value. */
function projectInterface(value: GoValue | null, filling: Set<GoType>): unknown {
  return value === null ? null : projectValue(value.type, value.value, filling)
}

/**
 * Nesting depth of each decoded type's components, fixed once the type is built. A type
 * still being built has no entry yet, so a cycle back to it counts 0.
 */
const typeNesting = new WeakMap<GoType, number>()
for (const type of COMMON_TYPES) typeNesting.set(type, 1)

/** Types of the predefined ids by id, with holes for the ids gob leaves unused. */
const PREDEFINED_BY_ID: readonly (GoType | undefined)[] = Array.from(
  { length: FIRST_USER_ID },
  (_, id) => PREDEFINED_TYPES.get(id),
)

class StreamDecoder {
  readonly #reader: GobReader
  readonly #maxDepth: number
  // Arrays indexed by type id minus 64, which cost less than Maps for the few ids of a cookie.
  readonly #wireTypes: (WireType | undefined)[] = []
  readonly #resolved: (GoType | undefined)[] = []
  // Created on first use, because most streams need neither.
  #zeroCosts: Map<GoType, number> | undefined
  #renamed: Map<GoType, Map<string, GoType>> | undefined
  #zeroFill = 0

  constructor(bytes: Uint8Array, maxDepth: number) {
    this.#reader = new GobReader(bytes)
    this.#maxDepth = maxDepth
  }

  decodeTopLevel(): GoValue {
    const type = this.#readTopLevelType()
    return { type, value: this.#decodeConcrete(type, 0) }
  }

  /**
   * Decodes the top-level value and its toJS projection. A session map is projected entry
   * by entry as it is decoded, which saves walking it a second time.
   */
  decodeTopLevelProjected(): { typed: GoValue; plain: unknown } {
    const type = this.#readTopLevelType()
    if (type !== SESSION_MAP_TYPE) {
      const typed = { type, value: this.#decodeConcrete(type, 0) }
      return { typed, plain: toJS(typed) }
    }
    this.#readSingletonDelta()
    this.#enter(0)
    const count = this.#readMapSize()
    const entries: GoMapEntry[] = []
    const plain = new Map<unknown, unknown>()
    const filling = new Set<GoType>()
    for (let index = 0; index < count; index += 1) {
      const key = this.#decodeInterface(1)
      const element = this.#decodeInterface(1)
      entries.push([key, element])
      plain.set(projectInterface(key, filling), projectInterface(element, filling))
    }
    return { typed: { type, value: entries }, plain }
  }

  #readTopLevelType(): GoType {
    const type = this.#resolve(this.#readTypeSequence(false), 0)
    if (type.kind === 'interface') throw decodeFailure('the top-level value has interface type')
    return type
  }

  /**
   * Reads type definitions until a value's type id, as Go's `decodeTypeSequence` does. At top
   * level a definition must end its message. Inside an interface one count follows each
   * definition, either the next message's length or the payload length that Go's encoder
   * wrote before it cut the message, and Go discards it either way.
   */
  #readTypeSequence(insideInterface: boolean): number {
    const reader = this.#reader
    let sawDefinition = false
    for (;;) {
      if (reader.messageRemaining === 0 && !reader.nextMessage()) {
        const empty = !sawDefinition && !insideInterface
        throw decodeFailure(empty ? 'empty input' : 'the input ends before the value')
      }
      const id = reader.readInt()
      if (typeof id !== 'number') throw decodeFailure(`invalid type id ${id}`)
      if (id >= 0) {
        if (id === 0 || id > MAX_TYPE_ID) throw decodeFailure(`invalid type id ${id}`)
        return id
      }
      this.#defineType(-id)
      sawDefinition = true
      if (reader.messageRemaining > 0) {
        if (!insideInterface) throw decodeFailure('extra data after a top-level type definition')
        reader.readUint()
      }
    }
  }

  #defineType(id: number): void {
    if (id < FIRST_USER_ID || id > MAX_TYPE_ID) {
      throw decodeFailure(`type definition with id ${id}: user type ids are 64 to 2^31-1`)
    }
    const index = id - FIRST_USER_ID
    if (this.#wireTypes[index] !== undefined) {
      throw decodeFailure(`duplicate type definition ${id}`)
    }
    const common = matchCommonDefinition(this.#reader, id)
    if (common !== undefined) {
      this.#wireTypes[index] = common.wire
      this.#resolved[index] = common.type
      return
    }
    this.#wireTypes[index] = readWireType(this.#reader)
  }

  /**
   * Builds the GoType of a type id from its definition and those of its components. A type
   * is stored before its components are built, so recursive struct types refer to themselves.
   */
  #resolve(id: number, depth: number): GoType {
    if (id < FIRST_USER_ID) {
      const predefined = PREDEFINED_BY_ID[id]
      if (predefined === undefined) throw decodeFailure(`unknown type id ${id}`)
      return predefined
    }
    const index = id - FIRST_USER_ID
    const known = this.#resolved[index]
    if (known !== undefined) return known
    const wire = this.#wireTypes[index]
    if (wire === undefined) throw decodeFailure(`unknown type id ${id}`)
    if (depth >= MAX_TYPE_NESTING) {
      throw decodeFailure(`type definitions nest deeper than ${MAX_TYPE_NESTING} levels`)
    }
    const component = (componentId: number): GoType => this.#resolve(componentId, depth + 1)
    let type: GoType
    switch (wire.kind) {
      case 'slice': {
        const slice: Mutable<GoType & { kind: 'slice' }> = {
          kind: 'slice',
          name: wire.name,
          wireName: wire.name,
          elem: PLACEHOLDER,
        }
        this.#resolved[index] = slice
        slice.elem = component(wire.elem)
        if (slice.name === '') slice.name = composeTypeName(slice)
        type = slice
        break
      }
      case 'array': {
        const array: Mutable<GoType & { kind: 'array' }> = {
          kind: 'array',
          name: wire.name,
          wireName: wire.name,
          elem: PLACEHOLDER,
          length: wire.length,
        }
        this.#resolved[index] = array
        array.elem = component(wire.elem)
        if (array.name === '') array.name = composeTypeName(array)
        type = array
        break
      }
      case 'map': {
        const map: Mutable<GoType & { kind: 'map' }> = {
          kind: 'map',
          name: wire.name,
          wireName: wire.name,
          key: PLACEHOLDER,
          elem: PLACEHOLDER,
        }
        this.#resolved[index] = map
        map.key = component(wire.key)
        map.elem = component(wire.elem)
        if (map.name === '') map.name = composeTypeName(map)
        type = map
        break
      }
      case 'struct': {
        const fields: { name: string; type: GoType }[] = []
        const struct: Mutable<GoStructType> = {
          kind: 'struct',
          name: wire.name,
          wireName: wire.name,
          fields,
        }
        this.#resolved[index] = struct
        const names = new Set<string>()
        for (const field of wire.fields) {
          if (field.name === '' || names.has(field.name)) {
            throw decodeFailure(
              `struct type ${quoteName(wire.name)} has an empty or repeated field name`,
            )
          }
          names.add(field.name)
          fields.push({ name: field.name, type: component(field.id) })
        }
        if (struct.name === '') {
          const list = fields.map((field) => `${field.name} ${field.type.name}`).join('; ')
          struct.name = `struct { ${list} }`
        }
        type = struct
        break
      }
      case 'gobEncoder':
        type = {
          kind: 'gobEncoder',
          name: wire.name,
          wireName: wire.name,
          marshaler: wire.marshaler,
        }
        this.#resolved[index] = type
        break
    }
    this.#recordNesting(type)
    return type
  }

  /**
   * Stores how deeply a type's components nest and rejects deep ones, so that every walk of
   * the type graph stays shallow. A component still being built is part of a cycle and adds 0.
   */
  #recordNesting(type: GoType): void {
    const componentTypes = componentsOf(type)
    let deepest = 0
    for (const component of componentTypes) {
      deepest = Math.max(deepest, typeNesting.get(component) ?? 0)
    }
    if (deepest + 1 > MAX_TYPE_NESTING) {
      throw decodeFailure(`type definitions nest deeper than ${MAX_TYPE_NESTING} levels`)
    }
    typeNesting.set(type, deepest + 1)
  }

  /** Decodes a value that starts with its first field delta: `00` for a non-struct. */
  #decodeConcrete(type: GoType, depth: number): unknown {
    if (type.kind === 'struct') return this.#decodeStruct(type, depth)
    this.#readSingletonDelta()
    return this.#decodeValue(type, depth)
  }

  /** Reads the `00` field delta that starts a value that is not a struct. */
  #readSingletonDelta(): void {
    if (this.#reader.readUint() !== 0) {
      throw decodeFailure('corrupted data: non-zero field delta before a non-struct value')
    }
  }

  #readMapSize(): number {
    const reader = this.#reader
    // Each entry takes at least two bytes.
    return reader.readCount(Math.floor(reader.inputRemaining / 2), 'map size')
  }

  #enter(depth: number): void {
    if (depth >= this.#maxDepth) {
      throw decodeFailure(`the value nests deeper than ${this.#maxDepth} levels`)
    }
  }

  #decodeValue(type: GoType, depth: number): unknown {
    const reader = this.#reader
    switch (type.kind) {
      case 'bool':
        return reader.readUint() !== 0
      case 'int':
      case 'uint': {
        const value = type.kind === 'int' ? reader.readInt() : reader.readUint()
        if (!integerFits(type, value)) {
          throw decodeFailure(`integer out of range for ${quoteName(type.name)}`)
        }
        // The lossless form keeps every integer as a bigint.
        return typeof value === 'number' ? BigInt(value) : value
      }
      case 'float':
        return this.#decodeFloat(type)
      case 'complex':
        return new GoComplex(this.#decodeFloat(type), this.#decodeFloat(type))
      case 'string':
        return reader.readString()
      case 'bytes':
        return reader.readByteString()
      case 'interface':
        return this.#decodeInterface(depth)
      case 'slice':
      case 'array': {
        this.#enter(depth)
        const label = type.kind === 'array' ? 'array length' : 'slice length'
        const count = reader.readCount(reader.inputRemaining, label)
        if (type.kind === 'array' && count !== type.length) {
          throw decodeFailure(
            `array length ${count} does not match its type ${quoteName(type.name)}`,
          )
        }
        const elements: unknown[] = []
        for (let index = 0; index < count; index += 1) {
          elements.push(this.#decodeValue(type.elem, depth + 1))
        }
        return elements
      }
      case 'map': {
        this.#enter(depth)
        const count = this.#readMapSize()
        const entries: GoMapEntry[] = []
        for (let index = 0; index < count; index += 1) {
          const key = this.#decodeValue(type.key, depth + 1)
          entries.push([key, this.#decodeValue(type.elem, depth + 1)])
        }
        return entries
      }
      case 'struct':
        return this.#decodeStruct(type, depth)
      case 'gobEncoder': {
        const bytes = reader.readByteString()
        if (!isTimeType(type)) return bytes
        const time = GoTime.fromBinary(bytes)
        if (time !== undefined) return time
        // A field's type is known only as `Time`, which another package may also define, so
        // only a value sent under the registered name time.Time must parse.
        if (type.name === TIME_TYPE.name) {
          throw decodeFailure('invalid time.Time encoding')
        }
        return bytes
      }
    }
  }

  #decodeFloat(type: GoType): number {
    const value = this.#reader.readFloat()
    if (isFloat32(type) && Number.isFinite(value) && Math.abs(value) > MAX_FLOAT32) {
      throw decodeFailure(`float out of range for ${quoteName(type.name)}`)
    }
    return value
  }

  #decodeStruct(type: GoStructType, depth: number): Record<string, unknown> {
    this.#enter(depth)
    const reader = this.#reader
    const fields = type.fields
    const result: Record<string, unknown> = {}
    // Field numbers only grow, so every field between two sent ones was left out.
    let next = 0
    for (let index = readFieldNumber(reader, fields.length, -1); index >= 0;) {
      for (; next < index; next += 1) this.#chargeZeroFill((fields[next] as GoStructField).type)
      next = index + 1
      const field = fields[index] as GoStructField
      setOwnProperty(result, field.name, this.#decodeValue(field.type, depth + 1))
      index = readFieldNumber(reader, fields.length, index)
    }
    for (; next < fields.length; next += 1) {
      this.#chargeZeroFill((fields[next] as GoStructField).type)
    }
    return result
  }

  /**
   * Decodes an interface value: the registered name (empty for nil), any type definitions
   * of the concrete type, its id, the payload length, and the payload. The length is read
   * but not trusted, as in Go, because Go's encoder counts only the first chunk of a cut
   * message.
   */
  #decodeInterface(depth: number): GoValue | null {
    const reader = this.#reader
    const basic = matchBasicPrefix(reader)
    if (basic !== undefined) {
      reader.readUint()
      return { type: basic, value: this.#decodeConcrete(basic, depth) }
    }
    // An empty name means a nil interface, and non-empty bytes never decode to ''.
    const name = reader.readName()
    if (name === '') return null
    const id = this.#readTypeSequence(true)
    reader.readUint()
    const concrete = this.#resolve(id, 0)
    if (concrete.kind === 'interface') {
      throw decodeFailure(`interface value ${quoteName(name)} has interface type`)
    }
    // A predefined type sent under its own Go name, such as `string`, always fits that name.
    if (id >= FIRST_USER_ID || name !== concrete.name) {
      const mismatch = checkRegisteredName(name, concrete)
      if (mismatch !== undefined) throw decodeFailure(mismatch)
    }
    const type = this.#rename(concrete, name, id)
    return { type, value: this.#decodeConcrete(type, depth) }
  }

  /**
   * Returns the type under an interface's registered name, one object per type and name. A
   * basic name of a predefined type, such as `int64`, gives the shared object of that name.
   */
  #rename(type: GoType, name: string, id: number): GoType {
    if (type.name === name) return type
    const basic = id < FIRST_USER_ID ? basicTypeNamed(name, type) : undefined
    if (basic !== undefined) return basic
    this.#renamed ??= new Map()
    let byName = this.#renamed.get(type)
    if (byName === undefined) {
      byName = new Map()
      this.#renamed.set(type, byName)
    }
    let renamed = byName.get(name)
    if (renamed === undefined) {
      renamed = { ...type, name }
      byName.set(name, renamed)
    }
    return renamed
  }

  #chargeZeroFill(type: GoType): void {
    this.#zeroFill += this.#zeroCost(type, new Set())
    if (this.#zeroFill > MAX_ZERO_FILL) {
      throw decodeFailure(`the omitted zero fields expand to more than ${MAX_ZERO_FILL} values`)
    }
  }

  /** Estimates how many values the zero value of a type has, as toJS builds it. */
  #zeroCost(type: GoType, active: Set<GoType>): number {
    this.#zeroCosts ??= new Map()
    const known = this.#zeroCosts.get(type)
    if (known !== undefined) return known
    let cost = 1
    if (type.kind === 'array') {
      cost += type.length * this.#zeroCost(type.elem, active)
    } else if (type.kind === 'struct') {
      if (active.has(type)) return 1
      active.add(type)
      for (const field of type.fields) cost += this.#zeroCost(field.type, active)
      active.delete(type)
    }
    cost = Math.min(cost, MAX_ZERO_FILL + 1)
    this.#zeroCosts.set(type, cost)
    return cost
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
