import { Buffer } from 'node:buffer'
import { TesseraError } from '../errors.ts'
import type { Serializer } from '../serializer.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

// Go's json.Encoder escapes these for safe embedding in HTML, and so does this serializer,
// so both sides produce the same bytes for the same value.
const htmlUnsafe = /[<>&\u2028\u2029]/g
const htmlEscapes: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

function toJSONValue(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // JSON.stringify has already called Buffer's toJSON, so look at the holder's own value.
  const raw = this[key]
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('base64')
  if (value instanceof Map) {
    const object: Record<string, unknown> = {}
    for (const [entryKey, entryValue] of value) {
      if (typeof entryKey !== 'string') {
        throw new TesseraError(
          'ERR_SERIALIZE_FAILED',
          `JSON cannot encode the non-string session key of type ${typeof entryKey}; ` +
            'use string keys or the gob serializer.',
        )
      }
      Object.defineProperty(object, entryKey, { value: entryValue, enumerable: true })
    }
    return object
  }
  if (typeof value === 'bigint') {
    throw new TesseraError(
      'ERR_SERIALIZE_FAILED',
      'JSON cannot encode a bigint; use the gob serializer or a number.',
    )
  }
  return value
}

/**
 * Serializer writing JSON exactly as Go's `json.Encoder` does: compact, HTML characters
 * escaped, with a trailing newline.
 *
 * Session values must have string keys. Go's `JSONEncoder` cannot encode gorilla's
 * `map[interface{}]interface{}`, so a Go service only shares JSON cookies that hold a string
 * (server-side stores' session ids) or a struct. Numbers decode as JavaScript numbers, and a
 * Go peer reads them as float64. `Uint8Array` values become base64 strings, as Go does for
 * `[]byte`. A top-level JSON object decodes to a `Map`.
 *
 * @example
 * ```ts
 * const codec = new SecureCookie({ keys: [{ hashKey: 'secret' }], serializer: jsonSerializer })
 * ```
 */
export const jsonSerializer: Serializer = {
  name: 'json',
  reusesResults: true,

  serialize(value) {
    const text = JSON.stringify(value, toJSONValue)
    if (text === undefined) {
      throw new TesseraError('ERR_SERIALIZE_FAILED', 'JSON cannot encode a value of this type.')
    }
    return encoder.encode(text.replace(htmlUnsafe, (char) => htmlEscapes[char]!) + '\n')
  },

  deserialize(bytes) {
    const value: unknown = JSON.parse(decoder.decode(bytes))
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return { value: new Map(Object.entries(value)) }
    }
    return { value }
  },
}
