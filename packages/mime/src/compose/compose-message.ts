import { formatAddress, type Mailbox } from '../address/format-address.js'
import { encodeQuotedPrintable } from '../encoding/quoted-printable.js'
import { MimeError } from '../errors.js'
import { encodeWords } from '../header/encoded-word.js'
import { ascii, concatBytes, utf8 } from '../lib/bytes.js'
import { formatDate } from './format-date.js'
import { headerLine } from './header-line.js'

/** What {@link composeMessage} builds a message from. */
export interface MessageSpec {
  from: Mailbox | string
  to?: Mailbox | string | readonly (Mailbox | string)[]
  cc?: Mailbox | string | readonly (Mailbox | string)[]
  subject?: string
  /** The Date header. Default: the time of the call. */
  date?: Date
  /** The Message-ID without angle brackets. Default: random, at the From address's domain. */
  messageId?: string
  /** The plain-text body. */
  text: string
  /** Further header fields, in order, written after the standard ones. */
  headers?: readonly (readonly [name: string, value: string])[]
}

/** Options of {@link composeMessage}. */
export interface ComposeOptions {
  /** Source of randomness for the Message-ID. Default `globalThis.crypto`. */
  crypto?: Pick<Crypto, 'getRandomValues'>
}

/**
 * Builds an RFC 5322 message with a `text/plain; charset=utf-8` body in quoted-printable,
 * CRLF line endings throughout: 7-bit clean, ready to sign or send.
 *
 * Reachable from `@siegel/mime`.
 * @param spec - addresses, subject and text
 * @param options - randomness source
 * @returns the message bytes
 * @throws MimeError `ERR_MIME_INVALID_SPEC` for an invalid address, header or missing text
 * @example
 * ```ts
 * const eml = composeMessage({ from: 'a@example.org', to: 'b@example.org', subject: 'Hi', text: 'Hello' })
 * ```
 */
export function composeMessage(spec: MessageSpec, options?: ComposeOptions): Uint8Array {
  if (spec === null || typeof spec !== 'object' || typeof spec.text !== 'string') {
    throw new MimeError('ERR_MIME_INVALID_SPEC', 'expected a message spec with a text body')
  }
  const from = formatAddress(spec.from)
  let head = headerLine('Date', formatDate(spec.date ?? new Date()))
  head += headerLine('From', from)
  const to = addressList(spec.to)
  if (to) head += headerLine('To', to)
  const cc = addressList(spec.cc)
  if (cc) head += headerLine('Cc', cc)
  if (spec.subject !== undefined) head += unstructured('Subject', spec.subject)
  head += headerLine(
    'Message-ID',
    `<${spec.messageId ?? makeMessageId(spec.from, options?.crypto)}>`,
  )
  for (const [name, value] of spec.headers ?? []) head += unstructured(name, value)
  head += 'MIME-Version: 1.0\r\n'
  head += 'Content-Type: text/plain; charset=utf-8\r\n'
  head += 'Content-Transfer-Encoding: quoted-printable\r\n\r\n'
  let body = encodeQuotedPrintable(utf8(spec.text))
  if (body.length > 0 && body[body.length - 1] !== 0x0a) body = concatBytes([body, ascii('\r\n')])
  return concatBytes([ascii(head), body])
}

/** An unstructured field (RFC 5322 §3.2.5); a line break in it would inject headers. */
function unstructured(name: string, value: string): string {
  if (typeof value !== 'string' || /[\r\n]/.test(value)) {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      `header ${name} must be a string without line breaks`,
    )
  }
  return headerLine(name, encodeWords(value))
}

function addressList(list: MessageSpec['to']): string {
  if (list === undefined) return ''
  const items = typeof list === 'string' || !Array.isArray(list) ? [list as Mailbox | string] : list
  return items.map(formatAddress).join(', ')
}

function makeMessageId(from: Mailbox | string, crypto?: Pick<Crypto, 'getRandomValues'>): string {
  const address = typeof from === 'string' ? from : from.address
  const random = (crypto ?? globalThis.crypto).getRandomValues(new Uint8Array(16))
  const id = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${id}@${address.slice(address.lastIndexOf('@') + 1)}`
}
