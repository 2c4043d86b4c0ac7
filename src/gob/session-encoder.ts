import { TesseraError } from '../errors.ts'
import {
  interfacePrefix,
  isGoValueShape,
  StreamEncoder,
  writeDefinitionMessage,
} from './encoder.ts'
import { encodeFailure } from './failure.ts'
import { ValueTyper, type TypingSettings } from './from-js.ts'
import { hintEntriesByKey, hintEntriesInOrder, lookupKey } from './hints.ts'
import { defaultPrimitiveType, fitsScalar } from './scalars.ts'
import { isFloat32, predefinedId, SESSION_MAP_TYPE, type GoType } from './types.ts'
import { releaseWriters, takeWriters, type GobWriter, type StreamWriters } from './writer.ts'
import type { GoMapEntry, GoValue } from './values.ts'

/** Settings of the encoding, checked by the caller. */
export interface SessionEncoding {
  readonly firstTypeId: number
  readonly maxDepth: number
}

/** Marks a side of a planned entry as a nil interface value. */
const NIL = Symbol('nil interface')

/** Marks a planned entry that the general typer typed, so both sides are its output. */
const TYPED = Symbol('typed entry')

/**
 * Encodes a Map as gorilla/sessions' `map[interface {}]interface {}` the way
 * `encodeGob(fromJS(map, hint))` does, byte for byte, but writes entries of basic values
 * straight from the Map instead of building their typed form first.
 *
 * An entry whose key and value are each a string, boolean, number, bigint or null takes the
 * fast path when their Go types are clear. Each side gets the hint entry's basic type if it
 * fits, and otherwise the default type, if that name is registered. Every other entry goes
 * through the general typer and encoder, in order, so types get the same ids. All entries
 * are typed before any is written, so that errors come in the same order as well.
 *
 * Returns undefined, for the caller to take the general path, when the hint has another
 * type than the session map or a key or value is undefined, because the hint then applies
 * differently.
 *
 * @throws TesseraError with code `ERR_GOB_ENCODE`, as fromJS and encodeGob throw it.
 * @example
 * ```ts
 * const bytes = encodeSessionMap(new Map([['n', 1]]), undefined, typing, { firstTypeId: 65, maxDepth: 100 })
 * ```
 */
export function encodeSessionMap(
  map: Map<unknown, unknown>,
  hint: GoValue | undefined,
  typing: TypingSettings,
  encoding: SessionEncoding,
): Uint8Array | undefined {
  if (hint !== undefined && hint.type !== SESSION_MAP_TYPE) return undefined
  if (hasUndefined(map)) return undefined
  const plan = planEntries(map, hint, typing)
  try {
    return writePlan(plan, encoding)
  } catch (error) {
    if (error instanceof TesseraError && error.code === 'ERR_GOB_ENCODE') throw error
    throw encodeFailure('the value or its GoType is malformed', error)
  }
}

function hintFor(
  hints: ReadonlyMap<unknown, GoMapEntry> | undefined,
  key: unknown,
): GoMapEntry | undefined {
  const lookup = hints === undefined ? undefined : lookupKey(key)
  return lookup === undefined ? undefined : hints?.get(lookup)
}

function hasUndefined(map: Map<unknown, unknown>): boolean {
  for (const [key, element] of map) {
    if (key === undefined || element === undefined) return true
  }
  return false
}

/** Entries in order, four slots each: key type, key, value type, value. */
type Plan = unknown[]

/** Types every entry, as fromJS would, and lists each with its types. */
function planEntries(
  map: Map<unknown, unknown>,
  hint: GoValue | undefined,
  typing: TypingSettings,
): Plan {
  // Entries usually come back unchanged and in order, which spares indexing them by key.
  const inOrder =
    hint === undefined ? undefined : hintEntriesInOrder(SESSION_MAP_TYPE, hint.value, map)
  const hints =
    hint === undefined || inOrder !== undefined
      ? undefined
      : hintEntriesByKey(SESSION_MAP_TYPE, hint.value)
  const plan: Plan = []
  let typer: ValueTyper | undefined
  try {
    for (const [key, element] of map) {
      const hintEntry = inOrder?.[plan.length / 4] ?? hintFor(hints, key)
      const keyType = basicTypeOf(key, hintEntry?.[0], typing.registered)
      const elementType =
        keyType === undefined ? undefined : basicTypeOf(element, hintEntry?.[1], typing.registered)
      if (elementType !== undefined) {
        plan.push(keyType, key, elementType, element)
        continue
      }
      if (typer === undefined) {
        typer = new ValueTyper(typing, hint)
        typer.enterSessionMap(map)
      }
      const [typedKey, typedElement] = typer.typeSessionEntry(key, element, hintEntry)
      plan.push(TYPED, typedKey, TYPED, typedElement)
    }
  } catch (error) {
    if (error instanceof TesseraError && error.code === 'ERR_GOB_ENCODE') throw error
    throw encodeFailure('the value could not be typed', error)
  }
  return plan
}

/**
 * Returns the Go type that fromJS gives a value held in an interface, NIL for null, or
 * undefined when the general typer must decide. `hint` is the typed value it had before.
 */
function basicTypeOf(
  value: unknown,
  hint: unknown,
  registered: ReadonlySet<string>,
): GoType | typeof NIL | undefined {
  if (value === null) return NIL
  if (typeof value === 'object' || typeof value === 'function') return undefined
  if (isGoValueShape(hint)) {
    const type = hint.type
    // The general typer keeps a hint type that the value fits. A primitive fits only an
    // interface type, which the general typer handles, or a scalar kind that fitsScalar checks.
    if (type.kind === 'interface') return undefined
    // The encoder rejects an interface value of an unnamed type, so the general path must.
    if (fitsScalar(value, type)) return type.name === '' ? undefined : type
  }
  const type = defaultPrimitiveType(value)
  // An unregistered name may still be allowed by the hint, or else is an error.
  return type !== undefined && registered.has(type.name) ? type : undefined
}

function writePlan(plan: Plan, encoding: SessionEncoding): Uint8Array {
  const writers = takeWriters()
  const bytes = plan.includes(TYPED)
    ? writeMixedPlan(plan, encoding, writers)
    : writeBasicPlan(plan, encoding.firstTypeId, writers.stream)
  releaseWriters(writers)
  return bytes
}

/**
 * Writes a plan of basic entries only. The session map is then the only defined type, so
 * its definition is known up front, and the value message goes straight after it.
 */
function writeBasicPlan(plan: Plan, mapId: number, stream: GobWriter): Uint8Array {
  writeDefinitionMessage(stream, SESSION_MAP_TYPE, mapId, (component) => {
    return predefinedId(component) as number
  })
  const start = stream.length
  stream.writeByte(0)
  writeMapStart(stream, mapId, plan)
  for (let index = 0; index < plan.length; index += 4) writeBasicEntry(stream, plan, index)
  stream.patchLength(start)
  return stream.toBytes()
}

/** Writes a plan with typed entries, whose types the encoder defines after the map's. */
function writeMixedPlan(plan: Plan, encoding: SessionEncoding, writers: StreamWriters): Uint8Array {
  const { body } = writers
  const encoder = new StreamEncoder(encoding.firstTypeId, encoding.maxDepth)
  // The map is the first type of the stream, so it gets the first id, as in the general path.
  writeMapStart(body, encoder.idOf(SESSION_MAP_TYPE), plan)
  for (let index = 0; index < plan.length; index += 4) {
    if (plan[index] === TYPED) encoder.encodeSessionEntry(body, plan[index + 1], plan[index + 3])
    else writeBasicEntry(body, plan, index)
  }
  return encoder.finish(writers)
}

/** Writes the map's type id, the `00` delta of a non-struct value, and the entry count. */
function writeMapStart(writer: GobWriter, mapId: number, plan: Plan): void {
  writer.writeInt(mapId)
  writer.writeUint(0)
  writer.writeUint(plan.length / 4)
}

function writeBasicEntry(writer: GobWriter, plan: Plan, index: number): void {
  writeBasic(writer, plan[index] as GoType | typeof NIL, plan[index + 1])
  writeBasic(writer, plan[index + 2] as GoType | typeof NIL, plan[index + 3])
}

/** Writes an interface value of a basic type, as the general encoder writes it. */
function writeBasic(writer: GobWriter, type: GoType | typeof NIL, value: unknown): void {
  if (type === NIL) {
    writer.writeUint(0)
    return
  }
  writer.writeRaw(interfacePrefix(type))
  const start = writer.length
  writer.writeByte(0)
  writer.writeUint(0)
  switch (type.kind) {
    case 'bool':
      writer.writeUint(value === true ? 1 : 0)
      break
    case 'int':
      writer.writeInt(value as number | bigint)
      break
    case 'uint':
      writer.writeUint(value as number | bigint)
      break
    case 'float':
      writer.writeFloat(isFloat32(type) ? Math.fround(value as number) : (value as number))
      break
    default:
      writer.writeString(value as string)
      break
  }
  writer.patchLength(start)
}
