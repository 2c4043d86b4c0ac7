/** Cache entry of a cookie whose MAC verified. */
export interface VerifiedEntry {
  /** Cookie name the MAC covered. A lookup under another name is a miss. */
  readonly name: string
  /** Unix time in seconds at which the value was encoded. */
  readonly timestamp: number
  /** Index of the key pair that verified the value. */
  readonly keyIndex: number
  /**
   * Serialized value after decryption, in an array of its own (never a pooled Buffer view).
   * Undefined when `decoded` is kept instead.
   */
  readonly payload: Uint8Array | undefined
  /**
   * Decoded map and its types, kept when the serializer allows it and every key and value is
   * a primitive, so a hit copies the map instead of deserializing the payload.
   */
  readonly decoded?: { readonly map: ReadonlyMap<unknown, unknown>; readonly types: unknown }
}

/**
 * Reports whether every key and value of `value` is a primitive, so that a shallow copy of
 * the map shares nothing mutable.
 */
export function isPrimitiveMap(value: unknown): value is ReadonlyMap<unknown, unknown> {
  if (!(value instanceof Map)) return false
  for (const [key, element] of value) {
    if (!isPrimitive(key) || !isPrimitive(element)) return false
  }
  return true
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function')
}

/**
 * Deep-freezes `types` when it consists of primitives, arrays and plain objects only, and
 * reports whether it does. Cache hits share the types of one decode, so they must never
 * change: a change that application code makes to `session.types` then throws instead of
 * reaching other requests. Anything else is left unfrozen and not shared.
 */
export function freezeShareable(types: unknown): boolean {
  if (!isPlainTree(types, 0)) return false
  deepFreeze(types)
  return true
}

// Typed values of a session map are a few levels deep; a deeper tree is not worth sharing.
const MAX_TREE_DEPTH = 16

function isPlainTree(value: unknown, depth: number): boolean {
  if (isPrimitive(value)) return true
  if (depth > MAX_TREE_DEPTH || typeof value !== 'object') return false
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) {
    return false
  }
  for (const element of Object.values(value as object)) {
    if (!isPlainTree(element, depth + 1)) return false
  }
  return true
}

function deepFreeze(value: unknown): void {
  if (isPrimitive(value) || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const element of Object.values(value as object)) deepFreeze(element)
}

/** Cookies longer than this are verified every time, so the cache stays small. */
export const MAX_CACHED_COOKIE_LENGTH = 4096

/**
 * Bounded map from cookie strings that verified to their decrypted payloads, so a browser
 * that sends the same cookie again costs a lookup instead of two base64 decodings, an HMAC
 * and a decryption.
 *
 * Only cookies that passed every check before deserialization are added, so a forged or
 * tampered cookie never enters. A hit deserializes a copy of the payload, or copies a decoded
 * map of primitives, so no two requests share a mutable object. Age limits are checked on
 * every hit, against the current time.
 *
 * Eviction is first in, first out, because refreshing the order on each hit would cost a
 * delete and a set per request. A cookie evicted while still in use is verified once more and
 * re-added.
 */
export class VerifiedCache {
  readonly #capacity: number
  readonly #entries = new Map<string, VerifiedEntry>()

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  /** Number of cookies in the cache. */
  get size(): number {
    return this.#entries.size
  }

  /** Returns the entry of `cookie` when it verified under `name`, or undefined. */
  get(name: string, cookie: string): VerifiedEntry | undefined {
    const entry = this.#entries.get(cookie)
    return entry !== undefined && entry.name === name ? entry : undefined
  }

  /** Remembers a verified cookie, evicting the oldest entry when full. */
  add(cookie: string, entry: VerifiedEntry): void {
    if (cookie.length > MAX_CACHED_COOKIE_LENGTH) return
    if (this.#entries.size >= this.#capacity && !this.#entries.has(cookie)) {
      const oldest = this.#entries.keys().next().value as string
      this.#entries.delete(oldest)
    }
    this.#entries.set(cookie, entry)
  }

  /** Removes `cookie`, for a cached cookie that expired. */
  delete(cookie: string): void {
    this.#entries.delete(cookie)
  }
}
