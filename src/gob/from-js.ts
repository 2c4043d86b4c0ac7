import { TesseraError } from '../errors.ts'
import { DEFAULT_MAX_DEPTH } from './decoder.ts'
import { isGoValueShape, type GobEncodeOptions } from './encoder.ts'
import { encodeFailure, quoteName } from './failure.ts'
import { appendIndex, appendKey, describeJSType, describePath } from './paths.ts'
import { defaultRegisteredNames } from './registry.ts'
import { GoTime } from './time.ts'
import { projectValue } from './to-js.ts'
import {
  BOOL_TYPE,
  BYTES_TYPE,
  COMPLEX128_TYPE,
  FLOAT64_TYPE,
  INT64_TYPE,
  INT_TYPE,
  INTERFACE_SLICE_TYPE,
  SESSION_MAP_TYPE,
  STRING_MAP_TYPE,
  STRING_TYPE,
  TIME_TYPE,
  UINT64_TYPE,
  integerRange,
  isFloat32,
  isTimeType,
  type GoMapType,
  type GoStructType,
  type GoType,
} from './types.ts'
import {
  GoComplex,
  GoTyped,
  isPlainObject,
  mapEntriesOf,
  setOwnProperty,
  type GoMapEntry,
  type GoValue,
} from './values.ts'

const MAX_FLOAT32 = 3.4028234663852886e38

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
  const registered = new Set<string>()
  for (const name of options.registeredNames ?? defaultRegisteredNames) {
    if (typeof name !== 'string') throw new TypeError('registeredNames must contain only strings')
    registered.add(name)
  }
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new TypeError('maxDepth must be a positive integer')
  }
  if (hint !== undefined) collectInterfaceNames(hint.type, hint.value, registered, new Set())
  try {
    return new ValueTyper(registered, maxDepth).typeTopLevel(value, hint)
  } catch (error) {
    if (error instanceof TesseraError && error.code === 'ERR_GOB_ENCODE') throw error
    throw encodeFailure('the value could not be typed', error)
  }
}

/** Adds every interface name found in a typed value, because Go sent those names itself. */
function collectInterfaceNames(
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

class ValueTyper {
  readonly #registered: ReadonlySet<string>
  readonly #maxDepth: number
  /** Containers on the path from the top, to detect cycles. */
  readonly #open = new Set<object>()

  constructor(registered: ReadonlySet<string>, maxDepth: number) {
    this.#registered = registered
    this.#maxDepth = maxDepth
  }

  typeTopLevel(value: unknown, hint: GoValue | undefined): GoValue {
    if (value === null || value === undefined) {
      throw encodeFailure(`the top-level value is ${describeJSType(value)}, which Go cannot encode`)
    }
    const typed = this.#typeDynamic(value, hint, '', 0, false)
    if (typed.type.kind === 'interface') {
      throw encodeFailure('the top-level value needs a concrete type, not interface {}')
    }
    return typed
  }

  /** Types a value held in an interface: explicit, by the hint, or by the default rule. */
  #typeInterface(value: unknown, hint: unknown, path: string, depth: number): GoValue | null {
    if (value === null || value === undefined) return null
    return this.#typeDynamic(value, isGoValueShape(hint) ? hint : undefined, path, depth, true)
  }

  #typeDynamic(
    value: unknown,
    hint: GoValue | undefined,
    path: string,
    depth: number,
    needsName: boolean,
  ): GoValue {
    if (value instanceof GoTyped) {
      if (needsName) this.#requireRegistered(value.type.name, path)
      const sameType =
        hint !== undefined &&
        hint.type.name === value.type.name &&
        hint.type.kind === value.type.kind
      const hintValue = sameType ? hint.value : undefined
      return {
        type: value.type,
        value: this.#convert(value.value, value.type, hintValue, path, depth),
      }
    }
    if (hint !== undefined && this.#fits(value, hint.type, depth, new Set())) {
      return { type: hint.type, value: this.#convert(value, hint.type, hint.value, path, depth) }
    }
    const type = this.#defaultType(value, path)
    if (needsName) this.#requireRegistered(type.name, path)
    return { type, value: this.#convert(value, type, undefined, path, depth) }
  }

  #defaultType(value: unknown, path: string): GoType {
    switch (typeof value) {
      case 'string':
        return STRING_TYPE
      case 'boolean':
        return BOOL_TYPE
      case 'number':
        return Number.isSafeInteger(value) && !Object.is(value, -0) ? INT_TYPE : FLOAT64_TYPE
      case 'bigint': {
        if (value >= integerRange(INT64_TYPE).min && value <= integerRange(INT64_TYPE).max) {
          return INT64_TYPE
        }
        if (value >= 0n && value <= integerRange(UINT64_TYPE).max) return UINT64_TYPE
        throw encodeFailure(`${describePath(path)} is a bigint outside the int64 and uint64 ranges`)
      }
      default:
        break
    }
    if (value instanceof Uint8Array) return BYTES_TYPE
    if (Array.isArray(value)) return INTERFACE_SLICE_TYPE
    if (value instanceof Map) return SESSION_MAP_TYPE
    if (value instanceof Date || value instanceof GoTime) return TIME_TYPE
    if (value instanceof GoComplex) return COMPLEX128_TYPE
    if (isPlainObject(value)) return STRING_MAP_TYPE
    throw encodeFailure(
      `${describePath(path)} is a ${describeJSType(value)}, which has no Go type; ` +
        'use strings, numbers, bigints, booleans, Uint8Arrays, Arrays, Maps, plain objects, ' +
        'Dates, null, or goTyped',
    )
  }

  #requireRegistered(name: string, path: string): void {
    if (this.#registered.has(name)) return
    const example = REGISTER_EXAMPLES[name] ?? 'gob.Register with a value of that type'
    throw encodeFailure(
      `${describePath(path)} needs the Go type name ${quoteName(name)}, which Go's decoder ` +
        `rejects unless the Go program registers it. Call ${example} on the Go side, then ` +
        'add the name to the registeredNames option.',
    )
  }

  /** Reports whether a value can be written as `type` without changing its meaning. */
  #fits(value: unknown, type: GoType, depth: number, open: Set<object>): boolean {
    if (depth > this.#maxDepth) return false
    switch (type.kind) {
      case 'bool':
        return typeof value === 'boolean'
      case 'int':
      case 'uint': {
        const integer = toBigInt(value)
        if (integer === undefined) return false
        const range = integerRange(type)
        return integer >= range.min && integer <= range.max
      }
      case 'float':
        return typeof value === 'number' && fitsFloat(type, value)
      case 'complex':
        return (
          value instanceof GoComplex && fitsFloat(type, value.real) && fitsFloat(type, value.imag)
        )
      case 'string':
        return typeof value === 'string'
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
    if (typeof value !== 'object' || value === null || open.has(value)) return false
    open.add(value)
    const fits = this.#fitsContainer(value, type, depth, open)
    open.delete(value)
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
      case 'map': {
        const entries = jsMapEntries(value)
        return (
          entries !== undefined &&
          entries.every(
            ([key, element]) =>
              this.#fits(key, type.key, depth + 1, open) &&
              this.#fits(element, type.elem, depth + 1, open),
          )
        )
      }
      case 'struct': {
        if (!isPlainObject(value)) return false
        const fields = new Map(type.fields.map((field) => [field.name, field.type]))
        return Object.keys(value).every((key) => {
          const fieldType = fields.get(key)
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

  #enter(value: object, depth: number, path: string): void {
    if (this.#open.has(value)) {
      throw encodeFailure(
        `${describePath(path)} contains itself (a cycle), which gob cannot encode`,
      )
    }
    if (depth >= this.#maxDepth) {
      throw encodeFailure(`${describePath(path)} nests deeper than ${this.#maxDepth} levels`)
    }
    this.#open.add(value)
  }

  /** Converts a value to the lossless form of `type`. `hint` is an earlier value of that type. */
  #convert(value: unknown, type: GoType, hint: unknown, path: string, depth: number): unknown {
    const mismatch = (expected: string): TesseraError =>
      encodeFailure(
        `${describePath(path)} has Go type ${quoteName(type.name)}, which needs ${expected}, ` +
          `but the value is ${describeJSType(value)}`,
      )
    switch (type.kind) {
      case 'bool':
        if (typeof value !== 'boolean') throw mismatch('a boolean')
        return value
      case 'int':
      case 'uint': {
        const integer = toBigInt(value)
        if (integer === undefined) throw mismatch('a bigint or a safe integer number')
        const range = integerRange(type)
        if (integer < range.min || integer > range.max) {
          throw encodeFailure(
            `${describePath(path)} is outside the range of Go type ${quoteName(type.name)}, ` +
              `${range.min} to ${range.max}`,
          )
        }
        return integer
      }
      case 'float':
        if (typeof value !== 'number') throw mismatch('a number')
        if (!fitsFloat(type, value)) {
          throw encodeFailure(
            `${describePath(path)} is outside the range of Go type ${quoteName(type.name)}`,
          )
        }
        return isFloat32(type) ? Math.fround(value) : value
      case 'complex':
        if (!(value instanceof GoComplex)) throw mismatch('a GoComplex')
        return value
      case 'string':
        if (typeof value !== 'string') throw mismatch('a string')
        return value
      case 'bytes':
        if (!(value instanceof Uint8Array)) throw mismatch('a Uint8Array')
        return new Uint8Array(value)
      case 'interface':
        return this.#typeInterface(value, hint, path, depth)
      case 'gobEncoder':
        return this.#convertMarshaled(value, type, hint, mismatch)
      default:
        break
    }
    if (typeof value !== 'object' || value === null) {
      throw mismatch(
        type.kind === 'struct'
          ? 'a plain object'
          : `a ${type.kind === 'map' ? 'Map or plain object' : 'Array'}`,
      )
    }
    this.#enter(value, depth, path)
    try {
      switch (type.kind) {
        case 'slice':
        case 'array':
          return this.#convertList(value, type, hint, path, depth, mismatch)
        case 'map':
          return this.#convertMap(value, type, hint, path, depth, mismatch)
        case 'struct':
          return this.#convertStruct(value, type, hint, path, depth, mismatch)
      }
    } finally {
      this.#open.delete(value)
    }
  }

  #convertMarshaled(
    value: unknown,
    type: GoType,
    hint: unknown,
    mismatch: (expected: string) => TesseraError,
  ): unknown {
    if (isTimeType(type)) {
      if (value instanceof GoTime) return value
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw mismatch('a valid Date')
      // An unchanged Date keeps the nanoseconds and zone that Go sent.
      if (hint instanceof GoTime && hint.matchesDate(value)) return hint
      return GoTime.fromDate(value)
    }
    if (!(value instanceof Uint8Array)) throw mismatch('the marshalled bytes as a Uint8Array')
    return new Uint8Array(value)
  }

  #convertList(
    value: object,
    type: GoType & { kind: 'slice' | 'array' },
    hint: unknown,
    path: string,
    depth: number,
    mismatch: (expected: string) => TesseraError,
  ): unknown[] {
    if (!Array.isArray(value)) throw mismatch('an Array')
    if (type.kind === 'array' && value.length !== type.length) {
      throw mismatch(`an Array of ${type.length} elements`)
    }
    const hints: readonly unknown[] = Array.isArray(hint) ? hint : []
    return value.map((element: unknown, index) =>
      this.#convert(element, type.elem, hints[index], appendIndex(path, index), depth + 1),
    )
  }

  #convertMap(
    value: object,
    type: GoMapType,
    hint: unknown,
    path: string,
    depth: number,
    mismatch: (expected: string) => TesseraError,
  ): GoMapEntry[] {
    const entries = jsMapEntries(value)
    if (entries === undefined) throw mismatch('a Map or plain object')
    const hints = hintEntriesByKey(type, hint)
    return entries.map(([key, element]) => {
      const entryPath = appendKey(path, key)
      const hintEntry = hints.get(lookupKey(key) ?? '')
      return [
        this.#convert(key, type.key, hintEntry?.[0], entryPath, depth + 1),
        this.#convert(element, type.elem, hintEntry?.[1], entryPath, depth + 1),
      ] as const
    })
  }

  #convertStruct(
    value: object,
    type: GoStructType,
    hint: unknown,
    path: string,
    depth: number,
    mismatch: (expected: string) => TesseraError,
  ): Record<string, unknown> {
    if (!isPlainObject(value)) throw mismatch('a plain object')
    const hintFields = isPlainObject(hint) ? hint : {}
    const fieldTypes = new Map(type.fields.map((field) => [field.name, field.type]))
    const result: Record<string, unknown> = {}
    for (const key of Object.keys(value)) {
      const fieldType = fieldTypes.get(key)
      const fieldPath = appendKey(path, key)
      if (fieldType === undefined) {
        throw encodeFailure(
          `${describePath(fieldPath)} is not a field of struct type ${quoteName(type.name)}`,
        )
      }
      const fieldValue = value[key]
      if (fieldValue === undefined) continue
      const fieldHint = Object.hasOwn(hintFields, key) ? hintFields[key] : undefined
      setOwnProperty(
        result,
        key,
        this.#convert(fieldValue, fieldType, fieldHint, fieldPath, depth + 1),
      )
    }
    return result
  }
}

function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  return undefined
}

function fitsFloat(type: GoType, value: number): boolean {
  return !isFloat32(type) || !Number.isFinite(value) || Math.abs(value) <= MAX_FLOAT32
}

/** Returns the entries of a Map or plain object, or undefined for anything else. */
function jsMapEntries(value: object): (readonly [unknown, unknown])[] | undefined {
  if (value instanceof Map) return [...(value as Map<unknown, unknown>)]
  if (isPlainObject(value)) return Object.keys(value).map((key) => [key, value[key]] as const)
  return undefined
}

/**
 * Indexes the entries of a hint map by the JavaScript key that `toJS` gives them, so that a
 * number key finds the Go int key it came from.
 */
function hintEntriesByKey(type: GoMapType, hint: unknown): Map<string, GoMapEntry> {
  const byKey = new Map<string, GoMapEntry>()
  for (const entry of mapEntriesOf(hint) ?? []) {
    const key = lookupKey(projectValue(type.key, entry[0], new Set()))
    if (key !== undefined) byKey.set(key, entry)
  }
  return byKey
}

/** Returns a lookup key for a primitive map key; numbers and bigints of equal value match. */
function lookupKey(key: unknown): string | undefined {
  switch (typeof key) {
    case 'string':
      return `s${key}`
    case 'number':
    case 'bigint':
      return `n${key}`
    case 'boolean':
      return `b${key}`
    default:
      return undefined
  }
}
