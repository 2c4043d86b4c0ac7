/**
 * Stable error codes of tessera. Each code names one condition and never changes meaning,
 * so applications can branch on `error.code` and log it.
 */
export type TesseraErrorCode =
  // A session cookie or stored record was rejected. The request goes on with a fresh session.
  | 'ERR_VALUE_TOO_LONG'
  | 'ERR_BASE64_INVALID'
  | 'ERR_MAC_INVALID'
  | 'ERR_TIMESTAMP_INVALID'
  | 'ERR_TIMESTAMP_TOO_NEW'
  | 'ERR_TIMESTAMP_EXPIRED'
  | 'ERR_DECRYPT_FAILED'
  | 'ERR_DESERIALIZE_FAILED'
  | 'ERR_SESSION_ID_INVALID'
  | 'ERR_SESSION_NOT_FOUND'
  // A value could not be written.
  | 'ERR_SERIALIZE_FAILED'
  | 'ERR_GOB_DECODE'
  | 'ERR_GOB_ENCODE'
  // The application or its environment failed.
  | 'ERR_STORE_FAILED'
  | 'ERR_CRYPTO_FAILED'
  | 'ERR_HEADERS_SENT'
  | 'ERR_NO_STORE'

/**
 * Base class of every error tessera throws or reports, apart from the `TypeError`s that
 * reject bad options at setup time.
 *
 * Messages state what failed and what to do. They never contain keys, cookie values, session
 * ids or session data, so they are safe to log.
 *
 * @example
 * ```ts
 * const session = await sessions.get('session')
 * if (session.error) logger.info({ code: session.error.code }, 'session cookie rejected')
 * ```
 */
export class TesseraError extends Error {
  /** Stable code of the condition. */
  readonly code: TesseraErrorCode

  constructor(code: TesseraErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }

  override get name(): string {
    return 'TesseraError'
  }
}

/** Codes of {@link CookieError}: the reasons an incoming cookie or stored record is rejected. */
export type CookieErrorCode = Extract<
  TesseraErrorCode,
  | 'ERR_VALUE_TOO_LONG'
  | 'ERR_BASE64_INVALID'
  | 'ERR_MAC_INVALID'
  | 'ERR_TIMESTAMP_INVALID'
  | 'ERR_TIMESTAMP_TOO_NEW'
  | 'ERR_TIMESTAMP_EXPIRED'
  | 'ERR_DECRYPT_FAILED'
  | 'ERR_DESERIALIZE_FAILED'
  | 'ERR_SESSION_ID_INVALID'
  | 'ERR_SESSION_NOT_FOUND'
>

/**
 * Reason why an incoming session cookie, or the record it points to, was not accepted.
 *
 * Sessions never throw it for a request: the session starts fresh and carries the error in
 * `session.error`. The securecookie codec throws it from `decode`.
 *
 * @example
 * ```ts
 * try {
 *   await codec.decode('session', cookieValue)
 * } catch (error) {
 *   if (error instanceof CookieError && error.code === 'ERR_TIMESTAMP_EXPIRED') {
 *     // ask the user to sign in again
 *   }
 * }
 * ```
 */
export class CookieError extends TesseraError {
  declare readonly code: CookieErrorCode

  constructor(code: CookieErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }

  override get name(): string {
    return 'CookieError'
  }
}

/**
 * Failure of a session store's backend (disk, database, network), with the driver's error
 * as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await session.save()
 * } catch (error) {
 *   if (error instanceof StoreError) logger.error({ err: error.cause }, error.message)
 * }
 * ```
 */
export class StoreError extends TesseraError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_STORE_FAILED', message, options)
  }

  override get name(): string {
    return 'StoreError'
  }
}
