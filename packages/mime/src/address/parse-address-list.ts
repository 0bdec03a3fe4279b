import { decodeWords } from '../header/encoded-word.js'
import type { Mailbox } from './format-address.js'
import { checkString } from '../lib/bytes.js'

/** An item of an address list that names no usable address, with the reason. */
export interface AddressProblem {
  /** The item as it stands in the list. */
  text: string
  message: string
}

/**
 * Parses an address-list header value (From, To, Cc, ...; RFC 5322 §3.4) into mailboxes.
 * Quoted strings and quoted local parts, comments (an old-style `addr (Name)` comment becomes
 * the name; comments inside an address are removed), angle-bracket addresses with obsolete
 * routes, and groups are understood: group members are listed with the group's name in
 * `group`. Display names have RFC 2047 encoded words decoded; UTF-8 addresses (RFC 6532) and
 * IDNs are returned as written. An item that is no address (`Big Bug bb@bug.com`, two
 * addresses without a comma) is left out, never turned into one: {@link readAddressList} says
 * which.
 *
 * Reachable from `@siegel/mime`.
 * @param value - the unfolded header value
 * @returns the mailboxes in order; items without an address are skipped
 * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a string
 * @example
 * ```ts
 * parseAddressList('"Müller, Jörg" <joerg@example.de>, b@example.org')
 * // [{ name: 'Müller, Jörg', address: 'joerg@example.de' }, { address: 'b@example.org' }]
 * ```
 */
export function parseAddressList(value: string): Mailbox[] {
  return readAddressList(value).mailboxes
}

/**
 * {@link parseAddressList}, and the items it had to leave out: each item that has an `@` but
 * is not one address (RFC 5322 §3.4: a display name needs angle brackets; addresses are
 * separated by commas). A sender check treats such a From as unreadable, not as the address
 * a lenient reader would guess.
 *
 * Reachable from `@siegel/mime`.
 * @param value - the unfolded header value
 * @returns the mailboxes, and a problem for every item that looks like an address but is none
 * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a string
 * @example
 * ```ts
 * readAddressList('Big Bug bb@bug.com').problems // [{ text: 'Big Bug bb@bug.com', message: … }]
 * ```
 */
export function readAddressList(value: string): {
  mailboxes: Mailbox[]
  problems: AddressProblem[]
} {
  checkString(value, 'an address list')
  const mailboxes: Mailbox[] = []
  const problems: AddressProblem[] = []
  for (const { text, group } of splitTopLevel(value)) {
    const mailbox = parseMailbox(text)
    if (typeof mailbox === 'string') {
      problems.push({ text: text.trim(), message: mailbox })
      continue
    }
    if (mailbox && group !== undefined) mailbox.group = group
    if (mailbox) mailboxes.push(mailbox)
  }
  return { mailboxes, problems }
}

/** Splits at commas, colons (group start) and semicolons (group end) outside quotes, comments and <>. */
function splitTopLevel(value: string): { text: string; group: string | undefined }[] {
  const items: { text: string; group: string | undefined }[] = []
  let group: string | undefined
  let current = ''
  let depth = 0
  let quoted = false
  let angle = false
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!
    if (ch === '\\' && (quoted || depth > 0)) {
      current += ch + (value[i + 1] ?? '')
      i++
      continue
    }
    if (quoted) {
      if (ch === '"') quoted = false
    } else if (depth > 0) {
      if (ch === '(') depth++
      else if (ch === ')') depth--
    } else if (ch === '"') quoted = true
    else if (ch === '(') depth++
    else if (ch === '<') angle = true
    else if (ch === '>') angle = false
    else if (!angle && (ch === ',' || ch === ';')) {
      items.push({ text: current, group })
      if (ch === ';') group = undefined
      current = ''
      continue
    } else if (!angle && ch === ':') {
      group = cleanPhrase(current) // RFC 5322 §3.4: a group's display name
      current = ''
      continue
    }
    current += ch
  }
  items.push({ text: current, group })
  return items
}

/** The mailbox of one list item; undefined for an item without an address, else why not. */
function parseMailbox(item: string): Mailbox | string | undefined {
  const angle = /<([^<>]*)>/.exec(item)
  if (angle) {
    // RFC 5322 §4.4: an obsolete route, and comments and folding white space between the parts.
    const address = addrSpec(angle[1]!.replace(/^\s*@[^:]*:/, ''))
    const name = cleanPhrase(item.slice(0, angle.index))
    if (!address.includes('@')) return undefined
    if (!ADDR_SPEC.test(address)) return `<${address}> is not one address`
    return name ? { name, address } : { address }
  }
  const address = addrSpec(item)
  if (!address.includes('@')) return undefined
  if (!ADDR_SPEC.test(address))
    return 'a display name needs angle brackets and addresses a comma between them'
  // Old style "addr (Full Name)": the comment is the only name there is.
  const comment = /\(([^()]*)\)\s*$/.exec(item)
  const name = comment ? decodeWords(comment[1]!.trim()) : ''
  return name ? { name, address } : { address }
}

// RFC 5322 §3.4.1 addr-spec after CFWS removal: a dot-atom or quoted local part, one `@`, a
// dot-atom domain or a domain literal. Non-ASCII is allowed (RFC 6532).
const ADDR_SPEC =
  /^(?:"(?:[^"\\]|\\.)*"|[^\s"(),:;<>@[\]\\]+)@(?:[^\s"(),:;<>@[\]\\]+|\[[^[\]\\]*\])$/

/** An addr-spec without its comments and the white space obsolete syntax allows around `@` and `.`. */
function addrSpec(text: string): string {
  const spec = stripComments(text).trim()
  // A quoted local part keeps its white space.
  const quoted = /^"(?:[^"\\]|\\.)*"/.exec(spec)?.[0] ?? ''
  return quoted + spec.slice(quoted.length).replace(/\s*([@.])\s*/g, '$1')
}

function cleanPhrase(phrase: string): string {
  const text = stripComments(phrase).trim()
  const unquoted =
    text.startsWith('"') && text.endsWith('"') && text.length > 1
      ? text.slice(1, -1).replace(/\\(.)/g, '$1')
      : text
  return decodeWords(unquoted).trim()
}

function stripComments(text: string): string {
  let out = ''
  let depth = 0
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (ch === '\\') {
      if (depth === 0) out += ch + (text[i + 1] ?? '')
      i++
    } else if (depth > 0) {
      if (ch === '(') depth++
      else if (ch === ')') depth--
    } else if (ch === '"') {
      quoted = !quoted
      out += ch
    } else if (ch === '(' && !quoted) depth++
    else out += ch
  }
  return out
}
