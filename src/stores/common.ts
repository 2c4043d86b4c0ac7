import { CookieError } from '../errors.ts'
import { resolveCookieOptions, type CookieOptions } from '../cookie/options.ts'
import type { CryptoProvider, MaybePromise } from '../crypto/provider.ts'
import type { KeyPair } from '../securecookie/key.ts'
import { SecureCookie, type DecodedValue } from '../securecookie/secure-cookie.ts'
import type { Serializer } from '../serializer.ts'

/** Options shared by every store that signs its cookies with securecookie. */
export interface SecureStoreOptions {
  /** Key pairs, newest first: the first signs (and encrypts), all verify. */
  readonly keys: KeyPair | readonly KeyPair[]
  /**
   * Cookie options for new sessions. `maxAge` also sets how long the server accepts a
   * cookie, so the two never disagree. A session's own `maxAge` only changes its cookie.
   */
  readonly cookie?: CookieOptions | undefined
  /** Serializer for values and ids. Default gob, as Go services use. */
  readonly serializer?: Serializer | undefined
  /** Crypto implementation. Default `node:crypto`. */
  readonly crypto?: CryptoProvider | undefined
  /** Current time in milliseconds. Default `Date.now`. */
  readonly clock?: (() => number) | undefined
  /**
   * Number of verified cookies the codec remembers, so a cookie that comes back skips the
   * MAC, base64 decoding and decryption. Default 1024; 0 verifies every cookie in full.
   */
  readonly cacheSize?: number | undefined
}

/** Cookie attributes of every tessera store, unless its `cookie` option overrides them. */
export const defaultCookieOptions = {
  path: '/',
  maxAge: 86400 * 30,
  httpOnly: true,
  secure: true,
  sameSite: 'lax',
} as const

const sharedStoreKeys = ['keys', 'cookie', 'serializer', 'crypto', 'clock', 'cacheSize']

/**
 * Checks that `options` is an object naming only known options, so a typo such as `maxage`
 * fails at setup instead of being ignored.
 */
export function checkStoreOptions(
  options: unknown,
  store: string,
  extraKeys: readonly string[] = [],
): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`Invalid ${store} options: expected an object with keys.`)
  }
  for (const key of Object.keys(options)) {
    if (!sharedStoreKeys.includes(key) && !extraKeys.includes(key)) {
      const known = [...sharedStoreKeys, ...extraKeys].join(', ')
      throw new TypeError(`Unknown ${store} option ${JSON.stringify(key)}: use ${known}.`)
    }
  }
}

/**
 * Builds the codec and default cookie options of a store.
 *
 * The codec accepts a cookie for the store's `maxAge`, or for the default 30 days when
 * `maxAge` is 0 (browser-session cookies), so a cookie never stays valid forever on the server.
 */
export function secureStoreSetup(options: SecureStoreOptions, maxLength: number | undefined) {
  const cookieInput = options.cookie
  if (cookieInput !== undefined && (cookieInput === null || typeof cookieInput !== 'object')) {
    throw new TypeError('Invalid cookie option: expected an object of cookie attributes.')
  }
  const cookie = resolveCookieOptions({ ...defaultCookieOptions, ...cookieInput })
  if (cookie.maxAge < 0) {
    throw new TypeError(
      'Invalid cookie option maxAge: a store default below 0 would delete every session. ' +
        'Set maxAge -1 on a single session to delete it.',
    )
  }

  const codec = new SecureCookie({
    keys: options.keys,
    maxAge: cookie.maxAge > 0 ? cookie.maxAge : defaultCookieOptions.maxAge,
    maxLength,
    serializer: options.serializer,
    crypto: options.crypto,
    clock: options.clock,
    cacheSize: options.cacheSize,
  })
  return { cookie, codec, clock: options.clock ?? Date.now }
}

// Reasons found before a signature verified are less specific than those found after it.
const unverifiedCodes = new Set(['ERR_VALUE_TOO_LONG', 'ERR_BASE64_INVALID', 'ERR_MAC_INVALID'])

/**
 * Decodes the first of `cookies` that verifies. When none does, returns the reason of the
 * first one that got furthest: a failure after a verified signature beats one before it.
 *
 * It returns synchronously when the codec's crypto provider does, so a store can load a
 * session without a promise hop. A failing crypto provider is not the client's fault: it
 * throws (or rejects) instead of giving a fresh session.
 */
export function decodeFirst(
  codec: SecureCookie,
  name: string,
  cookies: readonly string[],
): MaybePromise<DecodedValue | CookieError | undefined> {
  let failure: CookieError | undefined
  for (let index = 0; index < cookies.length; index++) {
    const result = codec.tryDecode(name, cookies[index]!)
    if (result instanceof Promise) return decodeRest(codec, name, cookies, index, result, failure)
    if (!(result instanceof CookieError)) return result
    failure = furthest(failure, result)
  }
  return failure
}

async function decodeRest(
  codec: SecureCookie,
  name: string,
  cookies: readonly string[],
  start: number,
  pending: Promise<DecodedValue | CookieError>,
  failure: CookieError | undefined,
): Promise<DecodedValue | CookieError | undefined> {
  for (let index = start; index < cookies.length; index++) {
    const result = index === start ? await pending : await codec.tryDecode(name, cookies[index]!)
    if (!(result instanceof CookieError)) return result
    failure = furthest(failure, result)
  }
  return failure
}

function furthest(failure: CookieError | undefined, reason: CookieError): CookieError {
  if (failure === undefined) return reason
  return unverifiedCodes.has(failure.code) && !unverifiedCodes.has(reason.code) ? reason : failure
}
