import { PkiError } from '../errors.js'
import {
  sameLocalPart,
  tryParseMailbox,
  type Mailbox,
  type MailboxMatchOptions,
} from './parse-mailbox.js'

/**
 * True if two e-mail addresses name the same mailbox: the domains are equal as lower-case
 * A-labels (so `bücher.example` equals `XN--BCHER-KVA.example`), and the local parts are
 * equal code point for code point (or, with `localPart: 'ascii-case-insensitive'`, up to
 * ASCII case). Nothing else is folded: `ＣＥＯ@example.org`, `ceo@еxample.org` (Cyrillic `е`)
 * and `ceo@example.org` are three different mailboxes.
 *
 * An address that {@link parseMailbox} refuses equals nothing, not even itself.
 *
 * Reachable from `@siegel/pki`.
 * @param a - an address, or a parsed mailbox
 * @param b - another
 * @param options - how local parts compare. Default: exactly
 * @returns whether they are the same mailbox
 * @throws PkiError `ERR_PKI_INVALID_INPUT` if an argument is neither a string nor a mailbox
 * @example
 * ```ts
 * mailboxesEqual('CEO@Example.ORG', 'CEO@example.org') // true
 * mailboxesEqual('CEO@example.org', 'ceo@example.org') // false
 * mailboxesEqual('CEO@example.org', 'ceo@example.org', { localPart: 'ascii-case-insensitive' }) // true
 * ```
 */
export function mailboxesEqual(
  a: string | Mailbox,
  b: string | Mailbox,
  options?: MailboxMatchOptions,
): boolean {
  const x = asMailbox(a)
  const y = asMailbox(b)
  if (!x || !y) return false
  return x.domain === y.domain && sameLocalPart(x.localPart, y.localPart, options)
}

function asMailbox(value: string | Mailbox): Mailbox | undefined {
  if (typeof value === 'string') return tryParseMailbox(value)
  if (typeof value?.localPart === 'string' && typeof value.domain === 'string') return value
  throw new PkiError('ERR_PKI_INVALID_INPUT', 'expected an e-mail address or a Mailbox')
}
