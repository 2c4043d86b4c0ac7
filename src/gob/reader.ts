import { decodeFailure } from './failure.ts'

/** Non-fatal because Go strings may hold any bytes. `ignoreBOM` keeps a leading U+FEFF. */
const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

/** Largest byte count of a gob unsigned integer: 8 bytes hold a uint64. */
const MAX_UINT_BYTES = 8

/**
 * Maximum length of a string decoded by a byte loop. A loop of `String.fromCharCode` beats
 * a TextDecoder call on the short ASCII strings that most session keys and type names are,
 * and loses above 32 bytes (measured with Node 20.20 on x64).
 */
const MAX_LOOP_STRING = 32

/** Names that recur across streams: the basic types and gorilla/sessions' flash list. */
const COMMON_NAME_LIST: readonly string[] = [
  'string',
  'int',
  'bool',
  'float64',
  'int64',
  'uint',
  'uint64',
  '[]interface {}',
  '[]string',
  '[]uint8',
  'time.Time',
  'map[string]interface {}',
  'map[interface {}]interface {}',
]

/** The common names grouped by length, so that a lookup compares only names that can match. */
const COMMON_NAMES: readonly (readonly string[])[] = groupByLength(COMMON_NAME_LIST)

const NO_NAMES: readonly string[] = []

function groupByLength(names: readonly string[]): string[][] {
  const groups: string[][] = []
  for (const name of names) {
    while (groups.length <= name.length) groups.push([])
    ;(groups[name.length] as string[]).push(name)
  }
  return groups
}

/** Number of names a reader remembers, a few more than a session's usual distinct types. */
const RECENT_NAMES = 8

/** Scratch space for reassembling float64 bits, reused because decoding never nests here. */
const floatBits = new DataView(new ArrayBuffer(8))

/**
 * Reads gob primitives from one stream, the way Go's decoder does: every read stays inside
 * the current message, and a new message starts only when the caller asks for it.
 *
 * Integers come back as numbers while they are at most 2^53-1 in magnitude, the range in
 * which numbers are exact, and as bigints beyond it, so that int64 and uint64 stay exact.
 *
 * Every failure is a TesseraError with code `ERR_GOB_DECODE`.
 *
 * @example
 * ```ts
 * const reader = new GobReader(new Uint8Array([0x03, 0x04, 0x06, 0x00]))
 * reader.nextMessage()
 * reader.readInt() // 2
 * ```
 */
export class GobReader {
  readonly #bytes: Uint8Array
  #offset = 0
  #messageEnd = 0
  /** ASCII names read from this stream that are not common, created at the first one. */
  #recentNames: string[] | undefined

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes
  }

  /** Bytes left in the current message. */
  get messageRemaining(): number {
    return this.#messageEnd - this.#offset
  }

  /** Bytes left in the whole input, which bounds every element count. */
  get inputRemaining(): number {
    return this.#bytes.length - this.#offset
  }

  /**
   * Reads the byte count of the next message and makes it current. Returns false at the end
   * of the input. The current message must be used up, because Go reads the next count only
   * from an empty buffer.
   */
  nextMessage(): boolean {
    if (this.#offset < this.#messageEnd) {
      throw decodeFailure('a new message started before the previous one was used up')
    }
    if (this.#offset >= this.#bytes.length) return false
    this.#messageEnd = this.#bytes.length
    const count = this.readUint()
    if (typeof count !== 'number' || count > this.inputRemaining) {
      throw decodeFailure(`message length ${count} exceeds the ${this.inputRemaining} bytes left`)
    }
    if (count === 0) throw decodeFailure('empty message')
    this.#messageEnd = this.#offset + count
    return true
  }

  /** Reads one byte of the current message. */
  readByte(): number {
    if (this.#offset >= this.#messageEnd) throw decodeFailure('unexpected end of message')
    const byte = this.#bytes[this.#offset] as number
    this.#offset += 1
    return byte
  }

  /** Returns the next byte of the current message without consuming it, or -1 at its end. */
  peekByte(): number {
    return this.#offset < this.#messageEnd ? (this.#bytes[this.#offset] as number) : -1
  }

  /**
   * Reads an unsigned integer: one byte below 128, otherwise the negated byte count (at most
   * 8) and the big-endian bytes. Go accepts non-minimal forms such as `fe 00 05`, so this does.
   * Returns a number up to 2^53-1 and a bigint above.
   */
  readUint(): number | bigint {
    const first = this.readByte()
    if (first < 0x80) return first
    const length = 256 - first
    if (length > MAX_UINT_BYTES) {
      throw decodeFailure(`invalid unsigned integer: ${length} bytes, the maximum is 8`)
    }
    if (length > this.messageRemaining) throw decodeFailure('unexpected end of message')
    const start = this.#offset
    this.#offset += length
    // Six bytes are at most 2^48, so the sum stays exact in a number.
    if (length <= 6) return sumBytes(this.#bytes, start, start + length)
    return readWideUint(this.#bytes, start, start + length)
  }

  /**
   * Reads a signed integer: the low bit of the unsigned form is the sign, the rest the
   * magnitude. Returns a number when the result is a safe integer and a bigint otherwise.
   */
  readInt(): number | bigint {
    const unsigned = this.readUint()
    if (typeof unsigned === 'number') {
      // unsigned is at most 2^53-1, so unsigned + 1 and both halves are exact.
      return unsigned % 2 === 0 ? unsigned / 2 : -(unsigned + 1) / 2
    }
    const signed = (unsigned & 1n) === 0n ? unsigned >> 1n : ~(unsigned >> 1n)
    return toNumberIfSafe(signed)
  }

  /**
   * Reads a count that must not exceed `limit`, so that nothing is allocated for more
   * elements or bytes than the input can hold. `label` names the count in the message.
   */
  readCount(limit: number, label: string): number {
    const count = this.readUint()
    if (typeof count !== 'number' || count > limit) {
      throw decodeFailure(`${label} ${count} exceeds the ${limit} bytes left`)
    }
    return count
  }

  /** Reads a float: the IEEE 754 float64 bits with their byte order reversed, as an unsigned integer. */
  readFloat(): number {
    const first = this.readByte()
    // Positive zero has all bits clear, so this clears the bytes the integer leaves out.
    floatBits.setFloat64(0, 0)
    if (first < 0x80) {
      floatBits.setUint8(0, first)
      return floatBits.getFloat64(0, false)
    }
    const length = 256 - first
    if (length > MAX_UINT_BYTES) {
      throw decodeFailure(`invalid unsigned integer: ${length} bytes, the maximum is 8`)
    }
    if (length > this.messageRemaining) throw decodeFailure('unexpected end of message')
    // The last byte of the integer is its lowest, and that is the first byte of the float.
    const last = this.#offset + length - 1
    for (let index = 0; index < length; index += 1) {
      floatBits.setUint8(index, this.#bytes[last - index] as number)
    }
    this.#offset += length
    return floatBits.getFloat64(0, false)
  }

  /** Reads a length-prefixed byte string and returns a copy. */
  readByteString(): Uint8Array {
    const length = this.readCount(this.messageRemaining, 'byte string length')
    const bytes = this.#bytes.slice(this.#offset, this.#offset + length)
    this.#offset += length
    return bytes
  }

  /**
   * Reads a length-prefixed string that is likely to repeat, such as the type name of an
   * interface value. A name equal to a recent or common ASCII name comes back as that same
   * string, which saves building it, and a Map lookup by it reuses its cached hash.
   */
  readName(): string {
    const length = this.readCount(this.messageRemaining, 'byte string length')
    const start = this.#offset
    const known =
      findName(COMMON_NAMES[length] ?? NO_NAMES, this.#bytes, start, length) ??
      findName(this.#recentNames ?? NO_NAMES, this.#bytes, start, length)
    if (known !== undefined) {
      this.#offset += length
      return known
    }
    const name = this.#decodeString(length)
    // Only ASCII names compare byte for byte with their UTF-16 code units.
    if (length <= MAX_LOOP_STRING && name.length === length && isAscii(name)) {
      this.#recentNames ??= []
      if (this.#recentNames.length >= RECENT_NAMES) this.#recentNames.shift()
      this.#recentNames.push(name)
    }
    return name
  }

  /**
   * Consumes `expected` when the current message continues with exactly those bytes, and
   * reports whether it did.
   */
  skipBytes(expected: Uint8Array): boolean {
    const length = expected.length
    if (length > this.messageRemaining) return false
    const bytes = this.#bytes
    const start = this.#offset
    for (let index = 0; index < length; index += 1) {
      if (bytes[start + index] !== expected[index]) return false
    }
    this.#offset += length
    return true
  }

  /** Reads a length-prefixed string. Invalid UTF-8 becomes U+FFFD. */
  readString(): string {
    return this.#decodeString(this.readCount(this.messageRemaining, 'byte string length'))
  }

  /** Decodes the next `length` bytes, which the caller checked against the message. */
  #decodeString(length: number): string {
    const start = this.#offset
    const end = start + length
    this.#offset = end
    const bytes = this.#bytes
    if (length <= MAX_LOOP_STRING) {
      const ascii = decodeAscii(bytes, start, end)
      if (ascii !== undefined) return ascii
    }
    return utf8Decoder.decode(bytes.subarray(start, end))
  }
}

/** Returns the ASCII name among `names` whose bytes are the `length` bytes at `start`. */
function findName(
  names: readonly string[],
  bytes: Uint8Array,
  start: number,
  length: number,
): string | undefined {
  for (const name of names) {
    if (name.length !== length) continue
    let index = 0
    while (index < length && bytes[start + index] === name.charCodeAt(index)) index += 1
    if (index === length) return name
  }
  return undefined
}

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    if (text.charCodeAt(index) >= 0x80) return false
  }
  return true
}

function sumBytes(bytes: Uint8Array, start: number, end: number): number {
  let value = 0
  for (let index = start; index < end; index += 1) {
    value = value * 256 + (bytes[index] as number)
  }
  return value
}

/** Reads a 7- or 8-byte big-endian integer, as a number while it is below 2^53. */
function readWideUint(bytes: Uint8Array, start: number, end: number): number | bigint {
  const high = sumBytes(bytes, start, end - 4)
  const low = sumBytes(bytes, end - 4, end)
  // high below 2^21 puts the whole value below 2^53.
  if (high < 0x20_0000) return high * 0x1_0000_0000 + low
  return (BigInt(high) << 32n) | BigInt(low)
}

const MIN_SAFE_BIGINT = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE_BIGINT = BigInt(Number.MAX_SAFE_INTEGER)

function toNumberIfSafe(value: bigint): number | bigint {
  return value >= MIN_SAFE_BIGINT && value <= MAX_SAFE_BIGINT ? Number(value) : value
}

/**
 * Returns the string of ASCII bytes, or undefined when a byte is not ASCII. Four characters
 * per `String.fromCharCode` call build fewer intermediate strings than one per call.
 */
function decodeAscii(bytes: Uint8Array, start: number, end: number): string | undefined {
  let text = ''
  let index = start
  for (; index + 4 <= end; index += 4) {
    const first = bytes[index] as number
    const second = bytes[index + 1] as number
    const third = bytes[index + 2] as number
    const fourth = bytes[index + 3] as number
    if ((first | second | third | fourth) >= 0x80) return undefined
    text += String.fromCharCode(first, second, third, fourth)
  }
  for (; index < end; index += 1) {
    const byte = bytes[index] as number
    if (byte >= 0x80) return undefined
    text += String.fromCharCode(byte)
  }
  return text
}
