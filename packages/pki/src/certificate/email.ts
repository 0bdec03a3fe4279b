import { PkiError } from '../errors.js'

/**
 * An e-mail address in the form Siegel compares and stores it: the local part exactly as
 * given (RFC 5280 §4.2.1.6 and RFC 9598 §6: it is case-sensitive), the domain in lower-case
 * A-labels (IDNA), so that an rfc822Name `alice@xn--bcher-kva.example` and an
 * SmtpUTF8Mailbox `alice@bücher.example` compare equal.
 *
 * Reachable from `@siegel/pki`.
 * @param address - an address such as `Alice@Example.ORG`
 * @returns the normalized address, e.g. `Alice@example.org`
 * @throws PkiError `ERR_PKI_INVALID_INPUT` for text without `@` or with an invalid domain
 * @example
 * ```ts
 * normalizeEmailAddress('alice@BÜCHER.example') // 'alice@xn--bcher-kva.example'
 * ```
 */
export function normalizeEmailAddress(address: string): string {
  if (typeof address !== 'string')
    throw new PkiError('ERR_PKI_INVALID_INPUT', 'expected an e-mail address as a string')
  const at = address.lastIndexOf('@')
  if (at < 1 || at === address.length - 1)
    throw new PkiError('ERR_PKI_INVALID_INPUT', `expected local-part@domain, got "${address}"`)
  const domain = address.slice(at + 1).replace(/\.$/, '')
  return `${address.slice(0, at)}@${toALabels(domain)}`
}

function toALabels(domain: string): string {
  // ASCII domains need only lower-casing; the WHATWG URL parser does UTS #46 for the rest,
  // in every runtime, without a dependency.
  if (/^[\x21-\x7e]+$/.test(domain)) return domain.toLowerCase()
  let host: string
  try {
    host = new URL(`http://${domain}/`).hostname
  } catch (cause) {
    throw new PkiError('ERR_PKI_INVALID_INPUT', `"${domain}" is not a valid domain`, { cause })
  }
  return host
}
