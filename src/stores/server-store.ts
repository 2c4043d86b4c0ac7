import type { ResolvedCookieOptions } from '../cookie/options.ts'
import { serializeSetCookie } from '../cookie/set-cookie.ts'
import { nodeCryptoProvider } from '../crypto/node.ts'
import type { CryptoProvider } from '../crypto/provider.ts'
import { CookieError } from '../errors.ts'
import type { SecureCookie } from '../securecookie/secure-cookie.ts'
import type { Session } from '../session/session.ts'
import {
  checkStoreOptions,
  decodeFirst,
  secureStoreSetup,
  type SecureStoreOptions,
} from './common.ts'
import { generateSessionId, isSessionId } from './session-id.ts'
import type { LoadedSession, Store } from './store.ts'

/** A session record as a server-side store reads it. */
export interface StoredRecord {
  readonly values: ReadonlyMap<unknown, unknown>
  readonly types?: unknown
  readonly version?: unknown
}

/**
 * Base of stores that keep session values on the server and only a signed session id in the
 * cookie, in gorilla's layout: the cookie is the securecookie encoding of the id string.
 *
 * Subclasses implement the three record operations. A missing record gives a fresh session
 * with a new id, so an old cookie cannot bring a deleted session id back to life.
 *
 * @example
 * ```ts
 * class MapStore extends ServerStore {
 *   readonly records = new Map<string, StoredRecord>()
 *   protected async readRecord(_name: string, id: string) { return this.records.get(id) }
 *   protected async writeRecord(session: Session) {
 *     this.records.set(session.id, { values: new Map(session.values) })
 *   }
 *   protected async deleteRecord(id: string) { this.records.delete(id) }
 * }
 * ```
 */
export abstract class ServerStore implements Store {
  readonly options: ResolvedCookieOptions
  /** Codec of the id cookie. */
  readonly codec: SecureCookie
  protected readonly clock: () => number
  protected readonly crypto: CryptoProvider

  /**
   * @param storeName Name of the store class, for messages.
   * @param extraKeys Names of the subclass's own options, which pass the unknown-option check.
   */
  constructor(options: SecureStoreOptions, storeName: string, extraKeys: readonly string[] = []) {
    checkStoreOptions(options, storeName, extraKeys)
    const setup = secureStoreSetup(options, undefined)
    this.options = setup.cookie
    this.codec = setup.codec
    this.clock = setup.clock
    this.crypto = options.crypto ?? nodeCryptoProvider
  }

  /**
   * Reads the record of session `id`. Resolves to undefined when there is none, to a
   * `CookieError` when the record exists but cannot be decoded, and rejects with a
   * `StoreError` when the backend fails.
   */
  protected abstract readRecord(
    name: string,
    id: string,
  ): Promise<StoredRecord | CookieError | undefined>

  /** Writes the record of `session.id` atomically, for `maxAge` seconds (0: the store's default). */
  protected abstract writeRecord(session: Session, maxAge: number): Promise<void>

  /** Deletes the record of `id`; a missing record is not an error. */
  protected abstract deleteRecord(id: string): Promise<void>

  /** Reports whether `maxAge` 0 deletes the record, as gorilla's FilesystemStore does. */
  protected deletesOnZeroMaxAge(): boolean {
    return false
  }

  async load(name: string, cookies: readonly string[]): Promise<LoadedSession> {
    const decoded = await decodeFirst(this.codec, name, cookies)
    if (decoded === undefined) return { isNew: true }
    if (decoded instanceof CookieError) return { isNew: true, error: decoded }
    if (!isSessionId(decoded.value)) {
      const error = new CookieError(
        'ERR_SESSION_ID_INVALID',
        `Cookie "${name}" verified but does not hold a valid session id.`,
      )
      return { isNew: true, error }
    }

    const record = await this.readRecord(name, decoded.value)
    if (record === undefined) {
      const error = new CookieError(
        'ERR_SESSION_NOT_FOUND',
        `Session "${name}" was not found in the store; it expired or was deleted.`,
      )
      return { isNew: true, error }
    }
    if (record instanceof CookieError) return { isNew: true, error: record }
    return {
      isNew: false,
      id: decoded.value,
      values: record.values,
      types: record.types,
      version: record.version,
      stale: decoded.keyIndex > 0,
    }
  }

  async save(session: Session): Promise<string> {
    const options = session.options
    if (options.maxAge < 0 || (options.maxAge === 0 && this.deletesOnZeroMaxAge())) {
      if (session.id !== '') await this.deleteRecord(session.id)
      await this.#deleteReplaced(session)
      return serializeSetCookie(session.name, '', options, this.clock())
    }

    if (session.id === '') session.id = generateSessionId(this.crypto)
    await this.writeRecord(session, options.maxAge)
    // The new record exists before the old one goes, so a failure here loses nothing.
    await this.#deleteReplaced(session)
    const cookie = await this.codec.encode(session.name, session.id)
    return serializeSetCookie(session.name, cookie, options, this.clock())
  }

  async #deleteReplaced(session: Session): Promise<void> {
    if (session.replacedId === '') return
    await this.deleteRecord(session.replacedId)
    session.replacedId = ''
  }
}
