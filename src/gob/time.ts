/** Seconds from 0001-01-01 UTC, where Go's time.Time counts from, to the Unix epoch. */
const SECONDS_TO_UNIX_EPOCH = 62_135_596_800n

/** Largest millisecond count a JavaScript Date holds. */
const MAX_DATE_MS = 8.64e15

const NANOS_PER_SECOND = 1_000_000_000
const NANOS_PER_MILLI = 1_000_000

/** Zone offset, in minutes, that Go's binary time format uses for UTC. */
const UTC_OFFSET_MINUTES = -1

/**
 * Instant of Go's `time.Time` as its binary form carries it: seconds, nanoseconds and the
 * zone's offset. The zone's name is not sent, so Go restores a non-UTC zone as a fixed
 * offset (or as Local when the offset matches).
 *
 * @example
 * ```ts
 * const time = new GoTime(1_700_000_000n, 5, null)
 * time.toISOString() // '2023-11-14T22:13:20.000000005Z'
 * ```
 */
export class GoTime {
  /** Seconds since 1970-01-01 UTC. */
  readonly unixSeconds: bigint
  /** Nanoseconds within the second, from 0 to 999 999 999. */
  readonly nanoseconds: number
  /** Offset of the zone east of UTC in seconds, or null for UTC itself. */
  readonly offsetSeconds: number | null

  constructor(unixSeconds: bigint, nanoseconds: number, offsetSeconds: number | null) {
    if (!Number.isInteger(nanoseconds) || nanoseconds < 0 || nanoseconds >= NANOS_PER_SECOND) {
      throw new RangeError('GoTime nanoseconds must be an integer from 0 to 999999999')
    }
    if (offsetSeconds !== null && !isValidOffset(offsetSeconds)) {
      throw new RangeError(
        'GoTime offsetSeconds must be whole seconds whose minutes fit in an int16',
      )
    }
    this.unixSeconds = unixSeconds
    this.nanoseconds = nanoseconds
    this.offsetSeconds = offsetSeconds
  }

  /** Converts a Date, which has millisecond precision, to a UTC GoTime. */
  static fromDate(date: Date): GoTime {
    const milliseconds = date.getTime()
    if (Number.isNaN(milliseconds)) throw new RangeError('invalid Date')
    const seconds = Math.floor(milliseconds / 1000)
    const nanoseconds = (milliseconds - seconds * 1000) * NANOS_PER_MILLI
    return new GoTime(BigInt(seconds), nanoseconds, null)
  }

  /**
   * Parses the output of Go's `Time.MarshalBinary` (which GobEncode returns): version 1 is
   * 15 bytes, version 2 adds a byte of offset seconds. Returns undefined for any other input.
   */
  static fromBinary(bytes: Uint8Array): GoTime | undefined {
    const version = bytes[0]
    if (version !== 1 && version !== 2) return undefined
    if (bytes.length !== (version === 1 ? 15 : 16)) return undefined
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const seconds = view.getBigInt64(1, false)
    const nanoseconds = view.getInt32(9, false)
    const offsetMinutes = view.getInt16(13, false)
    if (nanoseconds < 0 || nanoseconds >= NANOS_PER_SECOND) return undefined
    let offsetSeconds = offsetMinutes * 60
    if (version === 2) offsetSeconds += view.getInt8(15)
    // Go's UnmarshalBinary tests the summed offset, so version 2 can also mean UTC.
    const zone = offsetSeconds === UTC_OFFSET_MINUTES * 60 ? null : offsetSeconds
    return new GoTime(seconds - SECONDS_TO_UNIX_EPOCH, nanoseconds, zone)
  }

  /** Encodes the instant as Go's `Time.MarshalBinary` does, so Go's GobDecode accepts it. */
  toBinary(): Uint8Array {
    const offset = this.offsetSeconds
    const hasOffsetSeconds = offset !== null && offset % 60 !== 0
    const bytes = new Uint8Array(hasOffsetSeconds ? 16 : 15)
    const view = new DataView(bytes.buffer)
    bytes[0] = hasOffsetSeconds ? 2 : 1
    view.setBigInt64(1, BigInt.asIntN(64, this.unixSeconds + SECONDS_TO_UNIX_EPOCH), false)
    view.setInt32(9, this.nanoseconds, false)
    view.setInt16(13, offset === null ? UTC_OFFSET_MINUTES : Math.trunc(offset / 60), false)
    if (hasOffsetSeconds) view.setInt8(15, offset % 60)
    return bytes
  }

  /** Reports whether a Date shows this instant, to the millisecond. */
  matchesDate(date: Date): boolean {
    return date.getTime() === this.#milliseconds()
  }

  /**
   * Converts to a Date, dropping the sub-millisecond part and the zone. Returns undefined
   * when the instant lies outside the Date range of ±8.64e15 ms.
   */
  toDate(): Date | undefined {
    const milliseconds = this.#milliseconds()
    return Math.abs(milliseconds) <= MAX_DATE_MS ? new Date(milliseconds) : undefined
  }

  /**
   * Formats the instant in RFC 3339 with nanoseconds and the zone offset, like Go's
   * `time.RFC3339Nano` layout: trailing zeros of the fraction are dropped and UTC is `Z`.
   * An offset with seconds, which only historical zones have, adds `:SS` where Go drops it.
   */
  toISOString(): string {
    const offset = this.offsetSeconds ?? 0
    const localSeconds = this.unixSeconds + BigInt(offset)
    const days = floorDivide(localSeconds, 86_400n)
    const secondOfDay = Number(localSeconds - days * 86_400n)
    const { year, month, day } = civilFromDays(Number(days))
    const clock = [
      Math.floor(secondOfDay / 3600),
      Math.floor((secondOfDay % 3600) / 60),
      secondOfDay % 60,
    ]
    const date = `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}`
    const time = clock.map((part) => pad(part, 2)).join(':')
    const fraction = this.nanoseconds === 0 ? '' : `.${pad(this.nanoseconds, 9).replace(/0+$/, '')}`
    return `${date}T${time}${fraction}${formatOffset(this.offsetSeconds)}`
  }

  #milliseconds(): number {
    return Number(this.unixSeconds) * 1000 + Math.floor(this.nanoseconds / NANOS_PER_MILLI)
  }
}

/** Offsets Go's binary format can carry: whole seconds within the int16 minute field. */
function isValidOffset(offsetSeconds: number): boolean {
  return Number.isInteger(offsetSeconds) && Math.abs(offsetSeconds) < 32_768 * 60
}

function floorDivide(dividend: bigint, divisor: bigint): bigint {
  const quotient = dividend / divisor
  return dividend % divisor < 0n ? quotient - 1n : quotient
}

/** Converts days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm). */
function civilFromDays(daysSinceEpoch: number): { year: number; month: number; day: number } {
  const shifted = daysSinceEpoch + 719_468
  const era = Math.floor(shifted / 146_097)
  const dayOfEra = shifted - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return { year, month, day }
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

function formatYear(year: number): string {
  return year < 0 ? `-${pad(-year, 4)}` : pad(year, 4)
}

function formatOffset(offsetSeconds: number | null): string {
  // Go's RFC 3339 layout writes Z for a zero offset, whether or not the zone is UTC.
  if (offsetSeconds === null || offsetSeconds === 0) return 'Z'
  const sign = offsetSeconds < 0 ? '-' : '+'
  const magnitude = Math.abs(offsetSeconds)
  const hours = pad(Math.floor(magnitude / 3600), 2)
  const minutes = pad(Math.floor((magnitude % 3600) / 60), 2)
  const seconds = magnitude % 60
  return `${sign}${hours}:${minutes}${seconds === 0 ? '' : `:${pad(seconds, 2)}`}`
}
