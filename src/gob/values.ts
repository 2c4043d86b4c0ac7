import type { GoType } from './types.ts'

/**
 * Decoded Go value together with its Go type: the lossless form, which re-encodes to the
 * same Go types. `value` depends on `type.kind`:
 *
 * - `bool`: boolean. `int`, `uint`: bigint (a number is accepted when encoding).
 * - `float`: number. `complex`: {@link GoComplex}. `string`: string. `bytes`: Uint8Array.
 * - `interface`: a nested GoValue whose `type.name` is the registered name, or null for nil.
 * - `slice`, `array`: an array of element values in this same form.
 * - `map`: an array of `[key, value]` entries in stream order (a Map is accepted when encoding).
 * - `struct`: a plain object of the fields that were sent. Go omits zero-valued fields.
 * - `gobEncoder`: a {@link GoTime} for `time.Time`, otherwise the marshalled bytes.
 *
 * @example
 * ```ts
 * const value: GoValue = { type: goType('int64'), value: 9007199254740993n }
 * ```
 */
export interface GoValue {
  readonly type: GoType
  readonly value: unknown
}

/**
 * Map entry of the lossless form: key and element, each in the form of its static type.
 *
 * @example
 * ```ts
 * const entries: GoMapEntry[] = [['count', 3n]] // a map[string]int
 * ```
 */
export type GoMapEntry = readonly [key: unknown, value: unknown]

/**
 * Go complex number (`complex128`, or `complex64` by type name).
 *
 * @example
 * ```ts
 * const value = goTyped('complex128', new GoComplex(1, -2))
 * ```
 */
export class GoComplex {
  readonly real: number
  readonly imag: number

  constructor(real: number, imag: number) {
    this.real = real
    this.imag = imag
  }
}

/**
 * Explicitly typed JavaScript value, made by `goTyped`. `fromJS` encodes `value` as `type`
 * instead of guessing a type from the JavaScript value.
 *
 * @example
 * ```ts
 * const typed = new GoTyped(goType('int64'), 5)
 * ```
 */
export class GoTyped implements GoValue {
  readonly type: GoType
  readonly value: unknown

  constructor(type: GoType, value: unknown) {
    this.type = type
    this.value = value
  }
}

/** Sets an own enumerable property, also for the key `__proto__`, which plain assignment would not create. */
export function setOwnProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    })
  } else {
    target[key] = value
  }
}

/** Reports whether a value is an object created by `{}` or `Object.create(null)`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * Returns the entries of a map value in the lossless form (an array of `[key, value]`
 * pairs) or of a Map, or undefined for anything else.
 */
export function mapEntriesOf(value: unknown): GoMapEntry[] | undefined {
  if (value instanceof Map) return [...(value as Map<unknown, unknown>)]
  if (!Array.isArray(value)) return undefined
  const entries: GoMapEntry[] = []
  for (const entry of value as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) return undefined
    entries.push([entry[0], entry[1]])
  }
  return entries
}
