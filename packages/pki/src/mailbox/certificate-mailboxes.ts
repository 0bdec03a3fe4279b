import type { Certificate } from '../certificate/certificate.js'
import { SMTP_UTF8_MAILBOX } from '../certificate/general-names.js'
import { hasNonAscii } from './domain.js'
import { tryParseMailbox, type Mailbox } from './parse-mailbox.js'

const EMAIL_ADDRESS = '1.2.840.113549.1.9.1'

/** Where in a certificate an e-mail address was found. */
export type MailboxCarrier = 'rfc822Name' | 'SmtpUTF8Mailbox' | 'emailAddress'

/** One address a certificate carries, parsed if it is usable. */
export interface CarriedMailbox {
  carrier: MailboxCarrier
  /** The address as the certificate spells it (a description for SmtpUTF8Mailbox of another type). */
  text: string
  /** `undefined` if the address is not usable: it is then bound to no sender. */
  mailbox: Mailbox | undefined
}

function carried(carrier: MailboxCarrier, text: string, ascii: boolean): CarriedMailbox {
  // RFC 5280 §4.2.1.6 and RFC 9598 §3: an rfc822Name is an IA5String; non-ASCII in one is
  // not an internationalized address but a malformed one.
  const usable = !ascii || !hasNonAscii(text)
  return { carrier, text, mailbox: usable ? tryParseMailbox(text) : undefined }
}

/**
 * Every e-mail address of a certificate, from all three carriers: subjectAltName rfc822Name
 * and SmtpUTF8Mailbox (RFC 8550 §3, RFC 9598 §3) in SAN order, then the legacy emailAddress
 * attributes of the subject (RFC 5280 §4.1.2.6). An otherName with the SmtpUTF8Mailbox OID
 * but not a UTF8String is listed as unusable, so that name constraints still see it.
 */
export function certificateMailboxes(cert: Certificate): CarriedMailbox[] {
  const out: CarriedMailbox[] = []
  for (const name of cert.subjectAltNames) {
    if (name.type === 'email') out.push(carried('rfc822Name', name.value, true))
    else if (name.type === 'smtpUtf8Mailbox')
      out.push(carried('SmtpUTF8Mailbox', name.value, false))
    else if (name.type === 'otherName' && name.oid === SMTP_UTF8_MAILBOX)
      out.push({ carrier: 'SmtpUTF8Mailbox', text: '(not a UTF8String)', mailbox: undefined })
  }
  for (const attribute of cert.subjectAttributes)
    if (attribute.oid === EMAIL_ADDRESS) out.push(carried('emailAddress', attribute.value, false))
  return out
}
