import { decodeFailure } from './failure.ts'

/** Non-fatal because Go strings may hold any bytes. `ignoreBOM` keeps a leading U+FEFF. */
const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

/** Largest byte count of a gob unsigned integer: 8 bytes hold a uint64. */
const MAX_UINT_BYTES = 8

/**
 * Reads gob primitives from one stream, the way Go's decoder does: every read stays inside
 * the current message, and a new message starts only when the caller asks for it.
 *
 * Every failure is a TesseraError with code `ERR_GOB_DECODE`.
 *
 * @example
 * ```ts
 * const reader = new GobReader(new Uint8Array([0x03, 0x04, 0x06, 0x00]))
 * reader.nextMessage()
 * reader.readInt() // 2n
 * ```
 */
export class GobReader {
  readonly #bytes: Uint8Array
  #offset = 0
  #messageEnd = 0

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
    if (count > BigInt(this.inputRemaining)) {
      throw decodeFailure(`message length ${count} exceeds the ${this.inputRemaining} bytes left`)
    }
    if (count === 0n) throw decodeFailure('empty message')
    this.#messageEnd = this.#offset + Number(count)
    return true
  }

  /** Reads one byte of the current message. */
  readByte(): number {
    if (this.#offset >= this.#messageEnd) throw decodeFailure('unexpected end of message')
    const byte = this.#bytes[this.#offset] as number
    this.#offset += 1
    return byte
  }

  /**
   * Reads an unsigned integer: one byte below 128, otherwise the negated byte count (at most
   * 8) and the big-endian bytes. Go accepts non-minimal forms such as `fe 00 05`, so this does.
   */
  readUint(): bigint {
    const first = this.readByte()
    if (first < 0x80) return BigInt(first)
    const length = 256 - first
    if (length > MAX_UINT_BYTES) {
      throw decodeFailure(`invalid unsigned integer: ${length} bytes, the maximum is 8`)
    }
    if (length > this.messageRemaining) throw decodeFailure('unexpected end of message')
    let value = 0n
    for (let index = 0; index < length; index += 1) {
      value = (value << 8n) | BigInt(this.#bytes[this.#offset + index] as number)
    }
    this.#offset += length
    return value
  }

  /** Reads a signed integer: the low bit of the unsigned form is the sign, the rest the magnitude. */
  readInt(): bigint {
    const unsigned = this.readUint()
    return (unsigned & 1n) === 0n ? unsigned >> 1n : ~(unsigned >> 1n)
  }

  /**
   * Reads a count that must not exceed `limit`, so that nothing is allocated for more
   * elements or bytes than the input can hold. `label` names the count in the message.
   */
  readCount(limit: number, label: string): number {
    const count = this.readUint()
    if (count > BigInt(limit)) {
      throw decodeFailure(`${label} ${count} exceeds the ${limit} bytes left`)
    }
    return Number(count)
  }

  /** Reads a float: the IEEE 754 float64 bits with their byte order reversed, as an unsigned integer. */
  readFloat(): number {
    const view = new DataView(new ArrayBuffer(8))
    view.setBigUint64(0, this.readUint(), true)
    return view.getFloat64(0, false)
  }

  /** Reads a length-prefixed byte string and returns a copy. */
  readByteString(): Uint8Array {
    const length = this.readCount(this.messageRemaining, 'byte string length')
    const bytes = this.#bytes.slice(this.#offset, this.#offset + length)
    this.#offset += length
    return bytes
  }

  /** Reads a length-prefixed string. Invalid UTF-8 becomes U+FFFD. */
  readString(): string {
    return utf8Decoder.decode(this.readByteString())
  }
}
