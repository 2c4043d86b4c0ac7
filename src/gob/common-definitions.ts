import { GobReader } from './reader.ts'
import { goType } from './typed.ts'
import {
  INTERFACE_SLICE_TYPE,
  SESSION_MAP_TYPE,
  STRING_MAP_TYPE,
  predefinedId,
  type GoType,
} from './types.ts'
import { readWireType, writeWireType, type WireType } from './wire-types.ts'
import { GobWriter } from './writer.ts'

/** Definition of a common type as Go writes it, for one type id. */
export interface CommonDefinition {
  /** The wireType value that follows the id in the definition message. */
  readonly bytes: Uint8Array
  readonly wire: WireType
  readonly type: GoType
}

/**
 * Types whose definitions nearly every session cookie carries. They contain only predefined
 * types, so their definitions differ only by their own id.
 */
export const COMMON_TYPES: readonly GoType[] = [
  SESSION_MAP_TYPE,
  INTERFACE_SLICE_TYPE,
  STRING_MAP_TYPE,
  goType('[]string'),
]

/**
 * Ids whose common definitions are prepared. Go numbers a cookie's types from 64 or 65, so
 * common types get low ids, and a bound keeps hostile ids from filling the cache.
 */
const MAX_COMMON_ID = 127

/** Common definitions by type id, prepared at the first stream that uses the id. */
const commonDefinitions: (readonly CommonDefinition[] | undefined)[] = []

/**
 * Consumes the definition of a common type when the stream continues with its bytes, and
 * returns it. Such a stream decodes to the shared GoType object, which skips parsing, and
 * lets the encoder reuse what it computed for that object.
 */
export function matchCommonDefinition(reader: GobReader, id: number): CommonDefinition | undefined {
  if (id > MAX_COMMON_ID) return undefined
  let definitions = commonDefinitions[id]
  if (definitions === undefined) {
    definitions = COMMON_TYPES.map((type) => commonDefinition(type, id))
    commonDefinitions[id] = definitions
  }
  for (const definition of definitions) {
    if (reader.skipBytes(definition.bytes)) return definition
  }
  return undefined
}

function commonDefinition(type: GoType, id: number): CommonDefinition {
  const writer = new GobWriter(32)
  writeWireType(writer, type, id, (component) => predefinedId(component) as number)
  const bytes = writer.toBytes()
  // Parsing the bytes gives the wire form that a stream with them would have.
  const reader = new GobReader(Uint8Array.of(bytes.length, ...bytes))
  reader.nextMessage()
  return { bytes, wire: readWireType(reader), type }
}
