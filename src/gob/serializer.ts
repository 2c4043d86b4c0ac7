import type { Serializer } from '../serializer.ts'
import { decodeGob, decodeGobProjected, type GobDecodeOptions } from './decoder.ts'
import {
  DEFAULT_FIRST_TYPE_ID,
  encodeGob,
  isGoValueShape,
  type GobEncodeOptions,
} from './encoder.ts'
import {
  checkMaxDepth,
  fromJS,
  registeredNameSet,
  typeValue,
  type TypingSettings,
} from './from-js.ts'
import { encodeSessionMap, type SessionEncoding } from './session-encoder.ts'
import { toJS } from './to-js.ts'

/**
 * Options of {@link GobSerializer}: those of encoding and of decoding.
 *
 * @example
 * ```ts
 * const options: GobSerializerOptions = { firstTypeId: 64, maxDepth: 50 }
 * ```
 */
export interface GobSerializerOptions extends GobEncodeOptions, GobDecodeOptions {}

/**
 * Serializer that writes Go's encoding/gob, as gorilla/securecookie's default GobEncoder
 * does. A session's values are a `Map`, which is Go's `map[interface{}]interface{}`, and a
 * stored session id is a top-level string.
 *
 * `deserialize` returns the plain value of {@link toJS} and, as `types`, the typed value.
 * Passing that back to `serialize` writes unchanged entries with the Go types they were
 * read with, while new or changed entries follow the default rule of {@link fromJS}.
 *
 * @example
 * ```ts
 * const serializer = new GobSerializer({
 *   registeredNames: [...defaultRegisteredNames, 'map[string]interface {}'],
 * })
 * const { value, types } = serializer.deserialize(bytes)
 * ;(value as Map<unknown, unknown>).set('visits', 2)
 * const updated = serializer.serialize(value, types)
 * ```
 */
export class GobSerializer implements Serializer {
  readonly name = 'gob'
  // The typed values of `types` are read-only: serialize only reads them as hints.
  readonly reusesResults = true
  readonly #options: GobSerializerOptions
  readonly #typing: TypingSettings
  readonly #encoding: SessionEncoding

  /** @throws TypeError for a bad option. */
  constructor(options: GobSerializerOptions = {}) {
    // A copy, because a one-shot iterable of names would be used up by the first value.
    const registeredNames =
      options.registeredNames === undefined ? undefined : [...options.registeredNames]
    this.#options = { ...options, registeredNames }
    // Encoding and decoding a string once checks every option here rather than on a request.
    encodeGob(fromJS('', undefined, this.#options), this.#options)
    decodeGob(new Uint8Array([3, 0x0c, 0, 0]), this.#options)
    // The names are fixed from here on, so their set is built once, not on every request.
    this.#typing = {
      registered: registeredNameSet(registeredNames),
      maxDepth: checkMaxDepth(options.maxDepth),
      forEncoder: true,
    }
    this.#encoding = {
      firstTypeId: options.firstTypeId ?? DEFAULT_FIRST_TYPE_ID,
      maxDepth: this.#typing.maxDepth,
    }
  }

  /**
   * Encodes a value. `types` is what {@link GobSerializer.deserialize} returned for the value
   * being written back; anything that is not a typed value is ignored.
   *
   * @throws TesseraError with code `ERR_GOB_ENCODE` when the value cannot be encoded.
   */
  serialize(value: unknown, types?: unknown): Uint8Array {
    const hint = isGoValueShape(types) ? types : undefined
    // A session Map takes a fast path that writes basic entries straight from the Map, with
    // the bytes and errors of the general path. It returns undefined for maps it leaves out.
    if (value instanceof Map) {
      const bytes = encodeSessionMap(
        value as Map<unknown, unknown>,
        hint,
        this.#typing,
        this.#encoding,
      )
      if (bytes !== undefined) return bytes
    }
    return encodeGob(typeValue(value, hint, this.#typing), this.#options)
  }

  /**
   * Decodes bytes into the plain value and its typed form.
   *
   * @throws TesseraError with code `ERR_GOB_DECODE` on malformed input.
   */
  deserialize(bytes: Uint8Array): { value: unknown; types?: unknown } {
    const { typed, plain } = decodeGobProjected(bytes, this.#options)
    return { value: plain, types: typed }
  }
}

/**
 * Default {@link GobSerializer}, with the interface names that Go accepts without extra
 * `gob.Register` calls.
 *
 * @example
 * ```ts
 * const codec = new SecureCookie({ keys, serializer: gobSerializer })
 * ```
 */
export const gobSerializer: GobSerializer = new GobSerializer()
