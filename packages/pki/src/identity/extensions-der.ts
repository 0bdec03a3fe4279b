import { concat, der } from '../lib/der.js'
import { mailboxOfInput } from '../certificate/email.js'
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
 * SmtpUTF8Mailbox for internationalized ones (RFC 9598 §3: domain as lower-case U-labels).
 */
export function subjectAltNameValue(emails: readonly string[]): Uint8Array {
  return der.seq(
    ...emails.map((email) => {
      const mailbox = mailboxOfInput(email)
      if (/^[\x21-\x7e]+$/.test(mailbox.localPart))
        return der.ctx(1, false, new TextEncoder().encode(mailbox.address))
      return der.ctx(
        0,
        true,
        concat([
          der.oid(SMTP_UTF8_MAILBOX),
          der.ctx(0, true, der.utf8(`${mailbox.localPart}@${mailbox.unicodeDomain}`)),
        ]),
      )
    }),
  )
}
