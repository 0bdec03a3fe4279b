// RFC 5322 §4.3 obsolete zones, plus the military single letters (which §4.3 says to read as
// -0000 because their sign was commonly inverted; we follow it).
const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
}
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
// Real Date headers are short; this bounds the regular expressions' work on junk.
const MAX_DATE_LENGTH = 256

/**
 * Parses a Date header value (RFC 5322 §3.3) and the common obsolete forms of §4.3: no day
 * name, two- or three-digit years, no seconds, named zones (`GMT`, `EST`, ...), a missing
 * zone (read as UTC), comments and trailing junk such as `(PST)`, and ISO-like `2024-01-31
 * 12:00:00`.
 *
 * Reachable from `@siegel/mime`.
 * @param value - the header value
 * @returns the instant, or `undefined` when no date can be read (never an Invalid Date)
 * @example
 * ```ts
 * parseDate('Fri, 21 Nov 1997 09:55:06 -0600')?.toISOString() // '1997-11-21T15:55:06.000Z'
 * ```
 */
export function parseDate(value: string): Date | undefined {
  if (typeof value !== 'string' || value.length > MAX_DATE_LENGTH) return undefined
  const text = value
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const rfc =
    /^(?:[A-Za-z]{2,9},? ?)?(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{2,4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([+-]\d{4}|[A-Za-z]{1,5}))?/.exec(
      text,
    )
  if (rfc) {
    const month = MONTHS.indexOf(rfc[2]!.toLowerCase())
    if (month < 0) return undefined
    return build(yearOf(rfc[3]!), month, rfc[1]!, rfc[4]!, rfc[5]!, rfc[6], rfc[7])
  }
  // asctime form, as some gateways write it: "Tue May 10 11:28:07 2005".
  const asc =
    /^[A-Za-z]{3} ([A-Za-z]{3}) +(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))? (\d{4})(?: ([+-]\d{4}|[A-Za-z]{1,5}))?/.exec(
      text,
    )
  if (asc) {
    const month = MONTHS.indexOf(asc[1]!.toLowerCase())
    if (month < 0) return undefined
    return build(Number(asc[6]), month, asc[2]!, asc[3]!, asc[4]!, asc[5], asc[7])
  }
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)? ?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text,
    )
  if (iso) {
    const zone = iso[7]?.replace(':', '')
    return build(Number(iso[1]), Number(iso[2]) - 1, iso[3]!, iso[4]!, iso[5]!, iso[6], zone)
  }
  return undefined
}

/** RFC 5322 §4.3: two-digit years below 50 are 20xx, others 19xx; three digits add 1900. */
function yearOf(text: string): number {
  const year = Number(text)
  if (text.length === 2) return year < 50 ? 2000 + year : 1900 + year
  if (text.length === 3) return 1900 + year
  return year
}

function build(
  year: number,
  month: number,
  day: string,
  hour: string,
  minute: string,
  second: string | undefined,
  zone: string | undefined,
): Date | undefined {
  const h = Number(hour)
  const m = Number(minute)
  const s = second === undefined ? 0 : Number(second)
  const d = Number(day)
  // Leap seconds (60) are allowed by RFC 5322 §3.3 and roll over into the next minute.
  if (d < 1 || d > 31 || h > 23 || m > 59 || s > 60) return undefined
  const utc = Date.UTC(year, month, d, h, m, s)
  const check = new Date(Date.UTC(year, month, d))
  if (check.getUTCMonth() !== month) return undefined
  const date = new Date(utc - offsetMinutes(zone) * 60_000)
  return Number.isNaN(date.getTime()) ? undefined : date
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return 0
  const numeric = /^([+-])(\d{2})(\d{2})$/.exec(zone)
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3])
    return numeric[1] === '-' ? -minutes : minutes
  }
  return ZONES[zone.toUpperCase()] ?? 0
}
