import { encodeFailure } from './failure.ts'

const utf8Encoder = new TextEncoder()

const MAX_UINT64 = (1n << 64n) - 1n
const MIN_INT64 = -(1n << 63n)
const MAX_INT64 = (1n << 63n) - 1n

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
  #buffer = new Uint8Array(64)
  #length = 0

  /** Number of bytes written so far. */
  get length(): number {
    return this.#length
  }

  /** Returns a copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.#buffer.slice(0, this.#length)
  }

  #reserve(extra: number): void {
    const needed = this.#length + extra
    if (needed <= this.#buffer.length) return
    let capacity = this.#buffer.length * 2
    while (capacity < needed) capacity *= 2
    const grown = new Uint8Array(capacity)
    grown.set(this.#buffer.subarray(0, this.#length))
    this.#buffer = grown
  }

  writeByte(byte: number): void {
    this.#reserve(1)
    this.#buffer[this.#length] = byte
    this.#length += 1
  }

  /** Appends raw bytes, with no length prefix. */
  writeRaw(bytes: Uint8Array): void {
    this.#reserve(bytes.length)
    this.#buffer.set(bytes, this.#length)
    this.#length += bytes.length
  }

  /** Appends an unsigned integer in gob form: one byte below 128, else negated count and big-endian bytes. */
  writeUint(value: bigint | number): void {
    if (typeof value === 'number' && value >= 0 && value < 0x80 && Number.isInteger(value)) {
      this.writeByte(value)
      return
    }
    let remaining = BigInt(value)
    if (remaining < 0n || remaining > MAX_UINT64) {
      throw encodeFailure(`unsigned integer ${remaining} is outside the uint64 range`)
    }
    if (remaining < 0x80n) {
      this.writeByte(Number(remaining))
      return
    }
    const bytes: number[] = []
    while (remaining > 0n) {
      bytes.unshift(Number(remaining & 0xffn))
      remaining >>= 8n
    }
    this.writeByte(256 - bytes.length)
    for (const byte of bytes) this.writeByte(byte)
  }

  /** Appends a signed integer: the magnitude shifted left, with the sign in the low bit. */
  writeInt(value: bigint | number): void {
    const signed = BigInt(value)
    if (signed < MIN_INT64 || signed > MAX_INT64) {
      throw encodeFailure(`integer ${signed} is outside the int64 range`)
    }
    this.writeUint(signed >= 0n ? signed << 1n : ((-signed - 1n) << 1n) | 1n)
  }

  /** Appends a float as its float64 bits in reversed byte order, written as an unsigned integer. */
  writeFloat(value: number): void {
    const view = new DataView(new ArrayBuffer(8))
    view.setFloat64(0, value, false)
    this.writeUint(view.getBigUint64(0, true))
  }

  /** Appends a length-prefixed byte string. */
  writeByteString(bytes: Uint8Array): void {
    this.writeUint(bytes.length)
    this.writeRaw(bytes)
  }

  /** Appends a string as length-prefixed UTF-8. Lone surrogates become U+FFFD. */
  writeString(text: string): void {
    this.writeByteString(utf8Encoder.encode(text))
  }
}
