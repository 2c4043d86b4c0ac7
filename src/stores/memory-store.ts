import { randomBytes } from 'node:crypto'
import { TesseraError, type CookieError } from '../errors.ts'
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
  readonly values: Map<unknown, unknown>
  readonly types: unknown
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
 * Every request gets its own copy of the values (`structuredClone`), so one request's
 * unsaved changes never leak into another's. Sessions expire after their `maxAge` (or
 * `defaultMaxAge` for `maxAge` 0), and at most `maxEntries` are kept. Sessions are lost when
 * the process exits and are not shared between processes; use a server store for that.
 *
 * @example
 * ```ts
 * import { MemoryStore } from 'tessera/stores/memory'
 * const store = new MemoryStore({ cookie: { secure: false } })
 * ```
 */
export class MemoryStore extends ServerStore {
  readonly maxEntries: number
  readonly defaultMaxAge: number
  readonly #records = new Map<string, MemoryRecord>()
  #nextVersion = 1

  constructor(options: MemoryStoreOptions = {}) {
    super({ ...options, keys: options.keys ?? { hashKey: randomBytes(32) } }, 'MemoryStore')
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
    return { values: structuredClone(record.values), types: record.types, version: record.version }
  }

  protected async writeRecord(session: Session, maxAge: number): Promise<void> {
    let values: Map<unknown, unknown>
    try {
      values = structuredClone(new Map(session.values))
    } catch (error) {
      throw new TesseraError(
        'ERR_SERIALIZE_FAILED',
        `Session "${session.name}" holds a value that cannot be copied (a function, symbol or ` +
          'class instance); store plain data.',
        { cause: error },
      )
    }
    const lifetime = (maxAge > 0 ? maxAge : this.defaultMaxAge) * 1000
    const record = {
      values,
      types: session.types,
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
