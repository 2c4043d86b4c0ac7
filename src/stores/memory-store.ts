import { randomBytes } from 'node:crypto'
import { CookieError, TesseraError } from '../errors.ts'
import type { KeyPair } from '../securecookie/key.ts'
import type { Session } from '../session/session.ts'
import type { SecureStoreOptions } from './common.ts'
import { ServerStore, type StoredRecord } from './server-store.ts'

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions extends Omit<SecureStoreOptions, 'keys'> {
  /**
   * Key pairs for the id cookie. Default: a random key made at startup, which is safe here
   * because the sessions die with the process anyway.
   */
  readonly keys?: KeyPair | readonly KeyPair[] | undefined
  /** Maximum number of sessions kept; the least recently saved are dropped first. Default 10000. */
  readonly maxEntries?: number | undefined
  /** Lifetime in seconds of a session saved with `maxAge` 0. Default 1200, as redistore's. */
  readonly defaultMaxAge?: number | undefined
}

interface MemoryRecord {
  readonly bytes: Uint8Array
  readonly expiresAt: number
  readonly version: number
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`Invalid MemoryStore option ${name}: expected a whole number above 0.`)
  }
  return value
}

/**
 * Store that keeps sessions in the memory of this process, for development and tests.
 *
 * Sessions are kept serialized, as the other stores keep them, so every request gets its own
 * copy of the values and the store accepts exactly what a production store accepts. Sessions expire after their `maxAge` (or
 * `defaultMaxAge` for `maxAge` 0), and at most `maxEntries` are kept. Sessions are lost when
 * the process exits and are not shared between processes; use a server store for that.
 *
 * @example
 * ```ts
 * import { MemoryStore } from 'tessera/stores/memory'
 * const store = new MemoryStore({ cookie: { secure: false } }) // plain-HTTP development
 * ```
 */
export class MemoryStore extends ServerStore {
  readonly maxEntries: number
  readonly defaultMaxAge: number
  readonly #records = new Map<string, MemoryRecord>()
  #nextVersion = 1

  constructor(options: MemoryStoreOptions = {}) {
    super({ ...options, keys: options.keys ?? { hashKey: randomBytes(32) } }, 'MemoryStore', [
      'maxEntries',
      'defaultMaxAge',
    ])
    this.maxEntries = positiveInteger('maxEntries', options.maxEntries, 10000)
    this.defaultMaxAge = positiveInteger('defaultMaxAge', options.defaultMaxAge, 1200)
  }

  /** Number of sessions held, expired ones included until they are next touched. */
  get size(): number {
    return this.#records.size
  }

  protected async readRecord(
    _name: string,
    id: string,
  ): Promise<StoredRecord | CookieError | undefined> {
    const record = this.#records.get(id)
    if (record === undefined) return undefined
    if (record.expiresAt <= this.clock()) {
      this.#records.delete(id)
      return undefined
    }
    try {
      const { value, types } = this.codec.serializer.deserialize(record.bytes)
      return { values: value as Map<unknown, unknown>, types, version: record.version }
    } catch (error) {
      return new CookieError('ERR_DESERIALIZE_FAILED', 'A stored session could not be decoded.', {
        cause: error,
      })
    }
  }

  protected async writeRecord(session: Session, maxAge: number): Promise<void> {
    // Records hold serialized bytes, so the memory store accepts exactly the values that
    // the cookie and filesystem stores accept, and every request gets its own copy.
    let bytes: Uint8Array
    try {
      bytes = this.codec.serializer.serialize(session.values, session.types)
    } catch (error) {
      if (error instanceof TesseraError) throw error
      throw new TesseraError(
        'ERR_SERIALIZE_FAILED',
        `Session "${session.name}" could not be serialized with ${this.codec.serializer.name}.`,
        { cause: error },
      )
    }
    const lifetime = (maxAge > 0 ? maxAge : this.defaultMaxAge) * 1000
    const record = {
      bytes,
      expiresAt: this.clock() + lifetime,
      version: this.#nextVersion++,
    }
    // Re-inserting moves the id to the end, so the first entry is the least recently saved.
    this.#records.delete(session.id)
    this.#records.set(session.id, record)
    session.version = record.version
    while (this.#records.size > this.maxEntries) {
      const oldest = this.#records.keys().next().value as string
      this.#records.delete(oldest)
    }
  }

  protected async deleteRecord(id: string): Promise<void> {
    this.#records.delete(id)
  }
}
