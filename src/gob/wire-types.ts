import { decodeFailure } from './failure.ts'
import type { GobReader } from './reader.ts'
import type { GoMarshaler, GoType } from './types.ts'
import type { GobWriter } from './writer.ts'

/**
 * Type definition as gob sends it (Go's `wireType`), with type ids not yet resolved.
 * `name` is `CommonType.Name`: the bare name of a named type, or `''`.
 */
export type WireType =
  | {
      readonly kind: 'array'
      readonly name: string
      readonly elem: number
      readonly length: number
    }
  | { readonly kind: 'slice'; readonly name: string; readonly elem: number }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly WireField[] }
  | { readonly kind: 'map'; readonly name: string; readonly key: number; readonly elem: number }
  | { readonly kind: 'gobEncoder'; readonly name: string; readonly marshaler: GoMarshaler }

/** Struct field of a definition: Go's `fieldType`. */
export interface WireField {
  readonly name: string
  readonly id: number
}

/** Field numbers of Go's `wireType` struct, in declaration order. */
const WIRE_TYPE_FIELDS = ['array', 'slice', 'struct', 'map', 'gob', 'binary', 'text'] as const

const MAX_TYPE_ID = 0x7fff_ffff
const MAX_ARRAY_LENGTH = 0x7fff_ffff

/**
 * Reads the next field delta of a gob struct and returns the number of the field it moves
 * to, or -1 for the zero delta that ends the struct. `previous` is the number of the field
 * before, -1 at the start, and `fieldCount` bounds the deltas.
 */
export function readFieldNumber(reader: GobReader, fieldCount: number, previous: number): number {
  const delta = reader.readUint()
  if (delta === 0) return -1
  if (typeof delta !== 'number' || delta > fieldCount - 1 - previous) {
    throw decodeFailure(`field delta ${delta} runs past the ${fieldCount} fields of the struct`)
  }
  return previous + delta
}

/** Reads a type id used as a reference inside a definition. */
function readTypeId(reader: GobReader): number {
  const id = reader.readInt()
  if (typeof id !== 'number' || id <= 0 || id > MAX_TYPE_ID) {
    throw decodeFailure(`invalid type id ${id}`)
  }
  return id
}

/** Reads Go's `CommonType {Name string; Id typeId}` and returns the name. Go ignores the id too. */
function readCommonType(reader: GobReader): string {
  let name = ''
  for (let field = readFieldNumber(reader, 2, -1); field >= 0;) {
    if (field === 0) name = reader.readString()
    else reader.readInt()
    field = readFieldNumber(reader, 2, field)
  }
  return name
}

/** Reads one `wireType` value, which must set exactly one of its fields. */
export function readWireType(reader: GobReader): WireType {
  let definition: WireType | undefined
  let count = 0
  for (let field = readFieldNumber(reader, WIRE_TYPE_FIELDS.length, -1); field >= 0;) {
    definition = readDefinition(
      reader,
      WIRE_TYPE_FIELDS[field] as (typeof WIRE_TYPE_FIELDS)[number],
    )
    count += 1
    field = readFieldNumber(reader, WIRE_TYPE_FIELDS.length, field)
  }
  if (definition === undefined || count > 1) {
    throw decodeFailure(`a type definition must set exactly one kind, found ${count}`)
  }
  return definition
}

function readDefinition(reader: GobReader, kind: (typeof WIRE_TYPE_FIELDS)[number]): WireType {
  switch (kind) {
    case 'array':
      return readArrayDefinition(reader)
    case 'slice':
      return readSliceDefinition(reader)
    case 'struct':
      return readStructDefinition(reader)
    case 'map':
      return readMapDefinition(reader)
    case 'gob':
    case 'binary':
    case 'text':
      return readGobEncoderDefinition(reader, kind)
  }
}

function readArrayDefinition(reader: GobReader): WireType {
  let name = ''
  let elem = 0
  let length = 0
  for (let field = readFieldNumber(reader, 3, -1); field >= 0;) {
    if (field === 0) name = readCommonType(reader)
    else if (field === 1) elem = readTypeId(reader)
    else length = readArrayLength(reader)
    field = readFieldNumber(reader, 3, field)
  }
  return { kind: 'array', name, elem: requireId(elem, 'array element'), length }
}

function readSliceDefinition(reader: GobReader): WireType {
  let name = ''
  let elem = 0
  for (let field = readFieldNumber(reader, 2, -1); field >= 0;) {
    if (field === 0) name = readCommonType(reader)
    else elem = readTypeId(reader)
    field = readFieldNumber(reader, 2, field)
  }
  return { kind: 'slice', name, elem: requireId(elem, 'slice element') }
}

function readStructDefinition(reader: GobReader): WireType {
  let name = ''
  let fields: WireField[] = []
  for (let field = readFieldNumber(reader, 2, -1); field >= 0;) {
    if (field === 0) name = readCommonType(reader)
    else fields = readFieldList(reader)
    field = readFieldNumber(reader, 2, field)
  }
  return { kind: 'struct', name, fields }
}

function readMapDefinition(reader: GobReader): WireType {
  let name = ''
  let key = 0
  let elem = 0
  for (let field = readFieldNumber(reader, 3, -1); field >= 0;) {
    if (field === 0) name = readCommonType(reader)
    else if (field === 1) key = readTypeId(reader)
    else elem = readTypeId(reader)
    field = readFieldNumber(reader, 3, field)
  }
  return {
    kind: 'map',
    name,
    key: requireId(key, 'map key'),
    elem: requireId(elem, 'map element'),
  }
}

function readGobEncoderDefinition(reader: GobReader, marshaler: GoMarshaler): WireType {
  let name = ''
  for (let field = readFieldNumber(reader, 1, -1); field >= 0;) {
    name = readCommonType(reader)
    field = readFieldNumber(reader, 1, field)
  }
  return { kind: 'gobEncoder', name, marshaler }
}

function readArrayLength(reader: GobReader): number {
  const length = reader.readInt()
  if (typeof length !== 'number' || length < 0 || length > MAX_ARRAY_LENGTH) {
    throw decodeFailure(`invalid array length ${length}`)
  }
  return length
}

function requireId(id: number, role: string): number {
  if (id === 0) throw decodeFailure(`type definition without a ${role} type`)
  return id
}

function readFieldList(reader: GobReader): WireField[] {
  // Each field takes at least one byte, so the message bounds the count.
  const count = reader.readCount(reader.messageRemaining, 'struct field count')
  const fields: WireField[] = []
  for (let index = 0; index < count; index += 1) {
    let name = ''
    let id = 0
    for (let field = readFieldNumber(reader, 2, -1); field >= 0;) {
      if (field === 0) name = reader.readString()
      else id = readTypeId(reader)
      field = readFieldNumber(reader, 2, field)
    }
    // The role text is built only on failure, because this runs for every struct field.
    if (id === 0)
      throw decodeFailure(`type definition without a field ${JSON.stringify(name)} type`)
    fields.push({ name, id })
  }
  return fields
}

/**
 * Writes the field deltas of one gob struct.
 *
 * @example
 * ```ts
 * const cursor = new FieldCursor(writer)
 * cursor.field(1) // delta 2: field 0 is left out
 * writer.writeInt(65)
 * cursor.end()
 * ```
 */
export class FieldCursor {
  #previous = -1

  constructor(private readonly writer: GobWriter) {}

  /** Writes the delta that moves to field `index`, which must follow the previous field. */
  field(index: number): void {
    this.writer.writeUint(index - this.#previous)
    this.#previous = index
  }

  /** Writes the zero delta that ends the struct. */
  end(): void {
    this.writer.writeUint(0)
  }
}

function writeCommonType(writer: GobWriter, name: string, id: number): void {
  const common = new FieldCursor(writer)
  if (name !== '') {
    common.field(0)
    writer.writeString(name)
  }
  common.field(1)
  writer.writeInt(id)
  common.end()
}

/**
 * Writes the `wireType` that defines `type` under `id`. `idOf` returns the id of a
 * component type, which must already have one.
 */
export function writeWireType(
  writer: GobWriter,
  type: GoType,
  id: number,
  idOf: (component: GoType) => number,
): void {
  const wire = new FieldCursor(writer)
  const inner = new FieldCursor(writer)
  switch (type.kind) {
    case 'array':
      wire.field(0)
      inner.field(0)
      writeCommonType(writer, type.wireName, id)
      inner.field(1)
      writer.writeInt(idOf(type.elem))
      if (type.length !== 0) {
        inner.field(2)
        writer.writeInt(type.length)
      }
      break
    case 'slice':
      wire.field(1)
      inner.field(0)
      writeCommonType(writer, type.wireName, id)
      inner.field(1)
      writer.writeInt(idOf(type.elem))
      break
    case 'struct':
      wire.field(2)
      inner.field(0)
      writeCommonType(writer, type.wireName, id)
      if (type.fields.length > 0) {
        inner.field(1)
        writer.writeUint(type.fields.length)
        for (const field of type.fields) {
          const cursor = new FieldCursor(writer)
          cursor.field(0)
          writer.writeString(field.name)
          cursor.field(1)
          writer.writeInt(idOf(field.type))
          cursor.end()
        }
      }
      break
    case 'map':
      wire.field(3)
      inner.field(0)
      writeCommonType(writer, type.wireName, id)
      inner.field(1)
      writer.writeInt(idOf(type.key))
      inner.field(2)
      writer.writeInt(idOf(type.elem))
      break
    case 'gobEncoder':
      wire.field(WIRE_TYPE_FIELDS.indexOf(type.marshaler))
      inner.field(0)
      writeCommonType(writer, type.wireName, id)
      break
    default:
      throw new Error(`type kind ${type.kind} has a predefined id and no definition`)
  }
  inner.end()
  wire.end()
}
