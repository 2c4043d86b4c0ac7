/**
 * Converts session values to bytes and back, inside a securecookie value or a stored record.
 *
 * Implementations: `gobSerializer` (Go's encoding/gob, the default and the one Go services
 * use), `jsonSerializer` and `noneSerializer` (raw bytes).
 *
 * @example
 * ```ts
 * const upper: Serializer = {
 *   name: 'upper',
 *   serialize: (value) => new TextEncoder().encode(String(value).toUpperCase()),
 *   deserialize: (bytes) => ({ value: new TextDecoder().decode(bytes) }),
 * }
 * ```
 */
export interface Serializer {
  /** Name used in messages and by the CLI, such as `gob`, `json` or `none`. */
  readonly name: string
  /**
   * Encodes a value. `types` is what {@link Serializer.deserialize} returned for the value
   * being written back, so that values read from Go keep their Go types, or undefined.
   */
  serialize(value: unknown, types?: unknown): Uint8Array
  /** Decodes bytes into a plain value plus opaque type information for a later `serialize`. */
  deserialize(bytes: Uint8Array): { value: unknown; types?: unknown }
  /**
   * True when `deserialize` depends only on its input and nothing ever changes the `types`
   * it returns. The codec may then keep the decoded map of a cached cookie, when every key and
   * value in it is a primitive, and hand out copies of it instead of decoding the bytes again.
   */
  readonly reusesResults?: boolean | undefined
}
