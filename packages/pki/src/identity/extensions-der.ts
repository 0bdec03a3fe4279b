import { PkiError } from '../errors.js'
import { concat, der } from '../lib/der.js'
import { normalizeEmailAddress } from '../certificate/email.js'
import { SMTP_UTF8_MAILBOX } from '../certificate/general-names.js'
import { KEY_USAGES, type KeyUsage } from '../certificate/extensions.js'

export function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return der.seq(der.oid(oid), ...(critical ? [der.bool(true)] : []), der.octets(value))
}

/** KeyUsage BIT STRING in DER: trailing zero bits removed (X.690 §11.2.2). */
export function keyUsageValue(usages: readonly KeyUsage[]): Uint8Array {
  let bits = 0
  for (const usage of usages) bits |= 1 << (15 - KEY_USAGES.indexOf(usage))
  const bytes = bits & 0xff ? [bits >> 8, bits & 0xff] : [bits >> 8]
  const last = bytes[bytes.length - 1]!
  const unused = last === 0 ? 0 : Math.min(7, Math.log2(last & -last))
  return der.bits(Uint8Array.from(bytes), unused)
}

/**
 * SubjectAltName with the addresses: rfc822Name for ASCII local parts (domain as A-labels),
 * SmtpUTF8Mailbox for internationalized ones (RFC 8398 §3).
 */
export function subjectAltNameValue(emails: readonly string[]): Uint8Array {
  return der.seq(
    ...emails.map((email) => {
      const normalized = normalizeEmailAddress(email)
      const local = normalized.slice(0, normalized.lastIndexOf('@'))
      if (/^[\x21-\x7e]+$/.test(local))
        return der.ctx(1, false, new TextEncoder().encode(normalized))
      if (email.includes('\0'))
        throw new PkiError('ERR_PKI_INVALID_OPTION', 'e-mail addresses cannot hold NUL')
      return der.ctx(
        0,
        true,
        concat([der.oid(SMTP_UTF8_MAILBOX), der.ctx(0, true, der.utf8(email))]),
      )
    }),
  )
}
