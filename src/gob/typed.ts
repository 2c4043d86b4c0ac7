import {
  BOOL_TYPE,
  BYTES_TYPE,
  INTERFACE_TYPE,
  STRING_TYPE,
  TIME_TYPE,
  composeTypeName,
  type GoScalarKind,
  type GoStructType,
  type GoType,
} from './types.ts'
import { GoTyped } from './values.ts'

const NUMERIC_KINDS: Readonly<Record<string, GoScalarKind>> = {
  int: 'int',
  int8: 'int',
  int16: 'int',
  int32: 'int',
  int64: 'int',
  uint: 'uint',
  uint8: 'uint',
  uint16: 'uint',
  uint32: 'uint',
  uint64: 'uint',
  uintptr: 'uint',
  float32: 'float',
  float64: 'float',
  complex64: 'complex',
  complex128: 'complex',
}

/** Go's aliases, which share the type string of the type they stand for. */
const ALIASES: Readonly<Record<string, string>> = {
  byte: 'uint8',
  rune: 'int32',
  any: 'interface {}',
  'interface{}': 'interface {}',
  '[]byte': '[]uint8',
}

const parsedTypes = new Map<string, GoType>()

/**
 * Parses a Go type string into a GoType: the basic types (with the aliases `byte`, `rune`
 * and `any`), `interface {}`, `time.Time`, and slices, arrays and maps of those, such as
 * `[]string`, `[4]int` or `map[string]interface {}`. Build struct types with
 * {@link goStructType}, and other named types as GoType objects.
 *
 * @throws TypeError for any other text.
 * @example
 * ```ts
 * goType('map[string][]int').name // 'map[string][]int'
 * ```
 */
export function goType(text: string): GoType {
  const cached = parsedTypes.get(text)
  if (cached !== undefined) return cached
  const parsed = parseType(text.trim(), text)
  parsedTypes.set(text, parsed)
  return parsed
}

function parseType(text: string, original: string): GoType {
  const canonical = ALIASES[text] ?? text
  const numericKind = NUMERIC_KINDS[canonical]
  if (numericKind !== undefined) return { kind: numericKind, name: canonical }
  switch (canonical) {
    case 'bool':
      return BOOL_TYPE
    case 'string':
      return STRING_TYPE
    case '[]uint8':
      return BYTES_TYPE
    case 'interface {}':
      return INTERFACE_TYPE
    case 'time.Time':
      return TIME_TYPE
  }
  if (canonical.startsWith('[]')) {
    const slice = {
      kind: 'slice',
      name: '',
      wireName: '',
      elem: goType(canonical.slice(2)),
    } as const
    return { ...slice, name: composeTypeName(slice) }
  }
  const arrayMatch = /^\[(\d+)\](.+)$/.exec(canonical)
  if (arrayMatch !== null) {
    const length = Number(arrayMatch[1])
    if (!Number.isSafeInteger(length))
      throw new TypeError(`invalid array length in Go type "${original}"`)
    const array = {
      kind: 'array',
      name: '',
      wireName: '',
      length,
      elem: goType(arrayMatch[2] as string),
    } as const
    return { ...array, name: composeTypeName(array) }
  }
  if (canonical.startsWith('map[')) {
    const keyEnd = matchingBracket(canonical, 3)
    if (keyEnd !== undefined && keyEnd + 1 < canonical.length) {
      const map = {
        kind: 'map',
        name: '',
        wireName: '',
        key: goType(canonical.slice(4, keyEnd)),
        elem: goType(canonical.slice(keyEnd + 1)),
      } as const
      return { ...map, name: composeTypeName(map) }
    }
  }
  throw new TypeError(
    `unsupported Go type "${original}": goType parses basic types, interface {}, time.Time, ` +
      'and slices, arrays and maps of them; build structs with goStructType',
  )
}

/** Returns the index of the `]` that closes the `[` at `open`. */
function matchingBracket(text: string, open: number): number | undefined {
  let depth = 0
  for (let index = open; index < text.length; index += 1) {
    if (text[index] === '[') depth += 1
    if (text[index] === ']') {
      depth -= 1
      if (depth === 0) return index
    }
  }
  return undefined
}

/**
 * Builds a struct type from its registered name and its exported fields in declaration
 * order. `name` is what `gob.Register` gave the type on the Go side: `*main.Person` after
 * `gob.Register(&Person{})` in package main, `main.Person` after `gob.Register(Person{})`.
 * The bare type name that the definition carries (`Person`) is taken from it unless
 * `options.wireName` sets it.
 *
 * @throws TypeError for an empty or repeated field name or an unsupported field type.
 * @example
 * ```ts
 * const person = goStructType('*main.Person', { Name: 'string', Age: 'int' })
 * fromJS(new Map([['p', goTyped(person, { Name: 'Al', Age: 3 })]]), undefined, {
 *   registeredNames: [...defaultRegisteredNames, '*main.Person'],
 * })
 * ```
 */
export function goStructType(
  name: string,
  fields: Readonly<Record<string, string | GoType>>,
  options: { readonly wireName?: string } = {},
): GoStructType {
  if (typeof name !== 'string' || name === '') throw new TypeError('a struct type needs a name')
  const fieldList = Object.entries(fields).map(([fieldName, fieldType]) => {
    if (fieldName === '') throw new TypeError(`struct type "${name}" has a field without a name`)
    return {
      name: fieldName,
      type: typeof fieldType === 'string' ? goType(fieldType) : checkGoType(fieldType),
    }
  })
  return {
    kind: 'struct',
    name,
    wireName: options.wireName ?? bareTypeName(name),
    fields: fieldList,
  }
}

/** Returns the bare name of a registered name: `*github.com/acme/models.User` gives `User`. */
function bareTypeName(name: string): string {
  const withoutPointer = name.replace(/^\*+/, '')
  const afterPath = withoutPointer.slice(withoutPointer.lastIndexOf('/') + 1)
  return afterPath.slice(afterPath.indexOf('.') + 1)
}

const KINDS = new Set(['bool', 'int', 'uint', 'float', 'complex', 'string', 'bytes', 'interface'])
const COMPOSITE_KINDS = new Set(['slice', 'array', 'map', 'struct', 'gobEncoder'])

function checkGoType(type: GoType): GoType {
  const shaped =
    typeof type === 'object' &&
    type !== null &&
    typeof type.name === 'string' &&
    (KINDS.has(type.kind) || COMPOSITE_KINDS.has(type.kind))
  if (!shaped) throw new TypeError('expected a Go type string or a GoType object')
  return type
}

/**
 * Gives a JavaScript value an explicit Go type for {@link fromJS}, which otherwise picks a
 * type by its default rule. The value is checked against the type when fromJS runs.
 *
 * @throws TypeError for a type string that {@link goType} cannot parse.
 * @example
 * ```ts
 * const values = new Map<unknown, unknown>([
 *   ['id', goTyped('int64', 5n)],
 *   ['count', goTyped('uint', 7)],
 *   ['ratio', goTyped('float64', 3)],
 *   ['tags', goTyped('[]string', ['a'])],
 * ])
 * const bytes = encodeGob(fromJS(values))
 * ```
 */
export function goTyped(type: string | GoType, value: unknown): GoTyped {
  return new GoTyped(typeof type === 'string' ? goType(type) : checkGoType(type), value)
}
