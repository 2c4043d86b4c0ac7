import { Buffer } from 'node:buffer'
import { decodeBase64Url, encodeBase64Url } from '../encoding/base64url.ts'
import { CookieError, TesseraError } from '../errors.ts'
import { nodeCryptoProvider } from '../crypto/node.ts'
import type { CryptoProvider, MaybePromise } from '../crypto/provider.ts'
import { gobSerializer } from '../gob/index.ts'
import type { Serializer } from '../serializer.ts'
import { keyBytes, type KeyPair } from './key.ts'
import { freezeShareable, isPrimitiveMap, VerifiedCache } from './verified-cache.ts'

/**
 * Options of {@link SecureCookie}. Defaults match gorilla/securecookie.
 */
export interface SecureCookieOptions {
  /**
   * Key pairs, newest first. Values are encoded with the first pair and decoded with any of
   * them, so keys rotate by putting the new pair in front and keeping the old ones after it.
   */
  readonly keys: KeyPair | readonly KeyPair[]
  /** Seconds after which a value is rejected as expired. Default 2592000 (30 days); 0 turns the check off. */
  readonly maxAge?: number | undefined
  /** Seconds a value must have existed before it is accepted. Default 0 (off). */
  readonly minAge?: number | undefined
  /** Maximum length of the encoded string, in characters. Default 4096; 0 turns the limit off. */
  readonly maxLength?: number | undefined
  /** Serializer of the values. Default {@link gobSerializer}, which Go services use. */
  readonly serializer?: Serializer | undefined
  /** Crypto implementation. Default `node:crypto`. */
  readonly crypto?: CryptoProvider | undefined
  /** Current time in milliseconds since the Unix epoch. Default `Date.now`. */
  readonly clock?: (() => number) | undefined
  /**
   * Number of verified cookies to remember, so that a cookie seen again skips base64
   * decoding, the MAC and decryption. Age limits are still checked on every decode. Default
   * 1024, and 0 turns the cache off. Cookies over 4096 characters are never cached. 1024
   * cookies of 3,856 characters took about 10 MiB of heap in one measurement on Node 20, and
   * typical session cookies take a few hundred bytes each.
   *
   * The `types` of a decode whose map holds only primitives are shared by later hits of the
   * same cookie, so they are frozen: treat `session.types` as read-only.
   */
  readonly cacheSize?: number | undefined
}

/** Result of {@link SecureCookie.decode}. */
export interface DecodedValue {
  /** The decoded value, for sessions a `Map` of session values. */
  readonly value: unknown
  /** Type information to pass back to {@link SecureCookie.encode} so Go types survive. */
  readonly types: unknown
  /** Index of the key pair that verified the value; above 0 means it should be re-encoded. */
  readonly keyIndex: number
  /** Unix time in seconds at which the value was encoded. */
  readonly timestamp: number
}

interface ParsedCookie {
  readonly name: string
  readonly cookie: string
  /** The cookie after base64 decoding: `timestamp|payload|mac`. */
  readonly outer: Buffer
  /** Index of the first pipe, after the timestamp. */
  readonly first: number
  /** Index of the second pipe, before the MAC. */
  readonly second: number
  /** Bytes the MAC covers after the name prefix: `timestamp|payload`. */
  readonly signed: Buffer
  /** `name|` as bytes, the start of what the MAC covers. */
  readonly prefix: Uint8Array
}

interface ImportedKey {
  readonly hmac: unknown
  readonly aes: unknown
}

const PIPE = 0x7c
const IV_LENGTH = 16
const MAC_LENGTH = 32
const DEFAULT_MAX_AGE = 86400 * 30
const DEFAULT_MAX_LENGTH = 4096
const DEFAULT_CACHE_SIZE = 1024

function checkWhole(
  name: string,
  value: number | undefined,
  fallback: number,
  unit: string,
): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`Invalid ${name}: expected a whole number of ${unit} >= 0, got ${value}.`)
  }
  return value
}

function checkKeyPairs(keys: KeyPair | readonly KeyPair[]): readonly KeyPair[] {
  const pairs = Array.isArray(keys) ? (keys as readonly KeyPair[]) : [keys as KeyPair]
  if (pairs.length === 0) throw new TypeError('Invalid keys: give at least one key pair.')
  pairs.forEach((pair, index) => {
    const hash = pair?.hashKey
    if (typeof hash !== 'string' && !(hash instanceof Uint8Array)) {
      throw new TypeError(`Invalid keys[${index}].hashKey: expected a string or Uint8Array.`)
    }
    if (keyBytes(hash).length === 0) {
      throw new TypeError(`Invalid keys[${index}].hashKey: the key is empty.`)
    }
    const block = pair.blockKey
    if (block === undefined) return
    if (typeof block !== 'string' && !(block instanceof Uint8Array)) {
      throw new TypeError(`Invalid keys[${index}].blockKey: expected a string or Uint8Array.`)
    }
    const length = keyBytes(block).length
    if (length !== 16 && length !== 24 && length !== 32) {
      throw new TypeError(
        `Invalid keys[${index}].blockKey: AES needs 16, 24 or 32 bytes, got ${length}. ` +
          'Leave it out to sign without encrypting.',
      )
    }
  })
  return pairs
}

function checkSerializer(serializer: unknown): void {
  const candidate = serializer as Partial<Serializer> | null
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.name !== 'string' ||
    typeof candidate.serialize !== 'function' ||
    typeof candidate.deserialize !== 'function'
  ) {
    throw new TypeError(
      'Invalid serializer option: expected an object with name, serialize and deserialize, ' +
        'such as gobSerializer or jsonSerializer.',
    )
  }
}

const providerMethods = ['importHmacKey', 'importAesKey', 'hmacSha256', 'aesCtr', 'randomBytes']

function checkCryptoProvider(provider: unknown): void {
  const candidate = provider as Record<string, unknown> | null
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    providerMethods.some((method) => typeof candidate[method] !== 'function')
  ) {
    throw new TypeError(
      `Invalid crypto option: expected a CryptoProvider with ${providerMethods.join(', ')}, ` +
        'such as nodeCryptoProvider or webCryptoProvider.',
    )
  }
}

/**
 * Compares the MAC at `bytes[start…]` with `expected` in time that depends only on the
 * lengths, so timing reveals nothing about how many bytes matched. A JavaScript loop over 32
 * bytes is cheaper than a call into node:crypto's timingSafeEqual and needs no subarray.
 */
function macEquals(bytes: Uint8Array, start: number, expected: Uint8Array): boolean {
  if (bytes.length - start !== MAC_LENGTH || expected.length !== MAC_LENGTH) return false
  let difference = 0
  for (let index = 0; index < MAC_LENGTH; index++) {
    difference |= bytes[start + index]! ^ expected[index]!
  }
  return difference === 0
}

function indexOfPipe(bytes: Uint8Array, from: number): number {
  return bytes.indexOf(PIPE, from)
}

// strconv.ParseInt(s, 10, 64): an optional sign, then decimal digits, within int64.
function parseTimestamp(bytes: Uint8Array, start: number, end: number): number | undefined {
  let index = start
  const sign = bytes[index]
  if (sign === 0x2b || sign === 0x2d) index++
  if (index === end || end - index > 19) return undefined
  let value = 0
  for (; index < end; index++) {
    const digit = bytes[index]! - 0x30
    if (digit < 0 || digit > 9) return undefined
    value = value * 10 + digit
  }
  // Doubles are exact to 2^53, far beyond any real timestamp; beyond that only the int64
  // range check needs to hold, and it errs towards rejecting.
  if (value > 9223372036854775807) return undefined
  return sign === 0x2d ? -value : value
}

/**
 * Signs, optionally encrypts, and verifies values in gorilla/securecookie's format, so cookies
 * and session files written here are read by Go services and the other way round.
 *
 * The format is `base64url(timestamp|base64url(payload)|HMAC-SHA256(name|timestamp|payload))`,
 * where the payload is the serialized value, prefixed with a random IV and encrypted with
 * AES-CTR when a block key is set. The cookie name is covered by the MAC, so a value cannot
 * be moved to another cookie.
 *
 * @example
 * ```ts
 * const codec = new SecureCookie({ keys: [{ hashKey: 'a-32-byte-random-key…' }] })
 * const cookie = await codec.encode('session', new Map([['foo', 'bar']]))
 * const { value } = await codec.decode('session', cookie) // Map { 'foo' => 'bar' }
 * ```
 */
export class SecureCookie {
  readonly maxAge: number
  readonly minAge: number
  readonly maxLength: number
  readonly cacheSize: number
  readonly serializer: Serializer

  readonly #pairs: readonly KeyPair[]
  readonly #crypto: CryptoProvider
  readonly #clock: () => number
  #imported: readonly ImportedKey[] | Promise<readonly ImportedKey[]> | undefined
  readonly #namePrefixes = new Map<string, Uint8Array>()
  readonly #cache: VerifiedCache | undefined

  constructor(options: SecureCookieOptions) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('Invalid SecureCookie options: expected an object with keys.')
    }
    this.#pairs = checkKeyPairs(options.keys)
    this.maxAge = checkWhole('maxAge', options.maxAge, DEFAULT_MAX_AGE, 'seconds')
    this.minAge = checkWhole('minAge', options.minAge, 0, 'seconds')
    this.maxLength = checkWhole('maxLength', options.maxLength, DEFAULT_MAX_LENGTH, 'characters')
    this.cacheSize = checkWhole('cacheSize', options.cacheSize, DEFAULT_CACHE_SIZE, 'cookies')
    this.#cache = this.cacheSize === 0 ? undefined : new VerifiedCache(this.cacheSize)
    if (options.serializer !== undefined) checkSerializer(options.serializer)
    if (options.crypto !== undefined) checkCryptoProvider(options.crypto)
    this.serializer = options.serializer ?? gobSerializer
    this.#crypto = options.crypto ?? nodeCryptoProvider
    this.#clock = options.clock ?? Date.now
    if (typeof this.#clock !== 'function')
      throw new TypeError('Invalid clock: expected a function.')
  }

  /** Number of key pairs. */
  get keyCount(): number {
    return this.#pairs.length
  }

  /**
   * Returns a codec with the same keys and some options replaced, sharing the imported keys.
   *
   * @example
   * ```ts
   * const unlimited = codec.with({ maxLength: 0 })
   * ```
   */
  with(options: Omit<SecureCookieOptions, 'keys'>): SecureCookie {
    const copy = new SecureCookie({
      keys: this.#pairs,
      maxAge: options.maxAge ?? this.maxAge,
      minAge: options.minAge ?? this.minAge,
      maxLength: options.maxLength ?? this.maxLength,
      cacheSize: options.cacheSize ?? this.cacheSize,
      serializer: options.serializer ?? this.serializer,
      crypto: options.crypto ?? this.#crypto,
      clock: options.clock ?? this.#clock,
    })
    if (copy.#crypto === this.#crypto) copy.#imported = this.#imported
    return copy
  }

  /**
   * Serializes, encrypts (with a block key) and signs a value for the cookie `name`.
   *
   * @param types The `types` returned by {@link SecureCookie.decode} for this value, so
   *   entries read from Go are written back with their Go types.
   * @throws TesseraError `ERR_GOB_ENCODE` or `ERR_SERIALIZE_FAILED` when the value cannot be
   *   serialized, `ERR_VALUE_TOO_LONG` when the result exceeds `maxLength`.
   */
  async encode(name: string, value: unknown, types?: unknown): Promise<string> {
    try {
      const imported = this.#keys()
      const key = (imported instanceof Promise ? await imported : imported)[0]!
      let payload: Uint8Array
      try {
        payload = this.serializer.serialize(value, types)
      } catch (error) {
        if (error instanceof TesseraError) throw error
        throw new TesseraError(
          'ERR_SERIALIZE_FAILED',
          `Failed to serialize the value for cookie "${name}" with the ${this.serializer.name} serializer.`,
          { cause: error },
        )
      }

      if (key.aes !== undefined) {
        const iv = this.#crypto.randomBytes(IV_LENGTH)
        const encrypted = this.#crypto.aesCtr(key.aes, iv, payload)
        payload = Buffer.concat([iv, encrypted instanceof Promise ? await encrypted : encrypted])
      }

      const timestamp = String(Math.floor(this.#clock() / 1000))
      const signed = Buffer.from(`${timestamp}|${encodeBase64Url(payload)}`, 'latin1')
      const signature = this.#crypto.hmacSha256(key.hmac, [this.#namePrefix(name), signed])
      const mac = signature instanceof Promise ? await signature : signature
      const cookie = encodeBase64Url(Buffer.concat([signed, Buffer.of(PIPE), mac]))

      if (this.maxLength !== 0 && cookie.length > this.maxLength) {
        throw new TesseraError(
          'ERR_VALUE_TOO_LONG',
          `Encoded value for cookie "${name}" is ${cookie.length} characters, over maxLength ` +
            `${this.maxLength}. Store less in the session, or use a server-side store.`,
        )
      }
      return cookie
    } catch (error) {
      throw cryptoFailure(error)
    }
  }

  /**
   * Verifies and decodes a value written by {@link SecureCookie.encode} or by Go's
   * securecookie for the cookie `name`.
   *
   * Checks run in Go's order: length, base64, structure, MAC (in constant time), timestamp,
   * decryption, deserialization. The MAC is checked before anything else is parsed.
   *
   * A cookie that passed these checks before is found in the cache (see `cacheSize`): its
   * age is checked again and its payload deserialized, without the other steps. Only decoded
   * cookies are cached, not encoded ones, so clients that never send a cookie back (such as
   * crawlers) cannot push out the cookies of returning users.
   *
   * @throws CookieError with the code of the first check that failed.
   */
  async decode(name: string, cookie: string): Promise<DecodedValue> {
    const result = this.tryDecode(name, cookie)
    const settled = result instanceof Promise ? await result : result
    if (settled instanceof CookieError) throw settled
    return settled
  }

  /**
   * Decodes like {@link SecureCookie.decode}, but returns the rejection reason instead of
   * throwing it, and returns synchronously when the crypto provider does (node:crypto, whose
   * keys are also imported synchronously). Stores use it to keep the request path free of
   * promise hops.
   *
   * @returns The decoded value, or the `CookieError` of the first check that failed.
   * @throws TesseraError `ERR_CRYPTO_FAILED` when the crypto provider fails, which no other
   *   cookie would fix (as a rejection when the provider is asynchronous).
   * @example
   * ```ts
   * const result = await codec.tryDecode('session', cookie)
   * if (result instanceof CookieError) console.log('fresh session:', result.code)
   * ```
   */
  tryDecode(name: string, cookie: string): MaybePromise<DecodedValue | CookieError> {
    try {
      const result = this.#decodeNow(name, cookie)
      return result instanceof Promise ? result.catch(cookieErrorOf) : result
    } catch (error) {
      return cookieErrorOf(error)
    }
  }

  // The decoding steps, synchronous up to the first result of the crypto provider that is a
  // promise. Rejections are thrown.
  #decodeNow(name: string, cookie: string): DecodedValue | Promise<DecodedValue> {
    const hit = this.#cache?.get(name, cookie)
    if (hit !== undefined) {
      this.#checkAge(name, hit.timestamp, cookie)
      const decoded = hit.decoded
      if (decoded !== undefined) {
        const value = new Map(decoded.map)
        return { value, types: decoded.types, keyIndex: hit.keyIndex, timestamp: hit.timestamp }
      }
      // A copy, so a serializer that keeps views of its input cannot alter the cache.
      return this.#deserialize(name, new Uint8Array(hit.payload!), hit.keyIndex, hit.timestamp)
    }
    if (this.maxLength !== 0 && cookie.length > this.maxLength) {
      throw new CookieError(
        'ERR_VALUE_TOO_LONG',
        `Cookie "${name}" is ${cookie.length} characters, over maxLength ${this.maxLength}.`,
      )
    }
    const outer = decodeBase64Url(cookie)

    // Split on the first two pipes only: the raw MAC after them may contain pipe bytes.
    const first = indexOfPipe(outer, 0)
    const second = first < 0 ? -1 : indexOfPipe(outer, first + 1)
    if (second < 0) throw macInvalid(name)
    const signed = outer.subarray(0, second)
    const prefix = this.#namePrefix(name)
    const parsed: ParsedCookie = { name, cookie, outer, first, second, signed, prefix }

    const imported = this.#keys()
    if (imported instanceof Promise) {
      return imported.then((keys) => this.#verifyAsync(parsed, keys, 0, undefined))
    }
    const keys = imported
    let lastError: unknown
    for (let index = 0; index < keys.length; index++) {
      const signature = this.#crypto.hmacSha256(keys[index]!.hmac, [prefix, signed])
      if (signature instanceof Promise) {
        return signature.then((mac) => this.#verifyAsync(parsed, keys, index, lastError, mac))
      }
      if (!macEquals(outer, second + 1, signature)) continue
      try {
        const opened = this.#openVerified(parsed, keys[index]!, index)
        if (opened instanceof Promise) {
          return opened.catch((error: unknown) => {
            if (!(error instanceof CookieError)) throw error
            return this.#verifyAsync(parsed, keys, index + 1, error)
          })
        }
        return opened
      } catch (error) {
        // A failing provider is not the cookie's fault, and a later pair's rejection must not
        // hide it.
        if (!(error instanceof CookieError)) throw error
        // A later pair can share this hash key with another block key, so keep trying.
        lastError = error
      }
    }
    throw lastError ?? macInvalid(name)
  }

  // The key loop of #decodeNow for asynchronous providers, from key `start` on. `mac` is the
  // already computed MAC of key `start`, when there is one.
  async #verifyAsync(
    parsed: ParsedCookie,
    keys: readonly ImportedKey[],
    start: number,
    lastError: unknown,
    mac?: Uint8Array,
  ): Promise<DecodedValue> {
    for (let index = start; index < keys.length; index++) {
      const expected =
        index === start && mac !== undefined
          ? mac
          : await this.#crypto.hmacSha256(keys[index]!.hmac, [parsed.prefix, parsed.signed])
      if (!macEquals(parsed.outer, parsed.second + 1, expected)) continue
      try {
        return await this.#openVerified(parsed, keys[index]!, index)
      } catch (error) {
        if (!(error instanceof CookieError)) throw error
        lastError = error
      }
    }
    throw lastError ?? macInvalid(parsed.name)
  }

  // Checks the timestamp of a cookie whose MAC verified with key `keyIndex`, decrypts and
  // deserializes the payload, and caches the cookie once every check passed.
  #openVerified(
    parsed: ParsedCookie,
    key: ImportedKey,
    keyIndex: number,
  ): DecodedValue | Promise<DecodedValue> {
    const { name, outer, first, second } = parsed
    const timestamp = parseTimestamp(outer, 0, first)
    if (timestamp === undefined) {
      throw new CookieError('ERR_TIMESTAMP_INVALID', `Cookie "${name}" has an invalid timestamp.`)
    }
    this.#checkAge(name, timestamp, undefined)
    const opened = this.#open(name, key, outer, first, second)
    if (opened instanceof Promise) {
      return opened.then((payload) =>
        this.#finish(parsed.cookie, name, payload, keyIndex, timestamp),
      )
    }
    return this.#finish(parsed.cookie, name, opened, keyIndex, timestamp)
  }

  #finish(
    cookie: string,
    name: string,
    payload: Uint8Array,
    keyIndex: number,
    timestamp: number,
  ): DecodedValue {
    // Copied before deserializing, which may alter its input, and because decoded bytes may
    // be views into Node's shared Buffer pool.
    const copy = this.#cache && new Uint8Array(payload)
    const decoded = this.#deserialize(name, payload, keyIndex, timestamp)
    if (copy) {
      // The caller gets `decoded.value` and may change it, so the cache keeps a copy.
      const keep =
        this.serializer.reusesResults === true &&
        isPrimitiveMap(decoded.value) &&
        freezeShareable(decoded.types)
      // A kept map replaces the payload, which no hit would read.
      this.#cache!.add(cookie, {
        name,
        timestamp,
        keyIndex,
        payload: keep ? undefined : copy,
        decoded: keep
          ? { map: new Map(decoded.value as ReadonlyMap<unknown, unknown>), types: decoded.types }
          : undefined,
      })
    }
    return decoded
  }

  /** Number of verified cookies the codec remembers now, at most `cacheSize`. */
  get cachedCount(): number {
    return this.#cache?.size ?? 0
  }

  // Rejects a timestamp outside minAge and maxAge. A cached cookie that expired is dropped
  // from the cache; one that is too new stays, since it becomes valid later.
  #checkAge(name: string, timestamp: number, cachedCookie: string | undefined): void {
    const now = Math.floor(this.#clock() / 1000)
    if (this.minAge !== 0 && timestamp > now - this.minAge) {
      throw new CookieError('ERR_TIMESTAMP_TOO_NEW', `Cookie "${name}" is newer than minAge.`)
    }
    if (this.maxAge !== 0 && timestamp < now - this.maxAge) {
      if (cachedCookie !== undefined) this.#cache?.delete(cachedCookie)
      throw new CookieError(
        'ERR_TIMESTAMP_EXPIRED',
        `Cookie "${name}" expired: it is older than maxAge (${this.maxAge} s).`,
      )
    }
  }

  // Returns the serialized value: the inner base64 decoded and, with a block key, decrypted.
  #open(
    name: string,
    key: ImportedKey,
    outer: Buffer,
    first: number,
    second: number,
  ): Uint8Array | Promise<Uint8Array> {
    const payload = decodeBase64Url(outer.toString('latin1', first + 1, second))
    if (key.aes === undefined) return payload
    if (payload.length <= IV_LENGTH) {
      throw new CookieError('ERR_DECRYPT_FAILED', `Cookie "${name}" could not be decrypted.`)
    }
    return this.#crypto.aesCtr(key.aes, payload.subarray(0, IV_LENGTH), payload.subarray(IV_LENGTH))
  }

  #deserialize(name: string, bytes: Uint8Array, keyIndex: number, timestamp: number) {
    // A plain Uint8Array view, so serializers that slice it get copies rather than Buffer
    // views into Node's shared allocation pool.
    const payload = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    try {
      const { value, types } = this.serializer.deserialize(payload)
      return { value, types, keyIndex, timestamp }
    } catch (error) {
      throw new CookieError(
        'ERR_DESERIALIZE_FAILED',
        `Cookie "${name}" verified but its ${this.serializer.name} payload could not be decoded.`,
        { cause: error },
      )
    }
  }

  #namePrefix(name: string): Uint8Array {
    let prefix = this.#namePrefixes.get(name)
    if (prefix === undefined) {
      prefix = Buffer.from(`${name}|`, 'utf8')
      // Names come from application code, but bound the cache in case they do not.
      if (this.#namePrefixes.size < 64) this.#namePrefixes.set(name, prefix)
    }
    return prefix
  }

  #keys(): readonly ImportedKey[] | Promise<readonly ImportedKey[]> {
    if (this.#imported !== undefined) return this.#imported
    const crypto = this.#crypto
    const failed = (error: unknown): TesseraError =>
      new TesseraError(
        'ERR_CRYPTO_FAILED',
        `The ${crypto.name} crypto provider failed to import the keys.`,
        { cause: error },
      )
    let pending: { hmac: unknown; aes: unknown }[]
    try {
      pending = this.#pairs.map((pair) => ({
        hmac: crypto.importHmacKey(keyBytes(pair.hashKey)),
        aes: pair.blockKey === undefined ? undefined : crypto.importAesKey(keyBytes(pair.blockKey)),
      }))
    } catch (error) {
      // Nothing is remembered, so the next request tries the import again.
      throw failed(error)
    }
    // node:crypto imports synchronously, so even the first cookie is decoded without a hop.
    if (pending.every((key) => !(key.hmac instanceof Promise) && !(key.aes instanceof Promise))) {
      this.#imported = pending
      return pending
    }
    const importing = Promise.all(
      // Both of a pair at once, so a rejection of either always has a handler.
      pending.map(async (key) => {
        const [hmac, aes] = await Promise.all([key.hmac, key.aes])
        return { hmac, aes }
      }),
    ).then(
      (keys) => (this.#imported = keys),
      (error: unknown) => {
        // Forget the failure, so the next request tries the import again.
        this.#imported = undefined
        throw failed(error)
      },
    )
    this.#imported = importing
    return importing
  }
}

// Returns a rejected cookie's reason as a value, and throws anything else as a crypto failure.
function cookieErrorOf(error: unknown): CookieError {
  if (error instanceof CookieError) return error
  throw cryptoFailure(error)
}

// Every error of the codec's own is a TesseraError; anything else came from the crypto
// provider, which the caller cannot fix by sending another cookie.
function cryptoFailure(error: unknown): unknown {
  if (error instanceof TesseraError) return error
  return new TesseraError('ERR_CRYPTO_FAILED', 'The crypto provider failed.', { cause: error })
}

function macInvalid(name: string): CookieError {
  return new CookieError(
    'ERR_MAC_INVALID',
    `Cookie "${name}" is not valid: its signature does not match any key. ` +
      'It was tampered with, signed with another key, or made for another cookie name.',
  )
}
