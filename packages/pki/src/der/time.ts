import { PkiError } from '../errors.js'
import type { DerReader, Tlv } from './reader.js'
import { tlv } from './writer.js'

// RFC 5280 §4.1.2.5.1: UTCTime is YYMMDDHHMMSSZ (seconds present, always Zulu).
const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/
// RFC 5280 §4.1.2.5.2: GeneralizedTime is YYYYMMDDHHMMSSZ. Fractional seconds are outside the
// profile but were accepted before, so they are kept, to the millisecond.
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?Z$/
// The longest form above, so that no oversized value is turned into a string.
const MAX_TIME_BYTES = 25

/**
 * A UTCTime (tag 0x17) or GeneralizedTime (0x18) in the RFC 5280 §4.1.2.5 form as a Date, or
 * `undefined` for any other tag or form. Dates that do not exist (month 13, 31 April, hour 24)
 * give `undefined` rather than roll over.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param tag - the identifier octet
 * @param content - the content octets
 * @returns the time, or `undefined`
 * @example
 * ```ts
 * decodeTime(0x17, new TextEncoder().encode('491231235959Z')) // 2049-12-31T23:59:59Z
 * ```
 */
export function decodeTime(tag: number, content: Uint8Array): Date | undefined {
  const utc = tag === 0x17
  if ((!utc && tag !== 0x18) || content.length > MAX_TIME_BYTES) return undefined
  const match = (utc ? UTC_TIME : GENERALIZED_TIME).exec(String.fromCharCode(...content))
  if (!match) return undefined
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
  const exists =
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  return exists ? date : undefined
}

/**
 * A UTCTime or GeneralizedTime TLV read by `reader` as a Date (RFC 5280 §4.1.2.5).
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param reader - the reader whose error to throw
 * @param value - the TLV
 * @param name - the field, for messages
 * @returns the time
 * @throws DerError with the reader's code for another type, form or a date that does not exist
 * @example
 * ```ts
 * const notBefore = readTime(reader, validity[0], 'notBefore')
 * ```
 */
export function readTime(reader: DerReader, value: Tlv | undefined, name: string): Date {
  if (!value || value.cls !== 0 || value.constructed || (value.tag !== 0x17 && value.tag !== 0x18))
    return reader.fail(`expected ${name} (UTCTime or GeneralizedTime)`, value?.node.start)
  const date = decodeTime(value.tag, value.content)
  if (!date) return reader.fail(`${name} is not an RFC 5280 time`, value.node.start)
  return date
}

/**
 * A time as DER (RFC 5280 §4.1.2.5, RFC 5652 §11.3): UTCTime for 1950 to 2049, else
 * GeneralizedTime; whole seconds, UTC.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param date - the time; milliseconds are dropped
 * @returns the TLV
 * @throws PkiError `ERR_PKI_INVALID_INPUT` for an invalid date or a year outside 0 to 9999
 * @example
 * ```ts
 * encodeTime(new Date('2050-01-01T00:00:00Z')) // GeneralizedTime 20500101000000Z
 * ```
 */
export function encodeTime(date: Date): Uint8Array {
  const year = date.getUTCFullYear()
  // Both forms have four year digits at most (X.680 §46.3).
  if (!(year >= 0 && year <= 9999))
    throw new PkiError(
      'ERR_PKI_INVALID_INPUT',
      `expected a date in the years 0 to 9999, got ${date}`,
    )
  const iso = new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString()
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '')
  const utc = year >= 1950 && year < 2050
  return tlv(utc ? 0x17 : 0x18, new TextEncoder().encode((utc ? digits.slice(2) : digits) + 'Z'))
}
