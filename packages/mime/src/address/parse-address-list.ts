import { decodeWords } from '../header/encoded-word.js'
import type { Mailbox } from './format-address.js'
import { checkString } from '../lib/bytes.js'

/**
 * Parses an address-list header value (From, To, Cc, ...; RFC 5322 §3.4) into mailboxes.
 * Quoted strings and quoted local parts, comments (an old-style `addr (Name)` comment becomes
 * the name), angle-bracket addresses with obsolete routes, and groups are understood: group
 * members are listed with the group's name in `group`. Display names have RFC 2047 encoded
 * words decoded; UTF-8 addresses (RFC 6532) and IDNs are returned as written.
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
  checkString(value, 'an address list')
  const mailboxes: Mailbox[] = []
  for (const { text, group } of splitTopLevel(value)) {
    const mailbox = parseMailbox(text)
    if (mailbox && group !== undefined) mailbox.group = group
    if (mailbox) mailboxes.push(mailbox)
  }
  return mailboxes
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

function parseMailbox(item: string): Mailbox | undefined {
  const angle = /<([^<>]*)>/.exec(item)
  if (angle) {
    const address = angle[1]!.trim().replace(/^@[^:]*:/, '') // RFC 5322 §4.4 obsolete route
    const name = cleanPhrase(item.slice(0, angle.index))
    if (!address.includes('@')) return undefined
    return name ? { name, address } : { address }
  }
  const address = stripComments(item).trim()
  if (!address.includes('@')) return undefined
  // Old style "addr (Full Name)": the comment is the only name there is.
  const comment = /\(([^()]*)\)\s*$/.exec(item)
  const name = comment ? decodeWords(comment[1]!.trim()) : ''
  return name ? { name, address } : { address }
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
