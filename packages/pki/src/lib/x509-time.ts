import type { DerReader, Tlv } from './der.js'

// RFC 5280 §4.1.2.5.1: UTCTime is YYMMDDHHMMSSZ (seconds present, always Zulu).
const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/
// RFC 5280 §4.1.2.5.2: GeneralizedTime is YYYYMMDDHHMMSSZ. Fractional seconds are outside the
// profile but were accepted before, so they are kept, to the millisecond.
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?Z$/
// The longest form above, so that no oversized value is turned into a string.
const MAX_TIME_BYTES = 25

/**
 * A UTCTime or GeneralizedTime (RFC 5280 §4.1.2.5) as a Date. Dates that do not exist
 * (month 13, 31 April, hour 24) fail rather than roll over.
 */
export function readTime(reader: DerReader, tlv: Tlv | undefined, name: string): Date {
  const utc = tlv?.tag === 0x17
  if (
    !tlv ||
    tlv.cls !== 0 ||
    tlv.constructed ||
    (!utc && tlv.tag !== 0x18) ||
    tlv.content.length > MAX_TIME_BYTES
  )
    return reader.fail(`expected ${name} (UTCTime or GeneralizedTime)`)
  const match = (utc ? UTC_TIME : GENERALIZED_TIME).exec(String.fromCharCode(...tlv.content))
  if (!match) return reader.fail(`${name} is not in the RFC 5280 form`)
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  // RFC 5280 §4.1.2.5.1: two-digit years 50-99 are 19YY, 00-49 are 20YY.
  const fullYear = utc ? year + (year >= 50 ? 1900 : 2000) : year
  const millisecond = match[7] ? Math.floor(Number(`0.${match[7]}`) * 1000) : 0
  const date = new Date(0)
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(fullYear, month - 1, day)
  date.setUTCHours(hour, minute, second, millisecond)
  if (
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return reader.fail(`${name} is not a calendar date and time`)
  return date
}
