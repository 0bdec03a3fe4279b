import { PkiError } from '../errors.js'
import { domainForms, hasNonAscii } from './domain.js'

/**
 * An e-mail address (RFC 5321 §4.1.2 Mailbox, RFC 6531 §3.3 for internationalized ones) taken
 * apart into the forms Siegel compares.
 *
 * Reachable from `@siegel/pki`.
 */
export interface Mailbox {
  /** The local part exactly as written: it is case-sensitive (RFC 5321 §2.4). */
  readonly localPart: string
  /** The domain in lower-case A-labels (`xn--bcher-kva.example`), as RFC 5280 §7.5 compares. */
  readonly domain: string
  /** The domain in U-labels (`bücher.example`), for display (RFC 9598 §5). */
  readonly unicodeDomain: string
  /** `localPart@domain`: the form two mailboxes are compared and filed in. */
  readonly address: string
}

/**
 * How local parts compare; domains always compare case-insensitively as A-labels.
 *
 * Reachable from `@siegel/pki`.
 */
export interface MailboxMatchOptions {
  /**
   * `'exact'` (default): code point for code point, as RFC 5321 §2.4 and RFC 9598 §5 require
   * of anything but the receiving host. `'ascii-case-insensitive'`: ASCII letters `A`–`Z`
   * equal `a`–`z`, as most mail hosts treat local parts (RFC 5321 §2.4 allows a host to);
   * no other character folds, so `ＣＥＯ` never equals `ceo`.
   */
  localPart?: 'exact' | 'ascii-case-insensitive'
}

// RFC 5321 §4.5.3.1: a local part is at most 64 octets, a domain at most 255; together with
// the `@` and some slack for an unnormalized domain nothing longer is an address.
const MAX_LOCAL_PART_BYTES = 64
const MAX_ADDRESS_CHARS = 320
// RFC 5322 §3.2.3 atext; RFC 6532 §3.2 adds every non-ASCII character, of which only letters,
// marks and numbers are accepted here, and only those NFKC leaves alone. Punctuation and
// symbols (a fullwidth `＠`), compatibility forms (fullwidth `ＣＥＯ`, `ª`, the Kelvin sign),
// controls, spaces, format characters (bidi overrides, zero-width joiners), private-use and
// unassigned code points are refused: they only ever serve to make two addresses look alike.
const ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\p{L}\p{M}\p{N}]+$/u

const utf8 = new TextEncoder()

function invalid(address: string, why: string): PkiError {
  return new PkiError('ERR_PKI_INVALID_MAILBOX', `"${address}" is not a usable mailbox: ${why}`)
}

function localPartProblem(local: string): string | undefined {
  if (local.length === 0) return 'the local part is empty'
  if (utf8.encode(local).length > MAX_LOCAL_PART_BYTES)
    return `the local part is longer than ${MAX_LOCAL_PART_BYTES} octets (RFC 5321 §4.5.3.1.1)`
  if (local.startsWith('"'))
    return 'quoted local parts are not accepted (no certificate authority issues them)'
  // RFC 5321 §4.1.2 Dot-string: atoms separated by single dots.
  for (const atom of local.split('.')) {
    if (atom.length === 0) return 'the local part has an empty dot-separated part'
    if (!ATOM.test(atom)) return 'the local part has a character that is not allowed'
  }
  if (!hasNonAscii(local)) return undefined
  for (const c of local)
    if (c.charCodeAt(0) > 0x7f && c.normalize('NFKC') !== c)
      return `the local part has a compatibility character (${c}) that looks like another`
  if (local !== local.normalize('NFC'))
    return 'the local part is not in Unicode Normalization Form C (RFC 6532 §3.1)'
  return undefined
}

/**
 * Parses an e-mail address into its local part and domain, with the domain in both IDNA forms.
 * This is the one parser behind sender binding, name constraints, the address book and
 * `verifyCertificate({ email })`.
 *
 * Accepted: `local@domain` with a dot-atom local part (RFC 5322 atext, plus non-ASCII letters,
 * marks and digits that NFKC leaves alone, in NFC: RFC 6531, RFC 6532) and a domain of LDH
 * labels, A-labels or U-labels (RFC 5890). Upper-case domain letters are lower-cased;
 * a U-label must otherwise already be valid IDNA2008: fullwidth letters, compatibility
 * characters and any non-ASCII character whose lower case or NFKC form is ASCII (the Kelvin
 * sign `K`) are refused, never mapped, so no look-alike turns into an ASCII domain. A-labels
 * must be the canonical Punycode of a valid U-label.
 *
 * Not accepted (refused with `ERR_PKI_INVALID_MAILBOX`): display names and angle brackets,
 * quoted local parts, address literals (`user@[192.0.2.1]`), more than one `@`, control or
 * format characters, non-ASCII punctuation and symbols (`＠`), compatibility characters in the
 * local part (`ＣＥＯ`), a local part over 64 octets.
 *
 * Reachable from `@siegel/pki`.
 * @param address - an address such as `Jörg@BÜCHER.example`
 * @returns the mailbox, e.g. `{ localPart: 'Jörg', domain: 'xn--bcher-kva.example', ... }`
 * @throws PkiError `ERR_PKI_INVALID_MAILBOX` for text that is not a usable address,
 *   `ERR_PKI_INVALID_INPUT` if `address` is not a string
 * @example
 * ```ts
 * parseMailbox('erika@bücher.example').address // 'erika@xn--bcher-kva.example'
 * ```
 */
export function parseMailbox(address: string): Mailbox {
  if (typeof address !== 'string')
    throw new PkiError('ERR_PKI_INVALID_INPUT', 'expected an e-mail address as a string')
  if (address.length > MAX_ADDRESS_CHARS)
    throw invalid(address.slice(0, 40) + '…', `longer than ${MAX_ADDRESS_CHARS} characters`)
  const at = address.lastIndexOf('@')
  if (at < 0) throw invalid(address, 'expected local-part@domain')
  const localPart = address.slice(0, at)
  const problem = localPartProblem(localPart)
  if (problem) throw invalid(address, problem)
  const domain = domainForms(address.slice(at + 1))
  if (!domain.ok) throw invalid(address, `the domain ${domain.reason}`)
  return Object.freeze({
    localPart,
    domain: domain.ascii,
    unicodeDomain: domain.unicode,
    address: `${localPart}@${domain.ascii}`,
  })
}

/** Like {@link parseMailbox}, but `undefined` for an unusable address. */
export function tryParseMailbox(address: string): Mailbox | undefined {
  try {
    return parseMailbox(address)
  } catch (error) {
    if (error instanceof PkiError) return undefined
    throw error
  }
}

/** Local parts compared as `options` asks. */
export function sameLocalPart(a: string, b: string, options?: MailboxMatchOptions): boolean {
  if (options?.localPart === 'ascii-case-insensitive')
    return (
      a.replace(/[A-Z]/g, (c) => c.toLowerCase()) === b.replace(/[A-Z]/g, (c) => c.toLowerCase())
    )
  return a === b
}
