// The Header Confidentiality Policies of RFC 9788 §3.2: for each header field of a message that
// is encrypted, the value the outer (unencrypted) header section shows, or null to leave the
// field out there. The protected copy inside the encryption always keeps the original value.
import { parseDate, readAddressList } from '@siegel/mime'
import { SmimeError } from '../errors.js'

/**
 * A Header Confidentiality Policy (RFC 9788 §3.2), by its registered name:
 * - `'hcp_baseline'` (default): the Subject shows as `[...]`, Keywords and Comments are left
 *   out; everything else (From, To, Cc, Date, Message-ID, ...) shows as it is, so the message
 *   is delivered and threaded as before.
 * - `'hcp_shy'`: as `hcp_baseline`, and the outer From, To and Cc show addresses without
 *   display names, the outer Date shows the same instant in UTC (hiding the sender's time zone).
 * - `'hcp_no_confidentiality'`: nothing is obscured; the headers are still signed and their
 *   protected copies travel encrypted.
 *
 * Reachable from `@siegel/core`.
 */
export type HeaderConfidentialityPolicy = 'hcp_baseline' | 'hcp_shy' | 'hcp_no_confidentiality'

/** The policies, for checking an option at the public edge. */
export const HEADER_CONFIDENTIALITY_POLICIES: readonly HeaderConfidentialityPolicy[] = [
  'hcp_baseline',
  'hcp_shy',
  'hcp_no_confidentiality',
]

/** RFC 9788 §3.2.2: the well-known obscured Subject. */
export const OBSCURED_SUBJECT = '[...]'

/**
 * RFC 9788 §1.1.2: header fields a mail reader shows to its user. An obscured one of these is
 * what a Legacy Display Element repeats in the body (§2.1.2).
 */
const USER_FACING = new Set(['subject', 'from', 'to', 'cc', 'date', 'reply-to', 'followup-to'])

/** True for a header field a mail reader typically shows (RFC 9788 §1.1.2). */
export function isUserFacing(name: string): boolean {
  return USER_FACING.has(name.toLowerCase())
}

/** Throws `ERR_SMIME_INVALID_INPUT` unless `policy` names one of the policies. */
export function checkPolicy(policy: unknown): HeaderConfidentialityPolicy {
  if (HEADER_CONFIDENTIALITY_POLICIES.includes(policy as HeaderConfidentialityPolicy))
    return policy as HeaderConfidentialityPolicy
  throw new SmimeError(
    'ERR_SMIME_INVALID_INPUT',
    `expected headerProtection.policy ${HEADER_CONFIDENTIALITY_POLICIES.join(', ')}, got ${String(policy)}`,
  )
}

/**
 * The value the outer header section of an encrypted message shows for one header field under
 * `policy`, or null when the field is left out there (RFC 9788 §3.2). `value` is the unfolded
 * value as written (encoded words undecoded). A policy never changes an address, only what is
 * written around it (§3.1.1), and leaves a value it cannot read as it is.
 */
export function obscuredValue(
  policy: HeaderConfidentialityPolicy,
  name: string,
  value: string,
): string | null {
  if (policy === 'hcp_no_confidentiality') return value
  const field = name.toLowerCase()
  // hcp_baseline (§3.2.2): the Subject is the field most likely to say what the mail is about;
  // Keywords and Comments say the same and no transport needs them.
  if (field === 'subject') return OBSCURED_SUBJECT
  if (field === 'keywords' || field === 'comments') return null
  if (policy === 'hcp_baseline') return value
  // hcp_shy (§3.2.3) also hides who the people are by name and where the sender is.
  if (field === 'from' || field === 'to' || field === 'cc') return withoutDisplayNames(value)
  if (field === 'date') return inUtc(value)
  return value
}

/** The addresses alone, as `<local@domain>`; the value itself where it is not plain mailboxes. */
function withoutDisplayNames(value: string): string {
  const { mailboxes, problems } = readAddressList(value)
  // A group (`undisclosed-recipients:;`) or an unreadable item is kept as written: rewriting
  // it on a guess could change where the message goes.
  if (mailboxes.length === 0 || problems.length > 0 || mailboxes.some((m) => m.group !== undefined))
    return value
  // Nothing to take away: kept as written, so the field is not counted as obscured.
  if (mailboxes.every((m) => m.name === undefined || m.name === '')) return value
  return mailboxes.map((m) => `<${m.address}>`).join(', ')
}

/** The same instant as an RFC 5322 §3.3 date-time in UTC (`+0000`); unreadable dates unchanged. */
function inUtc(value: string): string {
  const date = parseDate(value)
  // Already in UTC: kept as written, so the field is not counted as obscured.
  if (date === undefined || /(?:[+-]0000|\bGMT|\bUT|\bZ)\s*$/.test(value)) return value
  // toUTCString is RFC 7231's IMF-fixdate, which is an RFC 5322 date-time once GMT is written
  // as the numeric zone RFC 5322 §3.3 prefers.
  return date.toUTCString().replace(/GMT$/, '+0000')
}
