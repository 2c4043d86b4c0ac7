import { CookieError } from '../errors.ts'
import { resolveCookieOptions, type CookieOptions } from '../cookie/options.ts'
import type { CryptoProvider } from '../crypto/provider.ts'
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
}

/** Checks that `options` is an object, with a message naming the store. */
export function checkStoreOptions(options: unknown, store: string): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`Invalid ${store} options: expected an object with keys.`)
  }
}

/** Builds the codec and default cookie options of a store. */
export function secureStoreSetup(
  options: SecureStoreOptions,
  defaults: CookieOptions,
  maxLength: number | undefined,
) {
  const cookie = resolveCookieOptions({ ...defaults, ...options.cookie })
  const codec = new SecureCookie({
    keys: options.keys,
    maxAge: Math.max(cookie.maxAge, 0),
    maxLength,
    serializer: options.serializer,
    crypto: options.crypto,
    clock: options.clock,
  })
  return { cookie, codec, clock: options.clock ?? Date.now }
}

// Reasons found before a signature verified say less than those found after it.
const unverifiedCodes = new Set(['ERR_VALUE_TOO_LONG', 'ERR_BASE64_INVALID', 'ERR_MAC_INVALID'])

/**
 * Decodes the first of `cookies` that verifies. When none does, returns the reason of the
 * first one that got furthest: a failure after a verified signature beats one before it.
 */
export async function decodeFirst(
  codec: SecureCookie,
  name: string,
  cookies: readonly string[],
): Promise<DecodedValue | CookieError | undefined> {
  let failure: CookieError | undefined
  for (const cookie of cookies) {
    try {
      return await codec.decode(name, cookie)
    } catch (error) {
      const reason = asCookieError(error, name)
      if (
        failure === undefined ||
        (unverifiedCodes.has(failure.code) && !unverifiedCodes.has(reason.code))
      ) {
        failure = reason
      }
    }
  }
  return failure
}

function asCookieError(error: unknown, name: string): CookieError {
  if (error instanceof CookieError) return error
  return new CookieError('ERR_DESERIALIZE_FAILED', `Cookie "${name}" could not be decoded.`, {
    cause: error,
  })
}
