import { PkiError } from '../errors.js'
import { parseMailbox, type Mailbox } from '../mailbox/parse-mailbox.js'

/**
 * An e-mail address in the form Siegel compares and files it: the local part exactly as
 * given (RFC 5321 §2.4 and RFC 9598 §5: it is case-sensitive), the domain in lower-case
 * A-labels (IDNA), so that an rfc822Name `alice@xn--bcher-kva.example` and an
 * SmtpUTF8Mailbox `alice@bücher.example` compare equal. This is `parseMailbox(address).address`
 * with the error code this function has always thrown.
 *
 * Reachable from `@siegel/pki`.
 * @param address - an address such as `Alice@Example.ORG`
 * @returns the normalized address, e.g. `Alice@example.org`
 * @throws PkiError `ERR_PKI_INVALID_INPUT` for text that `parseMailbox` refuses (the
 *   `ERR_PKI_INVALID_MAILBOX` error is its `cause`)
 * @example
 * ```ts
 * normalizeEmailAddress('alice@BÜCHER.example') // 'alice@xn--bcher-kva.example'
 * ```
 */
export function normalizeEmailAddress(address: string): string {
  return mailboxOfInput(address).address
}

/** `parseMailbox` with `ERR_PKI_INVALID_INPUT`, for the functions that have always thrown it. */
export function mailboxOfInput(address: string): Mailbox {
  try {
    return parseMailbox(address)
  } catch (cause) {
    if (!(cause instanceof PkiError) || cause.code === 'ERR_PKI_INVALID_INPUT') throw cause
    throw new PkiError('ERR_PKI_INVALID_INPUT', cause.message, { cause })
  }
}
