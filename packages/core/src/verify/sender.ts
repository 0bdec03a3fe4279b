import { readAddressList, type MimePart } from '@siegel/mime'
import {
  parseMailbox,
  PkiError,
  type Certificate,
  type Mailbox,
  type MailboxMatchOptions,
} from '@siegel/pki'
import type { SenderBinding } from './types.js'

/**
 * Every address the message claims to come from: each From address, and the Sender where
 * present. RFC 8550 §3 asks for the From or the Sender; a reader is shown the From, so a
 * signature by the Sender alone does not make the From author signed ("Johnny, You Are Fired",
 * ID attacks).
 */
export function claimedSenders(message: MimePart): string[] {
  const fields = message.headers.filter((h) => /^(from|sender)$/i.test(h.name)).map((h) => h.value)
  const claimed: string[] = []
  const { mailboxes, problems } = readAddressList(fields.join(', '))
  // An item that looks like an address but is none (`<manager@bigcorpora tion.de>`, `Big Bug
  // bb@bug.com`) is shown by lenient readers as an address: it is claimed as written, so that
  // it binds no certificate, never dropped so that the other addresses alone decide.
  for (const problem of problems) claimed.push(problem.text)
  for (const mailbox of mailboxes) {
    claimed.push(comparisonForm(mailbox.address))
    // A display name that is itself an address ("boss@example.org <eve@example.org>") is what
    // many readers show: it is claimed too, so it must be bound as well.
    for (const match of mailbox.name?.matchAll(ADDRESS_IN_TEXT) ?? [])
      claimed.push(comparisonForm(match[0]))
  }
  return [...new Set(claimed)]
}

// The fullwidth and small at signs and full stops count too: a reader sees an address either
// way, and such a claim, which is no usable mailbox, is bound to no certificate.
const ADDRESS_IN_TEXT = /[^\s<>()",;:@＠﹫]+[@＠﹫][^\s<>()",;:@＠﹫]+[.．。｡][^\s<>()",;:@＠﹫]+/gu

/**
 * An address in the form `parseMailbox` gives (local part as written, domain in lower-case
 * A-labels), or as written if it is no usable address: then it binds to no certificate.
 */
export function comparisonForm(address: string): string {
  return usableMailbox(address)?.address ?? address
}

function usableMailbox(address: string): Mailbox | undefined {
  try {
    return parseMailbox(address)
  } catch (error) {
    if (error instanceof PkiError) return undefined
    throw error
  }
}

/**
 * Whether `certificate` binds every claimed address. RFC 8550 §3: the certificate must bind
 * the sender's address. The one rule for comparing addresses is `mailboxesEqual` of
 * @siegel/pki, which name constraints and the address book use as well, so an address a
 * constrained CA could not issue can never be bound here.
 */
export function senderBinding(
  claimed: string[],
  certificate: Certificate | undefined,
  options: MailboxMatchOptions | undefined,
): SenderBinding {
  const certificateAddresses = [...(certificate?.emailAddresses ?? [])]
  return {
    matches:
      claimed.length > 0 &&
      certificate !== undefined &&
      claimed.every((a) => certificateBinds(certificate, a, options)),
    claimed,
    certificateAddresses,
  }
}

/**
 * True if `certificate` binds `address` by the rules of `mailboxesEqual` (via
 * `Certificate.hasEmailAddress`, which reads all three carriers of an address); false for an
 * address that is not a usable mailbox.
 */
export function certificateBinds(
  certificate: Certificate,
  address: string,
  options?: MailboxMatchOptions,
): boolean {
  const mailbox = usableMailbox(address)
  return mailbox !== undefined && certificate.hasEmailAddress(mailbox.address, options)
}
