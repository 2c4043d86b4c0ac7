import type { GobReader } from './reader.ts'
import {
  BOOL_ID,
  BYTES_ID,
  COMPLEX_ID,
  FLOAT_ID,
  INT64_TYPE,
  INT_ID,
  PREDEFINED_TYPES,
  STRING_ID,
  UINT64_TYPE,
  UINT_ID,
  type GoScalarKind,
  type GoType,
} from './types.ts'

/** Wire id of the predefined type of each scalar kind. */
const KIND_IDS: Readonly<Record<GoScalarKind, number>> = {
  bool: BOOL_ID,
  int: INT_ID,
  uint: UINT_ID,
  float: FLOAT_ID,
  bytes: BYTES_ID,
  string: STRING_ID,
  complex: COMPLEX_ID,
}

/**
 * Go's basic types by the name an interface value carries, with the kind that gob sends
 * them as. `[]uint8` is `[]byte`, which gob sends as its own kind. The names that session
 * values use most come first, because prefixes are tried in this order.
 */
const BASIC_NAMES: readonly (readonly [string, GoScalarKind])[] = [
  ['string', 'string'],
  ['int', 'int'],
  ['bool', 'bool'],
  ['float64', 'float'],
  ['int64', 'int'],
  ['uint', 'uint'],
  ['uint64', 'uint'],
  ['[]uint8', 'bytes'],
  ['int8', 'int'],
  ['int16', 'int'],
  ['int32', 'int'],
  ['uint8', 'uint'],
  ['uint16', 'uint'],
  ['uint32', 'uint'],
  ['uintptr', 'uint'],
  ['float32', 'float'],
  ['complex64', 'complex'],
  ['complex128', 'complex'],
]

/** Shared type object of a basic name: the predefined one or a constant like INT64_TYPE. */
function basicType(name: string, kind: GoScalarKind): GoType {
  const predefined = PREDEFINED_TYPES.get(KIND_IDS[kind]) as GoType
  if (predefined.name === name) return predefined
  if (name === INT64_TYPE.name) return INT64_TYPE
  if (name === UINT64_TYPE.name) return UINT64_TYPE
  return { kind, name }
}

const basicTypes: ReadonlyMap<string, GoType> = new Map(
  BASIC_NAMES.map(([name, kind]) => [name, basicType(name, kind)]),
)

/**
 * Returns the shared type object of a basic Go name sent with a predefined type, or
 * undefined when `predefined` is not of the kind Go gives that name.
 *
 * @example
 * ```ts
 * basicTypeNamed('int64', INT_TYPE) // INT64_TYPE
 * ```
 */
export function basicTypeNamed(name: string, predefined: GoType): GoType | undefined {
  const basic = basicTypes.get(name)
  return basic !== undefined && basic.kind === predefined.kind ? basic : undefined
}

/** Start of an interface value that names a basic type: the name and the predefined id. */
interface BasicPrefix {
  /** The name's length, its ASCII bytes and the type id, which is a single byte. */
  readonly bytes: Uint8Array
  readonly type: GoType
}

function prefixOf(type: GoType, kind: GoScalarKind): BasicPrefix {
  const name = Array.from(type.name, (character) => character.charCodeAt(0))
  // A signed id of at most 7 takes one byte: twice the id, with a zero sign bit.
  return { bytes: Uint8Array.from([name.length, ...name, KIND_IDS[kind] * 2]), type }
}

/** Prefixes by the name's length, which is their first byte. */
const prefixesByLength: readonly (readonly BasicPrefix[])[] = (() => {
  const groups: BasicPrefix[][] = []
  for (const [name, kind] of BASIC_NAMES) {
    while (groups.length <= name.length) groups.push([])
    ;(groups[name.length] as BasicPrefix[]).push(prefixOf(basicTypes.get(name) as GoType, kind))
  }
  return groups
})()

/**
 * Consumes the start of an interface value when it names a basic type and the predefined id
 * of that type follows in the same message, and returns the type. That is how Go sends
 * strings, ints and the other basic values of a session, and this match replaces reading
 * the name, the type id, and checking that they fit. Returns undefined, having consumed
 * nothing, for any other start.
 *
 * @example
 * ```ts
 * matchBasicPrefix(reader) // STRING_TYPE after the bytes 06 "string" 0c
 * ```
 */
export function matchBasicPrefix(reader: GobReader): GoType | undefined {
  const candidates = prefixesByLength[reader.peekByte()]
  if (candidates === undefined) return undefined
  for (const candidate of candidates) {
    if (reader.skipBytes(candidate.bytes)) return candidate.type
  }
  return undefined
}
