import { quoteName } from './failure.ts'
import type { GoScalarKind, GoType } from './types.ts'

/**
 * Kind of each basic Go type that gob registers at init, by its registered name. A Map,
 * because the decoder looks up every interface value's name here.
 */
const BASIC_KINDS: ReadonlyMap<string, GoScalarKind> = new Map([
  ['int', 'int'],
  ['int8', 'int'],
  ['int16', 'int'],
  ['int32', 'int'],
  ['int64', 'int'],
  ['uint', 'uint'],
  ['uint8', 'uint'],
  ['uint16', 'uint'],
  ['uint32', 'uint'],
  ['uint64', 'uint'],
  ['uintptr', 'uint'],
  ['float32', 'float'],
  ['float64', 'float'],
  ['complex64', 'complex'],
  ['complex128', 'complex'],
  ['bool', 'bool'],
  ['string', 'string'],
])

/**
 * Interface names that a Go program accepts without calling `gob.Register`: the basic types
 * and their slices, which encoding/gob registers at init (`[]uint8` is `[]byte`), plus
 * `[]interface {}`, which gorilla/sessions registers for flashes.
 *
 * @example
 * ```ts
 * const names = [...defaultRegisteredNames, 'time.Time']
 * fromJS(new Map([['at', new Date()]]), undefined, { registeredNames: names })
 * ```
 */
export const defaultRegisteredNames: readonly string[] = Object.freeze([
  ...BASIC_KINDS.keys(),
  '[]uint8',
  ...[...BASIC_KINDS.keys()].filter((name) => name !== 'uint8').map((name) => `[]${name}`),
  '[]interface {}',
])

/**
 * Checks that a type fits a registered name whose Go type is known: a basic type, a slice of
 * one, `time.Time` or the `interface {}` maps. Returns a message on mismatch, undefined
 * otherwise, and undefined for every other name because the stream alone defines those.
 */
export function checkRegisteredName(name: string, type: GoType): string | undefined {
  const fits = registeredNameFits(name, type)
  if (fits !== false) return undefined
  return `interface value named ${quoteName(name)} has wire kind ${type.kind}, which Go rejects`
}

function registeredNameFits(name: string, type: GoType): boolean | undefined {
  if (name === '[]uint8') return type.kind === 'bytes'
  const basic = BASIC_KINDS.get(name)
  if (basic !== undefined) return type.kind === basic
  if (name === 'time.Time') return type.kind === 'gobEncoder' && type.wireName === 'Time'
  if (name === '[]interface {}') return type.kind === 'slice' && type.elem.kind === 'interface'
  if (name.startsWith('[]')) {
    const elemKind = BASIC_KINDS.get(name.slice(2))
    if (elemKind !== undefined) return type.kind === 'slice' && type.elem.kind === elemKind
  }
  if (name === 'map[string]interface {}') {
    return type.kind === 'map' && type.key.kind === 'string' && type.elem.kind === 'interface'
  }
  if (name === 'map[interface {}]interface {}') {
    return type.kind === 'map' && type.key.kind === 'interface' && type.elem.kind === 'interface'
  }
  return undefined
}
