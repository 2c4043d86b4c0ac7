import { TesseraError } from '../errors.ts'
import { DEFAULT_MAX_DEPTH } from './decoder.ts'
import { isGoValueShape, type GobEncodeOptions } from './encoder.ts'
import { encodeFailure, quoteName } from './failure.ts'
import { collectInterfaceNames, hintEntriesByKey, lookupKey } from './hints.ts'
import { describeJSType, ValuePath } from './paths.ts'
import { defaultRegisteredNames } from './registry.ts'
import { GoTime } from './time.ts'
import { defaultPrimitiveType, fitsFloat, fitsScalar, isInteger } from './scalars.ts'
import {
  BYTES_TYPE,
  COMPLEX128_TYPE,
  INTERFACE_SLICE_TYPE,
  SESSION_MAP_TYPE,
  STRING_MAP_TYPE,
  TIME_TYPE,
  integerFits,
  integerRange,
  isFloat32,
  isTimeType,
  type GoArrayType,
  type GoMapType,
  type GoSliceType,
  type GoStructType,
  type GoType,
} from './types.ts'
import {
  GoComplex,
  GoTyped,
  isPlainObject,
  setOwnProperty,
  type GoMapEntry,
  type GoValue,
} from './values.ts'

/** Go expressions that register the types JavaScript values get by default. */
const REGISTER_EXAMPLES: Readonly<Record<string, string>> = {
  'map[string]interface {}': 'gob.Register(map[string]interface{}{})',
  'map[interface {}]interface {}': 'gob.Register(map[interface{}]interface{}{})',
  'time.Time': 'gob.Register(time.Time{})',
}

/**
 * Types a JavaScript value for {@link encodeGob}.
 *
 * Default rule for new values:
 *
 * - string → `string`, boolean → `bool`, safe integer → `int`.
 * - Any other number (fractions, -0, NaN, ±Infinity) → `float64`.
 * - bigint → `int64`, or `uint64` above the int64 range.
 * - Uint8Array (and Buffer) → `[]uint8`, Array → `[]interface {}`.
 * - null and undefined → nil interface.
 * - Map → `map[interface {}]interface {}`, plain object → `map[string]interface {}`.
 * - Date or {@link GoTime} → `time.Time`, {@link GoComplex} → `complex128`.
 * - {@link goTyped} → its explicit type.
 *
 * Go's decoder accepts only interface names its program registered, so inside interface
 * values every name must be in `options.registeredNames` (default
 * {@link defaultRegisteredNames}) or appear in `hint`. The top-level value sends no name.
 *
 * With `hint`, a typed value decoded earlier, values that still fit their old Go type keep
 * it. Map entries match hint entries by key, and array elements by index. Anything else
 * follows the default rule.
 *
 * - A number stays the int kind it was while it is an integer in that kind's range.
 * - A whole number stays float64 or float32.
 * - A bigint stays int64 (or the int kind it was) while in range.
 * - An array stays `[]string` (or any typed slice) while every element fits.
 * - A struct object stays its struct type, name and field list.
 * - A Date equal to the decoded time keeps its nanoseconds and zone.
 *
 * @throws TesseraError with code `ERR_GOB_ENCODE`, naming the path (such as
 *   `user.roles[2]`) and the JavaScript type, for functions, symbols, cycles, class
 *   instances other than those above, unregistered names, invalid Dates and bigints outside
 *   the uint64 and int64 ranges. A TypeError for a bad option or hint.
 * @example
 * ```ts
 * const typed = decodeGob(bytes)
 * const values = toJS(typed) as Map<unknown, unknown>
 * values.set('visits', 3)
 * const updated = encodeGob(fromJS(values, typed))
 * ```
 */
export function fromJS(value: unknown, hint?: GoValue, options: GobEncodeOptions = {}): GoValue {
  if (hint !== undefined && !isGoValueShape(hint)) {
    throw new TypeError('the hint must be a GoValue, such as the result of decodeGob')
  }
  const registered = registeredNameSet(options.registeredNames)
  const maxDepth = checkMaxDepth(options.maxDepth)
  return typeValue(value, hint, { registered, maxDepth, forEncoder: false })
}

/**
 * Settings of one typing run.
 *
 * @example
 * ```ts
 * const settings: TypingSettings = { registered: new Set(['string']), maxDepth: 100, forEncoder: false }
 * ```
 */
export interface TypingSettings {
  /** Interface names that Go's decoder accepts, besides those found in the hint. */
  readonly registered: ReadonlySet<string>
  readonly maxDepth: number
  /**
   * Whether the result goes straight to {@link encodeGob} and is dropped after. Integers may
   * then stay numbers and byte strings are not copied, which the encoder accepts, where
   * `fromJS` returns bigints and copies.
   */
  readonly forEncoder: boolean
}

/** Set of the default names, built once because the list is frozen. */
const defaultRegisteredSet: ReadonlySet<string> = new Set(defaultRegisteredNames)

/**
 * Builds the set of registered names from an option.
 *
 * @throws TypeError for a name that is not a string.
 */
export function registeredNameSet(names: Iterable<string> | undefined): ReadonlySet<string> {
  if (names === undefined || names === defaultRegisteredNames) return defaultRegisteredSet
  const registered = new Set<string>()
  for (const name of names) {
    if (typeof name !== 'string') throw new TypeError('registeredNames must contain only strings')
    registered.add(name)
  }
  return registered
}

/** Returns the maximum depth of an option after checking it. */
export function checkMaxDepth(maxDepth: number | undefined): number {
  const checked = maxDepth ?? DEFAULT_MAX_DEPTH
  if (!Number.isInteger(checked) || checked < 1) {
    throw new TypeError('maxDepth must be a positive integer')
  }
  return checked
}

/**
 * Types a JavaScript value as {@link fromJS} does, with settings checked by the caller.
 *
 * @throws TesseraError with code `ERR_GOB_ENCODE` when the value cannot be typed.
 */
export function typeValue(
  value: unknown,
  hint: GoValue | undefined,
  settings: TypingSettings,
): GoValue {
  try {
    return new ValueTyper(settings, hint).typeTopLevel(value, hint)
  } catch (error) {
    if (error instanceof TesseraError && error.code === 'ERR_GOB_ENCODE') throw error
    throw encodeFailure('the value could not be typed', error)
  }
}

/** Field types of each struct type by field name, computed once per type object. */
const fieldTypeMaps = new WeakMap<GoStructType, ReadonlyMap<string, GoType>>()

function fieldTypesOf(type: GoStructType): ReadonlyMap<string, GoType> {
  let fieldTypes = fieldTypeMaps.get(type)
  if (fieldTypes === undefined) {
    fieldTypes = new Map(type.fields.map((field) => [field.name, field.type]))
    fieldTypeMaps.set(type, fieldTypes)
  }
  return fieldTypes
}

/**
 * Types JavaScript values by the rules of {@link fromJS}, for one run.
 *
 * @example
 * ```ts
 * const typer = new ValueTyper(settings, undefined)
 * typer.typeTopLevel(new Map([['a', 1]]), undefined)
 * ```
 */
export class ValueTyper {
  readonly #registered: ReadonlySet<string>
  readonly #maxDepth: number
  readonly #forEncoder: boolean
  readonly #hint: GoValue | undefined
  /** Interface names in the hint, collected when a name is first missing from #registered. */
  #hintNames: Set<string> | undefined
  /** Containers on the path from the top, to detect cycles. */
  readonly #open = new Set<object>()
  readonly #path = new ValuePath()

  constructor(settings: TypingSettings, hint: GoValue | undefined) {
    this.#registered = settings.registered
    this.#maxDepth = settings.maxDepth
    this.#forEncoder = settings.forEncoder
    this.#hint = hint
  }

  typeTopLevel(value: unknown, hint: GoValue | undefined): GoValue {
    if (value === null || value === undefined) {
      throw encodeFailure(`the top-level value is ${describeJSType(value)}, which Go cannot encode`)
    }
    const typed = this.#typeDynamic(value, hint, 0, false)
    if (typed.type.kind === 'interface') {
      throw encodeFailure('the top-level value needs a concrete type, not interface {}')
    }
    return typed
  }

  /** Types a value held in an interface: explicit, by the hint, or by the default rule. */
  #typeInterface(value: unknown, hint: unknown, depth: number): GoValue | null {
    if (value === null || value === undefined) return null
    return this.#typeDynamic(value, isGoValueShape(hint) ? hint : undefined, depth, true)
  }

  #typeDynamic(
    value: unknown,
    hint: GoValue | undefined,
    depth: number,
    needsName: boolean,
  ): GoValue {
    if (value instanceof GoTyped) {
      if (needsName) this.#requireRegistered(value.type.name)
      const sameType =
        hint !== undefined &&
        hint.type.name === value.type.name &&
        hint.type.kind === value.type.kind
      const hintValue = sameType ? hint.value : undefined
      return { type: value.type, value: this.#convert(value.value, value.type, hintValue, depth) }
    }
    if (hint !== undefined && this.#fits(value, hint.type, depth, undefined)) {
      return { type: hint.type, value: this.#convert(value, hint.type, hint.value, depth) }
    }
    const type = this.#defaultType(value)
    if (needsName) this.#requireRegistered(type.name)
    return { type, value: this.#convert(value, type, undefined, depth) }
  }

  #defaultType(value: unknown): GoType {
    const primitive = defaultPrimitiveType(value)
    if (primitive !== undefined) return primitive
    if (typeof value === 'bigint') {
      throw encodeFailure(
        `${this.#path.describe()} is a bigint outside the int64 and uint64 ranges`,
      )
    }
    if (value instanceof Uint8Array) return BYTES_TYPE
    if (Array.isArray(value)) return INTERFACE_SLICE_TYPE
    if (value instanceof Map) return SESSION_MAP_TYPE
    if (value instanceof Date || value instanceof GoTime) return TIME_TYPE
    if (value instanceof GoComplex) return COMPLEX128_TYPE
    if (isPlainObject(value)) return STRING_MAP_TYPE
    throw encodeFailure(
      `${this.#path.describe()} is a ${describeJSType(value)}, which has no Go type; ` +
        'use strings, numbers, bigints, booleans, Uint8Arrays, Arrays, Maps, plain objects, ' +
        'Dates, null, or goTyped',
    )
  }

  #requireRegistered(name: string): void {
    if (this.#registered.has(name) || this.#hintInterfaceNames().has(name)) return
    const example = REGISTER_EXAMPLES[name] ?? 'gob.Register with a value of that type'
    throw encodeFailure(
      `${this.#path.describe()} needs the Go type name ${quoteName(name)}, which Go's decoder ` +
        `rejects unless the Go program registers it. Call ${example} on the Go side, then ` +
        'add the name to the registeredNames option.',
    )
  }

  /** Returns the interface names in the hint, which count as registered because Go sent them. */
  #hintInterfaceNames(): ReadonlySet<string> {
    if (this.#hintNames === undefined) {
      this.#hintNames = new Set()
      const hint = this.#hint
      if (hint !== undefined) {
        collectInterfaceNames(hint.type, hint.value, this.#hintNames, new Set())
      }
    }
    return this.#hintNames
  }

  /**
   * Reports whether a value can be written as `type` without changing its meaning. `open`
   * contains the containers being checked, created at the first container.
   */
  #fits(value: unknown, type: GoType, depth: number, open: Set<object> | undefined): boolean {
    if (depth > this.#maxDepth) return false
    switch (type.kind) {
      case 'bool':
      case 'int':
      case 'uint':
      case 'float':
      case 'string':
        return fitsScalar(value, type)
      case 'complex':
        return (
          value instanceof GoComplex && fitsFloat(type, value.real) && fitsFloat(type, value.imag)
        )
      case 'bytes':
        return value instanceof Uint8Array
      case 'interface':
        return value !== undefined
      case 'gobEncoder':
        if (isTimeType(type)) {
          return (
            value instanceof GoTime || (value instanceof Date && !Number.isNaN(value.getTime()))
          )
        }
        return value instanceof Uint8Array
      default:
        break
    }
    if (typeof value !== 'object' || value === null) return false
    const containers = open ?? new Set<object>()
    if (containers.has(value)) return false
    containers.add(value)
    const fits = this.#fitsContainer(value, type, depth, containers)
    containers.delete(value)
    return fits
  }

  #fitsContainer(value: object, type: GoType, depth: number, open: Set<object>): boolean {
    switch (type.kind) {
      case 'slice':
      case 'array':
        return (
          Array.isArray(value) &&
          (type.kind === 'slice' || value.length === type.length) &&
          value.every((element: unknown) => this.#fits(element, type.elem, depth + 1, open))
        )
      case 'map':
        return this.#fitsMap(value, type, depth, open)
      case 'struct': {
        if (!isPlainObject(value)) return false
        const fieldTypes = fieldTypesOf(type)
        return Object.keys(value).every((key) => {
          const fieldType = fieldTypes.get(key)
          const fieldValue = value[key]
          return (
            fieldType !== undefined &&
            (fieldValue === undefined || this.#fits(fieldValue, fieldType, depth + 1, open))
          )
        })
      }
      default:
        return false
    }
  }

  #fitsMap(value: object, type: GoMapType, depth: number, open: Set<object>): boolean {
    const fitsEntry = (key: unknown, element: unknown): boolean =>
      this.#fits(key, type.key, depth + 1, open) && this.#fits(element, type.elem, depth + 1, open)
    if (value instanceof Map) {
      for (const [key, element] of value as Map<unknown, unknown>) {
        if (!fitsEntry(key, element)) return false
      }
      return true
    }
    if (!isPlainObject(value)) return false
    return Object.keys(value).every((key) => fitsEntry(key, value[key]))
  }

  #enter(value: object, depth: number): void {
    if (this.#open.has(value)) {
      throw encodeFailure(
        `${this.#path.describe()} contains itself (a cycle), which gob cannot encode`,
      )
    }
    if (depth >= this.#maxDepth) {
      throw encodeFailure(`${this.#path.describe()} nests deeper than ${this.#maxDepth} levels`)
    }
    this.#open.add(value)
  }

  #mismatch(type: GoType, value: unknown, expected: string): TesseraError {
    return encodeFailure(
      `${this.#path.describe()} has Go type ${quoteName(type.name)}, which needs ${expected}, ` +
        `but the value is ${describeJSType(value)}`,
    )
  }

  #outOfRange(type: GoType, detail: string): TesseraError {
    return encodeFailure(
      `${this.#path.describe()} is outside the range of Go type ${quoteName(type.name)}${detail}`,
    )
  }

  /** Converts a value to the lossless form of `type`. `hint` is an earlier value of that type. */
  #convert(value: unknown, type: GoType, hint: unknown, depth: number): unknown {
    switch (type.kind) {
      case 'bool':
        if (typeof value !== 'boolean') throw this.#mismatch(type, value, 'a boolean')
        return value
      case 'int':
      case 'uint':
        return this.#convertInteger(value, type)
      case 'float':
        if (typeof value !== 'number') throw this.#mismatch(type, value, 'a number')
        if (!fitsFloat(type, value)) throw this.#outOfRange(type, '')
        return isFloat32(type) ? Math.fround(value) : value
      case 'complex':
        if (!(value instanceof GoComplex)) throw this.#mismatch(type, value, 'a GoComplex')
        return value
      case 'string':
        if (typeof value !== 'string') throw this.#mismatch(type, value, 'a string')
        return value
      case 'bytes':
        if (!(value instanceof Uint8Array)) throw this.#mismatch(type, value, 'a Uint8Array')
        return this.#forEncoder ? value : new Uint8Array(value)
      case 'interface':
        return this.#typeInterface(value, hint, depth)
      case 'gobEncoder':
        return this.#convertMarshaled(value, type, hint)
      default:
        break
    }
    if (typeof value !== 'object' || value === null) {
      const expected =
        type.kind === 'struct'
          ? 'a plain object'
          : `a ${type.kind === 'map' ? 'Map or plain object' : 'Array'}`
      throw this.#mismatch(type, value, expected)
    }
    this.#enter(value, depth)
    let converted: unknown
    switch (type.kind) {
      case 'slice':
      case 'array':
        converted = this.#convertList(value, type, hint, depth)
        break
      case 'map':
        converted = this.#convertMap(value, type, hint, depth)
        break
      case 'struct':
        converted = this.#convertStruct(value, type, hint, depth)
        break
    }
    // Left in place on a throw, which ends the run.
    this.#open.delete(value)
    return converted
  }

  #convertInteger(value: unknown, type: GoType): number | bigint {
    if (!isInteger(value)) throw this.#mismatch(type, value, 'a bigint or a safe integer number')
    if (!integerFits(type, value)) {
      const range = integerRange(type)
      throw this.#outOfRange(type, `, ${range.min} to ${range.max}`)
    }
    // fromJS promises the lossless form, where integers are bigints.
    return typeof value === 'number' && !this.#forEncoder ? BigInt(value) : value
  }

  #convertMarshaled(value: unknown, type: GoType, hint: unknown): unknown {
    if (isTimeType(type)) {
      if (value instanceof GoTime) return value
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
        throw this.#mismatch(type, value, 'a valid Date')
      }
      // An unchanged Date keeps the nanoseconds and zone that Go sent.
      if (hint instanceof GoTime && hint.matchesDate(value)) return hint
      return GoTime.fromDate(value)
    }
    if (!(value instanceof Uint8Array)) {
      throw this.#mismatch(type, value, 'the marshalled bytes as a Uint8Array')
    }
    return this.#forEncoder ? value : new Uint8Array(value)
  }

  #convertList(
    value: object,
    type: GoSliceType | GoArrayType,
    hint: unknown,
    depth: number,
  ): unknown[] {
    if (!Array.isArray(value)) throw this.#mismatch(type, value, 'an Array')
    if (type.kind === 'array' && value.length !== type.length) {
      throw this.#mismatch(type, value, `an Array of ${type.length} elements`)
    }
    const hints: readonly unknown[] = Array.isArray(hint) ? hint : []
    const path = this.#path
    const converted: unknown[] = []
    for (let index = 0; index < value.length; index += 1) {
      path.push(index)
      converted.push(this.#convert(value[index], type.elem, hints[index], depth + 1))
      path.pop()
    }
    return converted
  }

  #convertMap(value: object, type: GoMapType, hint: unknown, depth: number): GoMapEntry[] {
    const hints = hintEntriesByKey(type, hint)
    const hintFor = (key: unknown): GoMapEntry | undefined => {
      const lookup = hints === undefined ? undefined : lookupKey(key)
      return lookup === undefined ? undefined : hints?.get(lookup)
    }
    const entries: GoMapEntry[] = []
    if (value instanceof Map) {
      for (const [key, element] of value as Map<unknown, unknown>) {
        entries.push(this.#convertEntry(type, key, element, hintFor(key), depth))
      }
    } else if (isPlainObject(value)) {
      for (const key of Object.keys(value)) {
        entries.push(this.#convertEntry(type, key, value[key], hintFor(key), depth))
      }
    } else {
      throw this.#mismatch(type, value, 'a Map or plain object')
    }
    return entries
  }

  /** Converts one entry of a map at `depth`, with the hint entry of the same key. */
  #convertEntry(
    type: GoMapType,
    key: unknown,
    element: unknown,
    hintEntry: GoMapEntry | undefined,
    depth: number,
  ): GoMapEntry {
    this.#path.push(key)
    const entry = [
      this.#convert(key, type.key, hintEntry?.[0], depth + 1),
      this.#convert(element, type.elem, hintEntry?.[1], depth + 1),
    ] as const
    this.#path.pop()
    return entry
  }

  /**
   * Starts typing the entries of a top-level Map one at a time with
   * {@link ValueTyper.typeSessionEntry}, which types them as a session map's entries.
   */
  enterSessionMap(map: Map<unknown, unknown>): void {
    this.#enter(map, 0)
  }

  /** Types one entry of the Map given to enterSessionMap, with the hint entry of its key. */
  typeSessionEntry(key: unknown, element: unknown, hintEntry: GoMapEntry | undefined): GoMapEntry {
    return this.#convertEntry(SESSION_MAP_TYPE, key, element, hintEntry, 0)
  }

  #convertStruct(
    value: object,
    type: GoStructType,
    hint: unknown,
    depth: number,
  ): Record<string, unknown> {
    if (!isPlainObject(value)) throw this.#mismatch(type, value, 'a plain object')
    const hintFields = isPlainObject(hint) ? hint : {}
    const fieldTypes = fieldTypesOf(type)
    const path = this.#path
    const result: Record<string, unknown> = {}
    for (const key of Object.keys(value)) {
      const fieldType = fieldTypes.get(key)
      if (fieldType === undefined) {
        throw encodeFailure(
          `${path.describe(key)} is not a field of struct type ${quoteName(type.name)}`,
        )
      }
      const fieldValue = value[key]
      if (fieldValue === undefined) continue
      const fieldHint = Object.hasOwn(hintFields, key) ? hintFields[key] : undefined
      path.push(key)
      setOwnProperty(result, key, this.#convert(fieldValue, fieldType, fieldHint, depth + 1))
      path.pop()
    }
    return result
  }
}
