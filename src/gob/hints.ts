import { isGoValueShape } from './encoder.ts'
import { projectValue } from './to-js.ts'
import type { GoMapType, GoType } from './types.ts'
import { mapEntriesOf, type GoMapEntry } from './values.ts'

/** Adds every interface name found in a typed value, because Go sent those names itself. */
export function collectInterfaceNames(
  type: GoType,
  value: unknown,
  names: Set<string>,
  seen: Set<unknown>,
): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return
  seen.add(value)
  switch (type.kind) {
    case 'interface':
      if (isGoValueShape(value)) {
        names.add(value.type.name)
        collectInterfaceNames(value.type, value.value, names, seen)
      }
      return
    case 'slice':
    case 'array':
      if (Array.isArray(value)) {
        for (const element of value) collectInterfaceNames(type.elem, element, names, seen)
      }
      return
    case 'map':
      for (const [key, element] of mapEntriesOf(value) ?? []) {
        collectInterfaceNames(type.key, key, names, seen)
        collectInterfaceNames(type.elem, element, names, seen)
      }
      return
    case 'struct':
      for (const field of type.fields) {
        collectInterfaceNames(
          field.type,
          (value as Record<string, unknown>)[field.name],
          names,
          seen,
        )
      }
      return
    default:
      return
  }
}

/**
 * Indexes the entries of a hint map by the JavaScript key that `toJS` gives them, so that a
 * number key finds the Go int key it came from. Returns undefined for a hint without entries
 * and for one that is not a valid map value.
 */
export function hintEntriesByKey(
  type: GoMapType,
  hint: unknown,
): Map<unknown, GoMapEntry> | undefined {
  if (hint instanceof Map) return indexEntries(type, hint as Map<unknown, unknown>)
  if (!Array.isArray(hint) || hint.length === 0) return undefined
  for (const entry of hint as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) return undefined
  }
  return indexEntries(type, hint as GoMapEntry[])
}

function indexEntries(
  type: GoMapType,
  entries: Iterable<GoMapEntry>,
): Map<unknown, GoMapEntry> | undefined {
  let byKey: Map<unknown, GoMapEntry> | undefined
  for (const entry of entries) {
    const key = lookupKey(projectKey(type.key, entry[0]))
    if (key === undefined) continue
    byKey ??= new Map()
    // A later entry with the same key replaces an earlier one, as in a Map built from them.
    byKey.set(key, entry)
  }
  return byKey
}

/**
 * Returns the hint's entries when they have the string keys of `map` in the same order, as
 * when `map` is the unchanged toJS projection of the hint. Looking entries up by position
 * then gives what {@link hintEntriesByKey} gives: the keys are distinct, because those of
 * a Map are. Returns undefined otherwise.
 */
export function hintEntriesInOrder(
  type: GoMapType,
  hint: unknown,
  map: ReadonlyMap<unknown, unknown>,
): readonly GoMapEntry[] | undefined {
  if (!Array.isArray(hint) || hint.length !== map.size) return undefined
  let index = 0
  for (const key of map.keys()) {
    const entry: unknown = hint[index]
    if (typeof key !== 'string' || !Array.isArray(entry) || entry.length !== 2) return undefined
    if (projectKey(type.key, entry[0]) !== key) return undefined
    index += 1
  }
  return hint as GoMapEntry[]
}

/**
 * Returns what `toJS` makes of a map key when that is a primitive, or undefined for keys of
 * the kinds that project to objects, because only primitive keys can be looked up.
 */
function projectKey(type: GoType, key: unknown): unknown {
  switch (type.kind) {
    case 'interface':
      return isGoValueShape(key) ? projectKey(key.type, key.value) : undefined
    case 'bool':
    case 'int':
    case 'uint':
    case 'float':
    case 'string':
      return typeof key === 'object' ? undefined : projectValue(type, key, NOT_FILLING)
    default:
      return undefined
  }
}

/** The `filling` argument of projectValue for scalars, which never use it. */
const NOT_FILLING: Set<GoType> = new Set()

/**
 * Returns the lookup key of a primitive map key, or undefined for other keys. A bigint that a
 * number represents exactly becomes that number, so numbers and bigints of equal value match.
 * Map compares the rest by value, bigints included.
 */
export function lookupKey(key: unknown): unknown {
  switch (typeof key) {
    case 'string':
    case 'number':
    case 'boolean':
      return key
    case 'bigint': {
      const number = Number(key)
      return BigInt(number) === key ? number : key
    }
    default:
      return undefined
  }
}
