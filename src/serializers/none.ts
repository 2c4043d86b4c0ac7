import { TesseraError } from '../errors.ts'
import type { Serializer } from '../serializer.ts'

/**
 * Serializer that passes raw bytes through unchanged, like Go's `securecookie.NopEncoder`.
 * Values must be `Uint8Array`s.
 *
 * With a block key, an empty value cannot be decoded again, because the codec requires more
 * than the IV's 16 bytes; Go behaves the same way.
 *
 * @example
 * ```ts
 * const codec = new SecureCookie({ keys: [{ hashKey: 'secret' }], serializer: noneSerializer })
 * await codec.encode('token', new TextEncoder().encode('raw bytes'))
 * ```
 */
export const noneSerializer: Serializer = {
  name: 'none',

  serialize(value) {
    if (!(value instanceof Uint8Array)) {
      throw new TesseraError(
        'ERR_SERIALIZE_FAILED',
        'The none serializer only encodes Uint8Array values; use gob or json for other values.',
      )
    }
    return value
  },

  deserialize(bytes) {
    return { value: new Uint8Array(bytes) }
  },
}
