import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CookieError, StoreError } from '../errors.ts'
import type { SecureCookie } from '../securecookie/secure-cookie.ts'
import type { Session } from '../session/session.ts'
import type { SecureStoreOptions } from './common.ts'
import { ServerStore, type StoredRecord } from './server-store.ts'

/** Options of {@link FilesystemStore}. */
export interface FilesystemStoreOptions extends SecureStoreOptions {
  /**
   * Folder of the session files, created when missing (also if it is removed later). Default:
   * the system's temporary folder, as in Go.
   */
  readonly dir?: string | undefined
  /**
   * Maximum length of a session file's content in characters. Default 0, no limit. Go's
   * FilesystemStore limits files to 4096 unless it calls `MaxLength(0)`, so a Go service
   * sharing the folder needs that call to read larger sessions.
   */
  readonly maxLength?: number | undefined
  /**
   * Keep the file when a session is saved with `maxAge` 0 and send a browser-session cookie.
   * Default false: like Go's FilesystemStore, `maxAge` 0 deletes the file and sends an empty
   * cookie.
   */
  readonly sessionCookies?: boolean | undefined
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

/**
 * Store that keeps session values in files, in gorilla/sessions' `FilesystemStore` layout, so
 * a Go service and tessera can serve the same folder. Each session is a file `session_<ID>`
 * (mode 0600) that contains the securecookie encoding of the values under the session name.
 * The cookie contains the securecookie encoding of the id.
 *
 * Files are written to a temporary file and renamed into place, so a reader never sees a
 * half-written session. Ids are checked to be 52 base32 characters before they reach a path.
 * Files of expired sessions are not removed; delete old `session_*` files with a cron job.
 *
 * NOTE: concurrent requests on one session overwrite each other (last writer wins), as in Go.
 *
 * @example
 * ```ts
 * import { FilesystemStore } from 'tessera/stores/filesystem'
 * const store = new FilesystemStore({ dir: './sessions', keys: [{ hashKey: 'secret' }] })
 * ```
 */
export class FilesystemStore extends ServerStore {
  /** Absolute path of the session folder. */
  readonly dir: string
  readonly #fileCodec: SecureCookie
  readonly #sessionCookies: boolean

  constructor(options: FilesystemStoreOptions) {
    super(options, 'FilesystemStore', ['dir', 'maxLength', 'sessionCookies'])
    if (options.dir !== undefined && (typeof options.dir !== 'string' || options.dir === '')) {
      throw new TypeError('Invalid FilesystemStore option dir: expected a folder path.')
    }
    if (options.sessionCookies !== undefined && typeof options.sessionCookies !== 'boolean') {
      throw new TypeError('Invalid FilesystemStore option sessionCookies: expected a boolean.')
    }
    this.dir = resolve(options.dir ?? tmpdir())
    this.#fileCodec = this.codec.with({ maxLength: options.maxLength ?? 0 })
    this.#sessionCookies = options.sessionCookies ?? false
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    } catch (error) {
      throw new TypeError(`Invalid FilesystemStore option dir: cannot create the folder.`, {
        cause: error,
      })
    }
  }

  /** Path of the file of session `id`; `id` must already be validated. */
  filePath(id: string): string {
    return join(this.dir, `session_${id}`)
  }

  protected override deletesOnZeroMaxAge(): boolean {
    return !this.#sessionCookies
  }

  protected async readRecord(
    name: string,
    id: string,
  ): Promise<StoredRecord | CookieError | undefined> {
    let content: string
    try {
      content = await readFile(this.filePath(id), 'latin1')
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined
      throw new StoreError(`Failed to read a session file in ${this.dir}.`, { cause: error })
    }
    try {
      const { value, types } = await this.#fileCodec.decode(name, content)
      if (value instanceof Map) return { values: value, types }
      return new CookieError(
        'ERR_DESERIALIZE_FAILED',
        `Session file for "${name}" does not hold a map of session values.`,
      )
    } catch (error) {
      if (error instanceof CookieError) return error
      throw error
    }
  }

  protected async writeRecord(session: Session): Promise<void> {
    const content = await this.#fileCodec.encode(session.name, session.values, session.types)
    const path = this.filePath(session.id)
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await this.#writeTemporary(temporary, content)
      // rename(2) replaces the file atomically, so readers see the old or the new content.
      await rename(temporary, path)
    } catch (error) {
      await unlink(temporary).catch(() => {})
      throw new StoreError(`Failed to write a session file in ${this.dir}.`, { cause: error })
    }
  }

  async #writeTemporary(path: string, content: string): Promise<void> {
    const options = { encoding: 'latin1', mode: 0o600, flag: 'wx' } as const
    try {
      await writeFile(path, content, options)
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error
      // The folder was removed while the process ran: create it again instead of failing
      // every save until a restart.
      await mkdir(this.dir, { recursive: true, mode: 0o700 })
      await writeFile(path, content, options)
    }
  }

  protected async deleteRecord(id: string): Promise<void> {
    try {
      await unlink(this.filePath(id))
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return
      throw new StoreError(`Failed to delete a session file in ${this.dir}.`, { cause: error })
    }
  }
}
