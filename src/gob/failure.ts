import { TesseraError } from '../errors.ts'

/** Maximum length of a name from the stream in a message, so hostile input cannot flood logs. */
const MAX_QUOTED_NAME = 80

/** Builds the error for malformed or unsupported gob input. */
export function decodeFailure(message: string, cause?: unknown): TesseraError {
  const options = cause === undefined ? undefined : { cause }
  return new TesseraError('ERR_GOB_DECODE', `gob decoding failed: ${message}`, options)
}

/** Builds the error for a value that cannot be written as gob. */
export function encodeFailure(message: string, cause?: unknown): TesseraError {
  const options = cause === undefined ? undefined : { cause }
  return new TesseraError('ERR_GOB_ENCODE', `gob encoding failed: ${message}`, options)
}

/** Quotes a Go type name for a message, shortened when it is long. */
export function quoteName(name: string): string {
  const truncated = name.length > MAX_QUOTED_NAME ? `${name.slice(0, MAX_QUOTED_NAME)}…` : name
  return JSON.stringify(truncated)
}
