/** Maximum length of a map key in a path, so that a message stays short. */
const MAX_KEY_LENGTH = 40

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/**
 * Appends a map key or struct field to a value path: `user.roles`, or `m[42]` and
 * `m["a b"]` for keys that are not identifiers. The empty path is the top-level value.
 */
export function appendKey(path: string, key: unknown): string {
  if (typeof key === 'string' && IDENTIFIER.test(key) && key.length <= MAX_KEY_LENGTH) {
    return path === '' ? key : `${path}.${key}`
  }
  return `${path}[${describeKey(key)}]`
}

/** Appends a slice or array index to a value path. */
export function appendIndex(path: string, index: number): string {
  return `${path}[${index}]`
}

/** Names a position for a message: the path, or "the top-level value". */
export function describePath(path: string): string {
  return path === '' ? 'the top-level value' : path
}

function describeKey(key: unknown): string {
  if (typeof key === 'string') {
    const truncated = key.length > MAX_KEY_LENGTH ? `${key.slice(0, MAX_KEY_LENGTH)}…` : key
    return JSON.stringify(truncated)
  }
  if (typeof key === 'number' || typeof key === 'bigint' || typeof key === 'boolean') {
    return String(key)
  }
  return describeJSType(key)
}

/**
 * Names the JavaScript type of a value for a message, without showing the value itself:
 * `string`, `null`, `Array`, `Map`, `object`, or a class name such as `Date`.
 */
export function describeJSType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'Array'
  if (typeof value === 'function') return 'function'
  if (typeof value !== 'object') return typeof value
  const prototype: unknown = Object.getPrototypeOf(value)
  if (prototype === null || prototype === Object.prototype) return 'object'
  const constructorName = (prototype as { constructor?: { name?: unknown } }).constructor?.name
  return typeof constructorName === 'string' && constructorName !== ''
    ? `${constructorName} instance`
    : 'class instance'
}

/**
 * Path of the value being visited, kept as a stack of keys, indexes and field names. The
 * path text is built only for an error message, so walking a value allocates no strings.
 *
 * @example
 * ```ts
 * const path = new ValuePath()
 * path.push('user')
 * path.push(2)
 * path.describe() // 'user[2]'
 * ```
 */
export class ValuePath {
  readonly #segments: unknown[] = []

  /** Enters a map key, struct field name or element index. */
  push(segment: unknown): void {
    this.#segments.push(segment)
  }

  pop(): void {
    this.#segments.pop()
  }

  /** Returns the path, with `extra` appended when given, as an error message names it. */
  describe(...extra: unknown[]): string {
    let path = ''
    for (const segment of this.#segments) path = appendKey(path, segment)
    for (const segment of extra) path = appendKey(path, segment)
    return describePath(path)
  }
}
