/**
 * Go types as the gob wire describes them. Pointers do not appear because gob sends the
 * value a pointer points to. Every type carries `name`, the Go type string that an interface
 * value of this type sends (`int64`, `[]string`, `*main.Person`), and types that gob defines
 * on the wire also carry `wireName`, the bare name of a named type (`Person`) or `''`.
 *
 * NOTE: the encoder and decoder cache what they derive from a GoType object, such as its
 * definition bytes, so a GoType must not change once it has been used.
 *
 * @example
 * ```ts
 * const tags: GoType = { kind: 'slice', name: '[]string', wireName: '', elem: goType('string') }
 * ```
 */
export type GoType =
  | GoScalarType
  | GoInterfaceType
  | GoSliceType
  | GoArrayType
  | GoMapType
  | GoStructType
  | GoGobEncoderType

/**
 * Kinds that gob sends with a predefined type id and no type definition.
 *
 * @example
 * ```ts
 * const kind: GoScalarKind = goType('uint8').kind as GoScalarKind // 'uint'
 * ```
 */
export type GoScalarKind = 'bool' | 'int' | 'uint' | 'float' | 'complex' | 'string' | 'bytes'

/**
 * Boolean, number, string or `[]byte` type. `name` distinguishes the Go types of one kind:
 * `int8` or `int64` for kind `int`, `float32` for kind `float`, or a named type such as
 * `main.Level`.
 *
 * @example
 * ```ts
 * const level: GoScalarType = { kind: 'int', name: 'main.Level' }
 * ```
 */
export interface GoScalarType {
  readonly kind: GoScalarKind
  readonly name: string
}

/**
 * The empty interface `interface {}`, whose values carry their own concrete type.
 *
 * @example
 * ```ts
 * const any: GoInterfaceType = { kind: 'interface', name: 'interface {}' }
 * ```
 */
export interface GoInterfaceType {
  readonly kind: 'interface'
  readonly name: string
}

/**
 * Slice type such as `[]string`.
 *
 * @example
 * ```ts
 * const tags = goType('[]string') as GoSliceType
 * ```
 */
export interface GoSliceType {
  readonly kind: 'slice'
  readonly name: string
  readonly wireName: string
  readonly elem: GoType
}

/**
 * Array type such as `[4]int`.
 *
 * @example
 * ```ts
 * const rgba = goType('[4]uint8') as GoArrayType
 * ```
 */
export interface GoArrayType {
  readonly kind: 'array'
  readonly name: string
  readonly wireName: string
  readonly elem: GoType
  readonly length: number
}

/**
 * Map type such as `map[string]interface {}`.
 *
 * @example
 * ```ts
 * const counts = goType('map[string]int') as GoMapType
 * ```
 */
export interface GoMapType {
  readonly kind: 'map'
  readonly name: string
  readonly wireName: string
  readonly key: GoType
  readonly elem: GoType
}

/**
 * Exported struct field, in declaration order.
 *
 * @example
 * ```ts
 * const field: GoStructField = { name: 'Age', type: goType('int') }
 * ```
 */
export interface GoStructField {
  readonly name: string
  readonly type: GoType
}

/**
 * Struct type with its exported fields. `wireName` is the bare type name, such as `Person`.
 *
 * @example
 * ```ts
 * const person: GoStructType = goStructType('*main.Person', { Name: 'string', Age: 'int' })
 * ```
 */
export interface GoStructType {
  readonly kind: 'struct'
  readonly name: string
  readonly wireName: string
  readonly fields: readonly GoStructField[]
}

/**
 * Interface through which a type marshals itself into bytes: GobEncoder, BinaryMarshaler
 * or TextMarshaler.
 *
 * @example
 * ```ts
 * const marshaler: GoMarshaler = TIME_TYPE.marshaler // 'gob'
 * ```
 */
export type GoMarshaler = 'gob' | 'binary' | 'text'

/**
 * Type that sends itself as opaque bytes from GobEncode, MarshalBinary or MarshalText, such
 * as `time.Time`.
 *
 * @example
 * ```ts
 * const uuid: GoGobEncoderType = { kind: 'gobEncoder', name: 'uuid.UUID', wireName: 'UUID', marshaler: 'binary' }
 * ```
 */
export interface GoGobEncoderType {
  readonly kind: 'gobEncoder'
  readonly name: string
  readonly wireName: string
  readonly marshaler: GoMarshaler
}

/** Type ids that gob predefines. User-defined types get ids from 64 up. */
export const BOOL_ID = 1
export const INT_ID = 2
export const UINT_ID = 3
export const FLOAT_ID = 4
export const BYTES_ID = 5
export const STRING_ID = 6
export const COMPLEX_ID = 7
export const INTERFACE_ID = 8
export const FIRST_USER_ID = 64

export const BOOL_TYPE: GoScalarType = { kind: 'bool', name: 'bool' }
export const INT_TYPE: GoScalarType = { kind: 'int', name: 'int' }
export const INT64_TYPE: GoScalarType = { kind: 'int', name: 'int64' }
export const UINT64_TYPE: GoScalarType = { kind: 'uint', name: 'uint64' }
export const FLOAT64_TYPE: GoScalarType = { kind: 'float', name: 'float64' }
export const BYTES_TYPE: GoScalarType = { kind: 'bytes', name: '[]uint8' }
export const STRING_TYPE: GoScalarType = { kind: 'string', name: 'string' }
export const COMPLEX128_TYPE: GoScalarType = { kind: 'complex', name: 'complex128' }
export const INTERFACE_TYPE: GoInterfaceType = { kind: 'interface', name: 'interface {}' }

/**
 * Type of gorilla/sessions' flashes and of every JavaScript array by default.
 *
 * @example
 * ```ts
 * const flashes = goTyped(INTERFACE_SLICE_TYPE, ['saved'])
 * ```
 */
export const INTERFACE_SLICE_TYPE: GoSliceType = {
  kind: 'slice',
  name: '[]interface {}',
  wireName: '',
  elem: INTERFACE_TYPE,
}

/**
 * Type of gorilla/sessions' `Values`, and of a JavaScript Map by default.
 *
 * @example
 * ```ts
 * const empty = encodeGob({ type: SESSION_MAP_TYPE, value: [] })
 * ```
 */
export const SESSION_MAP_TYPE: GoMapType = {
  kind: 'map',
  name: 'map[interface {}]interface {}',
  wireName: '',
  key: INTERFACE_TYPE,
  elem: INTERFACE_TYPE,
}

/**
 * Type of a plain JavaScript object by default.
 *
 * @example
 * ```ts
 * const user = goTyped(STRING_MAP_TYPE, { id: 12 })
 * ```
 */
export const STRING_MAP_TYPE: GoMapType = {
  kind: 'map',
  name: 'map[string]interface {}',
  wireName: '',
  key: STRING_TYPE,
  elem: INTERFACE_TYPE,
}

/**
 * `time.Time`, which gob sends through its GobEncode method.
 *
 * @example
 * ```ts
 * const at = goTyped(TIME_TYPE, new Date())
 * ```
 */
export const TIME_TYPE: GoGobEncoderType = {
  kind: 'gobEncoder',
  name: 'time.Time',
  wireName: 'Time',
  marshaler: 'gob',
}

/** Types of the predefined ids that a value may have, by id. */
export const PREDEFINED_TYPES: ReadonlyMap<number, GoType> = new Map<number, GoType>([
  [BOOL_ID, BOOL_TYPE],
  [INT_ID, INT_TYPE],
  [UINT_ID, { kind: 'uint', name: 'uint' }],
  [FLOAT_ID, FLOAT64_TYPE],
  [BYTES_ID, BYTES_TYPE],
  [STRING_ID, STRING_TYPE],
  [COMPLEX_ID, COMPLEX128_TYPE],
  [INTERFACE_ID, INTERFACE_TYPE],
])

/** Returns the predefined wire id of a type, or undefined when the type needs a definition. */
export function predefinedId(type: GoType): number | undefined {
  switch (type.kind) {
    case 'bool':
      return BOOL_ID
    case 'int':
      return INT_ID
    case 'uint':
      return UINT_ID
    case 'float':
      return FLOAT_ID
    case 'bytes':
      return BYTES_ID
    case 'string':
      return STRING_ID
    case 'complex':
      return COMPLEX_ID
    case 'interface':
      return INTERFACE_ID
    default:
      return undefined
  }
}

/** Bit sizes of Go's integer types. Other names are named types and count as 64 bits. */
const INTEGER_BITS: Readonly<Record<string, number>> = {
  int8: 8,
  int16: 16,
  int32: 32,
  int64: 64,
  int: 64,
  uint8: 8,
  uint16: 16,
  uint32: 32,
  uint64: 64,
  uint: 64,
  uintptr: 64,
}

/** Inclusive range of an integer type, as bigints and as numbers for safe-integer checks. */
interface IntegerLimits {
  readonly min: bigint
  readonly max: bigint
  /** `min` as a number: exact below 64 bits, rounded at 64 bits, where no safe integer reaches it. */
  readonly minNumber: number
  readonly maxNumber: number
}

function buildLimits(signed: boolean): Map<number, IntegerLimits> {
  const limits = new Map<number, IntegerLimits>()
  for (const bits of [8, 16, 32, 64]) {
    const size = BigInt(bits)
    const min = signed ? -(1n << (size - 1n)) : 0n
    const max = signed ? (1n << (size - 1n)) - 1n : (1n << size) - 1n
    limits.set(bits, { min, max, minNumber: Number(min), maxNumber: Number(max) })
  }
  return limits
}

const SIGNED_LIMITS = buildLimits(true)
const UNSIGNED_LIMITS = buildLimits(false)

function limitsOf(type: GoType): IntegerLimits {
  const bits = INTEGER_BITS[type.name] ?? 64
  return (type.kind === 'uint' ? UNSIGNED_LIMITS : SIGNED_LIMITS).get(bits) as IntegerLimits
}

/**
 * Returns the inclusive range of an integer type, taking `int` and `uint` as 64 bits, which
 * is their size on every platform Go servers run on.
 */
export function integerRange(type: GoType): { min: bigint; max: bigint } {
  return limitsOf(type)
}

/**
 * Reports whether a safe integer number or a bigint lies in the range of an integer type.
 * A number is compared with number bounds, which is exact: bounds below 64 bits are safe
 * integers, and every safe integer lies inside the rounded 64-bit bounds.
 */
export function integerFits(type: GoType, value: number | bigint): boolean {
  const limits = limitsOf(type)
  if (typeof value === 'number') return value >= limits.minNumber && value <= limits.maxNumber
  return value >= limits.min && value <= limits.max
}

/** Reports whether a float or complex type stores 32-bit floats. */
export function isFloat32(type: GoType): boolean {
  return type.name === 'float32' || type.name === 'complex64'
}

/**
 * Reports whether a type is `time.Time`, which Go defines on the wire as a GobEncoder named
 * `Time`: sent under the registered name `time.Time`, or as a struct field or element type.
 */
export function isTimeType(type: GoType): boolean {
  return (
    type.kind === 'gobEncoder' &&
    type.marshaler !== 'text' &&
    type.wireName === 'Time' &&
    (type.name === 'time.Time' || type.name === 'Time')
  )
}

/** Reports whether a type is gorilla/sessions' `map[interface {}]interface {}`. */
export function isSessionMapType(type: GoType): boolean {
  return type.kind === 'map' && type.key.kind === 'interface' && type.elem.kind === 'interface'
}

/** Composes the Go type string of an unnamed composite type from its parts. */
export function composeTypeName(type: GoSliceType | GoArrayType | GoMapType): string {
  switch (type.kind) {
    case 'slice':
      return `[]${type.elem.name}`
    case 'array':
      return `[${type.length}]${type.elem.name}`
    case 'map':
      return `map[${type.key.name}]${type.elem.name}`
  }
}
