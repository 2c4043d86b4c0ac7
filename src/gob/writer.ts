import { encodeFailure } from './failure.ts'

const utf8Encoder = new TextEncoder()

const MAX_UINT64 = (1n << 64n) - 1n
const MIN_INT64 = -(1n << 63n)
const MAX_INT64 = (1n << 63n) - 1n
const MAX_SAFE_BIGINT = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * Largest magnitude of a signed number written without bigints. Its unsigned form, twice
 * the magnitude plus the sign bit, then stays below 2^53, where numbers are exact.
 */
const MAX_FAST_INT = 2 ** 52 - 1

/** Initial capacity in bytes, enough for the gob of a typical session cookie. */
const INITIAL_CAPACITY = 256

/**
 * Maximum length of a string written by a byte loop. The loop beats TextEncoder's
 * `encodeInto` below 32 characters and loses above (measured with Node 20.20 on x64).
 */
const MAX_LOOP_STRING = 32

/**
 * Maximum length of a byte string copied by a loop instead of `Uint8Array.prototype.set`,
 * whose fixed cost a loop undercuts only for a few bytes (measured with Node 20.20 on x64).
 */
const SHORT_COPY = 6

/** Scratch space for the bits of a float64, reused because writing never nests here. */
const floatBits = new DataView(new ArrayBuffer(8))

/**
 * Collects gob primitives in a growing byte buffer.
 *
 * @example
 * ```ts
 * const writer = new GobWriter()
 * writer.writeUint(300)
 * writer.toBytes() // Uint8Array [0xfe, 0x01, 0x2c]
 * ```
 */
export class GobWriter {
  #buffer: Uint8Array
  #length = 0

  constructor(capacity = INITIAL_CAPACITY) {
    this.#buffer = new Uint8Array(capacity)
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.#length
  }

  /** Returns a copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.#buffer.slice(0, this.#length)
  }

  /** Size of the buffer, which grows as bytes are written. */
  get capacity(): number {
    return this.#buffer.length
  }

  /** Appends the bytes of another writer as a message: their count, then the bytes. */
  writeMessage(message: GobWriter): void {
    const length = message.#length
    this.writeUint(length)
    if (this.#length + length > this.#buffer.length) this.#reserve(length)
    this.#buffer.set(message.#buffer.subarray(0, length), this.#length)
    this.#length += length
  }

  /** Returns a copy of the bytes from `start` to the end. */
  bytesFrom(start: number): Uint8Array {
    return this.#buffer.slice(start, this.#length)
  }

  /** Drops the bytes from `length` on, so that the writer can be reused. */
  truncate(length: number): void {
    this.#length = Math.min(length, this.#length)
  }

  /** Makes room for `extra` more bytes. Callers check the capacity first, so this is rare. */
  #reserve(extra: number): void {
    const needed = this.#length + extra
    if (needed <= this.#buffer.length) return
    let capacity = Math.max(this.#buffer.length * 2, INITIAL_CAPACITY)
    while (capacity < needed) capacity *= 2
    const grown = new Uint8Array(capacity)
    grown.set(this.#buffer.subarray(0, this.#length))
    this.#buffer = grown
  }

  writeByte(byte: number): void {
    if (this.#length >= this.#buffer.length) this.#reserve(1)
    this.#buffer[this.#length] = byte
    this.#length += 1
  }

  /** Appends raw bytes, with no length prefix. */
  writeRaw(bytes: Uint8Array): void {
    const length = bytes.length
    if (this.#length + length > this.#buffer.length) this.#reserve(length)
    const buffer = this.#buffer
    const start = this.#length
    if (length <= SHORT_COPY) {
      for (let index = 0; index < length; index += 1) buffer[start + index] = bytes[index] as number
    } else {
      buffer.set(bytes, start)
    }
    this.#length = start + length
  }

  /** Appends an unsigned integer in gob form: one byte below 128, else negated count and big-endian bytes. */
  writeUint(value: bigint | number): void {
    if (typeof value === 'number' && value >= 0 && value <= Number.MAX_SAFE_INTEGER) {
      if (value < 0x80 && Number.isInteger(value)) {
        this.writeByte(value)
        return
      }
      if (Number.isInteger(value)) {
        this.#writeMultiByteUint(value)
        return
      }
    }
    this.#writeBigUint(BigInt(value))
  }

  /** Writes an integer from 128 to 2^53-1, which divisions by 256 take apart exactly. */
  #writeMultiByteUint(value: number): void {
    const count = byteCount(value)
    this.#reserve(count + 1)
    const buffer = this.#buffer
    buffer[this.#length] = 256 - count
    let rest = value
    for (let index = this.#length + count; index > this.#length; index -= 1) {
      buffer[index] = rest % 256
      rest = Math.floor(rest / 256)
    }
    this.#length += count + 1
  }

  #writeBigUint(value: bigint): void {
    if (value < 0n || value > MAX_UINT64) {
      throw encodeFailure(`unsigned integer ${value} is outside the uint64 range`)
    }
    if (value <= MAX_SAFE_BIGINT) {
      this.writeUint(Number(value))
      return
    }
    const bytes: number[] = []
    for (let rest = value; rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn))
    this.writeByte(256 - bytes.length)
    for (const byte of bytes) this.writeByte(byte)
  }

  /** Appends a signed integer: the magnitude shifted left, with the sign in the low bit. */
  writeInt(value: bigint | number): void {
    if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_FAST_INT) {
      this.writeUint(value >= 0 ? value * 2 : -value * 2 - 1)
      return
    }
    const signed = BigInt(value)
    if (signed < MIN_INT64 || signed > MAX_INT64) {
      throw encodeFailure(`integer ${signed} is outside the int64 range`)
    }
    this.writeUint(signed >= 0n ? signed << 1n : ((-signed - 1n) << 1n) | 1n)
  }

  /** Appends a float as its float64 bits in reversed byte order, written as an unsigned integer. */
  writeFloat(value: number): void {
    floatBits.setFloat64(0, value, false)
    // Byte k of the big-endian float is byte k of the integer counted from the lowest.
    let count = 8
    while (count > 0 && floatBits.getUint8(count - 1) === 0) count -= 1
    const lowest = floatBits.getUint8(0)
    if (count <= 1 && lowest < 0x80) {
      this.writeByte(lowest)
      return
    }
    this.#reserve(count + 1)
    const buffer = this.#buffer
    buffer[this.#length] = 256 - count
    for (let index = 0; index < count; index += 1) {
      buffer[this.#length + count - index] = floatBits.getUint8(index)
    }
    this.#length += count + 1
  }

  /** Appends a length-prefixed byte string. */
  writeByteString(bytes: Uint8Array): void {
    this.writeUint(bytes.length)
    this.writeRaw(bytes)
  }

  /** Appends a string as length-prefixed UTF-8. Lone surrogates become U+FFFD. */
  writeString(text: string): void {
    if (text.length > MAX_LOOP_STRING || !this.#writeShortAscii(text)) this.#writeEncoded(text)
  }

  /**
   * Writes a short ASCII string byte by byte, which is faster than a TextEncoder call.
   * Returns false, having written nothing, for a string with other characters.
   */
  #writeShortAscii(text: string): boolean {
    const length = text.length
    const start = this.#length
    this.writeUint(length)
    if (this.#length + length > this.#buffer.length) this.#reserve(length)
    const buffer = this.#buffer
    const offset = this.#length
    for (let index = 0; index < length; index += 1) {
      const code = text.charCodeAt(index)
      if (code >= 0x80) {
        this.#length = start
        return false
      }
      buffer[offset + index] = code
    }
    this.#length = offset + length
    return true
  }

  /**
   * Encodes a string straight into the buffer. Its UTF-8 length is known only afterwards, so
   * room is left for the longest count, and the bytes move down when the count is shorter.
   */
  #writeEncoded(text: string): void {
    // Each UTF-16 code unit becomes at most 3 bytes of UTF-8.
    const maxBytes = text.length * 3
    const room = uintSize(maxBytes)
    this.#reserve(room + maxBytes)
    const start = this.#length
    const target = this.#buffer.subarray(start + room, start + room + maxBytes)
    const { written } = utf8Encoder.encodeInto(text, target)
    const size = uintSize(written)
    if (size < room) {
      this.#buffer.copyWithin(start + size, start + room, start + room + written)
    }
    this.writeUint(written)
    this.#length = start + size + written
  }

  /**
   * Writes the byte count of everything written after `start` in front of it. One byte at
   * `start` must have been reserved for the count by writing a placeholder. A count above
   * 127 takes more bytes, so the content moves up to make room.
   */
  patchLength(start: number): void {
    const contentStart = start + 1
    const end = this.#length
    const count = end - contentStart
    if (count < 0x80) {
      this.#buffer[start] = count
      return
    }
    const extra = byteCount(count)
    this.#reserve(extra)
    this.#buffer.copyWithin(contentStart + extra, contentStart, end)
    this.#length = start
    this.writeUint(count)
    this.#length = end + extra
  }
}

/** Returns how many bytes the gob form of an unsigned safe integer takes. */
function uintSize(value: number): number {
  return value < 0x80 ? 1 : 1 + byteCount(value)
}

/** Returns how many big-endian bytes a positive safe integer takes. */
function byteCount(value: number): number {
  let count = 0
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) count += 1
  return count
}

/**
 * Writers kept for the next encoding, because allocating a buffer of more than 64 bytes
 * costs about 250 ns (measured with Node 20.20 on x64), a large share of encoding a small
 * session. An encoding started while another one runs, from a getter in the value, finds
 * none and allocates its own.
 */
let spareWriters: StreamWriters | undefined

/** Largest buffer kept between encodings, so that one big value does not pin its memory. */
const MAX_SPARE_CAPACITY = 64 * 1024

/**
 * Writers of one encoding: `body` for the value message and `stream` for the output.
 *
 * @example
 * ```ts
 * const writers = takeWriters()
 * writers.body.writeUint(0)
 * releaseWriters(writers)
 * ```
 */
export interface StreamWriters {
  readonly body: GobWriter
  readonly stream: GobWriter
}

/** Returns empty writers, reusing those of an earlier encoding when possible. */
export function takeWriters(): StreamWriters {
  const writers = spareWriters ?? { body: new GobWriter(), stream: new GobWriter() }
  spareWriters = undefined
  writers.body.truncate(0)
  writers.stream.truncate(0)
  return writers
}

/** Keeps writers for the next encoding once their output has been copied out. */
export function releaseWriters(writers: StreamWriters): void {
  const { body, stream } = writers
  if (body.capacity <= MAX_SPARE_CAPACITY && stream.capacity <= MAX_SPARE_CAPACITY) {
    spareWriters = writers
  }
}
