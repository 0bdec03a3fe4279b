import type { Certificate } from '../certificate/certificate.js'
import { latin1 } from '../lib/character-string.js'
import type { RawGeneralName } from '../trust/extensions.js'
import type { ConstraintHit } from '../trust/name-constraints.js'
import { certificateMailboxes, type CarriedMailbox } from './certificate-mailboxes.js'
import { domainForms, hasNonAscii } from './domain.js'
import { tryParseMailbox, type Mailbox } from './parse-mailbox.js'

const RFC822_NAME = 1

/**
 * Whether a mailbox lies within one rfc822Name constraint (RFC 5280 §4.2.1.10): a constraint
 * with `@` is one mailbox; one starting with a dot is every host below that domain (not the
 * domain itself); otherwise it is that host only (not its subdomains). Domains compare as
 * lower-case A-labels, which is how RFC 9598 §6 applies rfc822Name constraints to
 * SmtpUTF8Mailbox; local parts compare exactly. An empty constraint is the whole name space
 * (as Go's crypto/x509 reads it).
 *
 * @returns `undefined` if the constraint cannot be read (non-ASCII, an invalid domain): the
 *   caller must then treat every address as violating it, permitted or excluded
 */
export function mailboxWithin(mailbox: Mailbox, constraint: Uint8Array): boolean | undefined {
  const text = latin1(constraint)
  // RFC 5280 §4.2.1.10: the constraint is an IA5String, so ASCII only.
  if (hasNonAscii(text)) return undefined
  if (text === '') return true
  if (text.includes('@')) {
    const wanted = tryParseMailbox(text)
    if (!wanted) return undefined
    return wanted.domain === mailbox.domain && wanted.localPart === mailbox.localPart
  }
  const subdomains = text.startsWith('.')
  const domain = domainForms(subdomains ? text.slice(1) : text)
  if (!domain.ok) return undefined
  return subdomains ? mailbox.domain.endsWith('.' + domain.ascii) : mailbox.domain === domain.ascii
}

// `type` is the carrier: rfc822Name, SmtpUTF8Mailbox or emailAddress.
function hitOf(entry: CarriedMailbox, rule: ConstraintHit['rule']): ConstraintHit {
  return { type: entry.carrier, name: entry.text, rule }
}

/**
 * Checks every e-mail address of a certificate (SAN rfc822Name, SAN SmtpUTF8Mailbox and the
 * subject's emailAddress attributes) against a CA's rfc822Name constraints. RFC 9598 §6 puts
 * SmtpUTF8Mailbox under rfc822Name constraints; RFC 5280 §4.2.1.10 does so for emailAddress
 * when the certificate has no SAN, and this checks it always, as OpenSSL does: an address a
 * reader may see must not escape the constraint by moving to another field. An address that
 * cannot be parsed violates any rfc822Name constraint, since it cannot be shown to comply.
 *
 * @returns the first offending address, or `undefined`
 */
export function checkMailboxConstraints(
  cert: Certificate,
  permitted: readonly RawGeneralName[] | undefined,
  excluded: readonly RawGeneralName[],
): ConstraintHit | undefined {
  const allowed = permitted?.filter((s) => s.tag === RFC822_NAME) ?? []
  const banned = excluded.filter((s) => s.tag === RFC822_NAME)
  if (allowed.length === 0 && banned.length === 0) return undefined
  for (const entry of certificateMailboxes(cert)) {
    const mailbox = entry.mailbox
    if (!mailbox) return hitOf(entry, banned.length > 0 ? 'excluded' : 'permitted')
    // Excluded wins over permitted; an unreadable excluded constraint excludes everything.
    if (banned.some((s) => mailboxWithin(mailbox, s.value) !== false))
      return hitOf(entry, 'excluded')
    if (allowed.length > 0 && !allowed.some((s) => mailboxWithin(mailbox, s.value) === true))
      return hitOf(entry, 'permitted')
  }
  return undefined
}
