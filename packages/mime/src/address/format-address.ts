import { MimeError } from '../errors.js'
import { encodeWords } from '../header/encoded-word.js'

/** A mailbox: an address with an optional display name. */
export interface Mailbox {
  /** Display name, any Unicode text. */
  name?: string
  /** `local@domain`. */
  address: string
  /** Set by `parseAddressList` for members of an RFC 5322 group: the group's display name. */
  group?: string
}

// RFC 5322 §3.2.3 atext, plus space between words: such a phrase needs no quoting.
const PLAIN_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/
const ADDR_SPEC = /^[^\s<>()",;:\\@[\]]+@[^\s<>()",;:\\@[\]]+$/

/**
 * Formats a mailbox for an address header: `Name <local@domain>`, quoting or RFC 2047-encoding
 * the display name as needed.
 *
 * Reachable from `@siegel/mime`.
 * @param mailbox - a mailbox, or a bare address string
 * @returns the header text for one mailbox
 * @throws MimeError `ERR_MIME_INVALID_SPEC` if the address is not `local@domain`
 * @example
 * ```ts
 * formatAddress({ name: 'Jörg Müller', address: 'joerg@example.de' }) // '=?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>'
 * ```
 */
export function formatAddress(mailbox: Mailbox | string): string {
  const { name, address } =
    typeof mailbox === 'string' ? { name: undefined, address: mailbox } : mailbox
  if (typeof address !== 'string' || !ADDR_SPEC.test(address)) {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      `expected an address of the form local@domain, got "${String(address)}"`,
    )
  }
  if (name === undefined || name === '') return address
  if (PLAIN_PHRASE.test(name)) return `${name} <${address}>`
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`
  return `${encodeWords(name)} <${address}>`
}
