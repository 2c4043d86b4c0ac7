import { Buffer } from 'node:buffer'

/**
 * Converts a decoded session value to plain JSON data: maps become objects (keys as text),
 * bigints decimal strings, bytes standard base64 and dates ISO 8601 strings.
 */
export function toPlainJSON(value: unknown): unknown {
  if (value instanceof Map) {
    const object: Record<string, unknown> = {}
    for (const [key, entry] of value) {
      Object.defineProperty(object, String(key), { value: toPlainJSON(entry), enumerable: true })
    }
    return object
  }
  if (Array.isArray(value)) return value.map(toPlainJSON)
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (value instanceof Date) return value.toISOString()
  if (value !== null && typeof value === 'object') {
    const object: Record<string, unknown> = {}
    for (const [key, entry] of Object.entries(value)) {
      Object.defineProperty(object, key, { value: toPlainJSON(entry), enumerable: true })
    }
    return object
  }
  return value
}

// The Go types that encoding/json produces when it decodes into interface{}.
function typedFromJSON(value: unknown): { type: string; value: unknown } {
  if (value === null) return { type: 'nil', value: null }
  if (typeof value === 'string') return { type: 'string', value }
  if (typeof value === 'number') return { type: 'float64', value }
  if (typeof value === 'boolean') return { type: 'bool', value }
  if (Array.isArray(value)) return { type: '[]interface {}', value: value.map(typedFromJSON) }
  const object: Record<string, unknown> = {}
  const entries = value instanceof Map ? [...value] : Object.entries(value as object)
  for (const [key, entry] of entries) {
    Object.defineProperty(object, String(key), { value: typedFromJSON(entry), enumerable: true })
  }
  return { type: 'map[string]interface {}', value: object }
}

/**
 * Describes JSON session values with the Go types a Go service decodes them to, as a list of
 * `{ key, value }` entries sorted by key, the same shape the gob output uses.
 */
export function toTypedJSONFromJSON(value: unknown): unknown {
  if (!(value instanceof Map)) return typedFromJSON(value)
  return [...value]
    .map(([key, entry]) => ({ key: typedFromJSON(key), value: typedFromJSON(entry) }))
    .sort((a, b) => (JSON.stringify(a.key) < JSON.stringify(b.key) ? -1 : 1))
}
