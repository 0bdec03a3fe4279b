import { formatAddress, type Mailbox } from '../address/format-address.js'
import { MimeError } from '../errors.js'
import { concatBytes, utf8 } from '../lib/bytes.js'
import { buildPart, extraHeaders, unstructuredLine } from './compose-part.js'
import { formatDate } from './format-date.js'
import { headerLine } from './header-line.js'
import type { ComposeOptions, HeaderList, LeafPartSpec, PartSpec } from './types.js'

type Addresses = Mailbox | string | readonly (Mailbox | string)[]

/** What {@link composeMessage} builds a message from. */
export interface MessageSpec {
  from: Addresses
  /** RFC 5322 §3.6.2: who sent it on behalf of `from`; required when `from` has several. */
  sender?: Mailbox | string
  replyTo?: Addresses
  to?: Addresses
  cc?: Addresses
  /**
   * Blind copies. Not written into the message (RFC 5322 §3.6.3: the Bcc field is removed
   * before it is sent): hand these addresses to the transport as recipients yourself.
   */
  bcc?: Addresses
  subject?: string
  /** The Date header. Default: the time of the call. */
  date?: Date
  /** The Message-ID without angle brackets. Default: random, at the From address's domain. */
  messageId?: string
  /** Message-IDs (without angle brackets) this message replies to. */
  inReplyTo?: string | readonly string[]
  /** Message-IDs (without angle brackets) of the thread, oldest first. */
  references?: string | readonly string[]
  /** The plain-text body. */
  text?: string
  /** The HTML body; with `text`, both go in a multipart/alternative. */
  html?: string
  /**
   * Files and attached messages. Leaves with a `contentId` and no `disposition: 'attachment'`
   * are inline resources of the HTML: they go with it in a multipart/related.
   */
  attachments?: readonly PartSpec[]
  /** A body tree of your own, instead of `text`, `html` and `attachments`. */
  body?: PartSpec
  /** Further header fields, in order, written after the standard ones. */
  headers?: HeaderList
}

/**
 * Builds an RFC 5322 message: header fields, and a MIME body made of the text, the HTML
 * (multipart/alternative), inline images referenced by Content-ID (multipart/related) and
 * attachments (multipart/mixed). With the default `transport: '7bit'` the result is 7-bit
 * clean with CRLF line endings throughout, ready to sign or send. Non-ASCII header text is
 * written as RFC 2047 encoded words (B or Q, whichever is shorter), or as UTF-8 with
 * `utf8Headers`; lines are folded at 78 characters and never exceed 998.
 *
 * Reachable from `@siegel/mime`.
 * @param spec - addresses, subject, bodies and attachments
 * @param options - transport, header encoding, randomness
 * @returns the message bytes
 * @throws MimeError `ERR_MIME_INVALID_SPEC` for an invalid address, header or part, or a spec
 *   without any body
 * @example
 * ```ts
 * const eml = composeMessage({ from: 'a@example.org', to: 'b@example.org', subject: 'Hi', text: 'Hello' })
 * ```
 */
export function composeMessage(spec: MessageSpec, options?: ComposeOptions): Uint8Array {
  if (spec === null || typeof spec !== 'object') {
    throw new MimeError('ERR_MIME_INVALID_SPEC', 'expected a message spec object')
  }
  const body = bodyOf(spec)
  const from = addressList(spec.from, options)
  if (!from) throw new MimeError('ERR_MIME_INVALID_SPEC', 'expected at least one From address')
  let head = headerLine('Date', formatDate(spec.date ?? new Date()))
  head += headerLine('From', from)
  if (spec.sender !== undefined) head += headerLine('Sender', mailbox(spec.sender, options))
  else if (from.includes(',') && Array.isArray(spec.from) && spec.from.length > 1) {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      'a message from several authors needs a sender (RFC 5322 §3.6.2)',
    )
  }
  for (const [name, list] of [
    ['Reply-To', spec.replyTo],
    ['To', spec.to],
    ['Cc', spec.cc],
  ] as const) {
    const value = addressList(list, options)
    if (value) head += headerLine(name, value)
  }
  addressList(spec.bcc, options) // validated, never written
  if (spec.subject !== undefined) head += unstructuredLine('Subject', spec.subject, options)
  const firstFrom = Array.isArray(spec.from) ? spec.from[0] : spec.from
  head += headerLine(
    'Message-ID',
    `<${spec.messageId ?? makeMessageId(firstFrom as Mailbox | string, options?.crypto)}>`,
  )
  if (spec.inReplyTo !== undefined) head += headerLine('In-Reply-To', messageIds(spec.inReplyTo))
  if (spec.references !== undefined) head += headerLine('References', messageIds(spec.references))
  head += extraHeaders(spec.headers, options)
  head += 'MIME-Version: 1.0\r\n'
  return concatBytes([utf8(head), ...buildPart(body, options, 0)])
}

/** The body tree from text, html and attachments (RFC 2046 §5.1.3, §5.1.4; RFC 2387). */
function bodyOf(spec: MessageSpec): PartSpec {
  if (spec.body !== undefined) return spec.body
  const inline: PartSpec[] = []
  const files: PartSpec[] = []
  for (const attachment of spec.attachments ?? []) {
    const leaf = attachment as LeafPartSpec
    const isInline =
      'content' in leaf && leaf.contentId !== undefined && leaf.disposition !== 'attachment'
    if (isInline && spec.html !== undefined) inline.push({ disposition: 'inline', ...leaf })
    else files.push(attachment)
  }
  let html: PartSpec | undefined
  if (spec.html !== undefined) {
    html = { contentType: 'text/html', content: checkText(spec.html, 'html') }
    if (inline.length > 0)
      html = { multipart: 'related', parameters: { type: 'text/html' }, parts: [html, ...inline] }
  }
  const text: PartSpec | undefined =
    spec.text === undefined
      ? undefined
      : { contentType: 'text/plain', content: checkText(spec.text, 'text') }
  let main: PartSpec | undefined =
    text && html ? { multipart: 'alternative', parts: [text, html] } : (text ?? html)
  if (files.length > 0) main = { multipart: 'mixed', parts: main ? [main, ...files] : files }
  if (!main) {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      'expected a message spec with text, html, attachments or body',
    )
  }
  return main
}

function checkText(value: unknown, what: string): string {
  if (typeof value !== 'string')
    throw new MimeError('ERR_MIME_INVALID_SPEC', `expected ${what} as a string`)
  return value
}

function addressList(list: Addresses | undefined, options: ComposeOptions | undefined): string {
  if (list === undefined) return ''
  const items = Array.isArray(list) ? list : [list as Mailbox | string]
  return items.map((item) => mailbox(item, options)).join(', ')
}

/**
 * One mailbox. A UTF-8 address (RFC 6532) cannot be written as encoded words, so it needs
 * `utf8Headers`; with that option display names are written as UTF-8 too.
 */
function mailbox(item: Mailbox | string, options: ComposeOptions | undefined): string {
  const address = typeof item === 'string' ? item : item?.address
  if (!options?.utf8Headers) {
    if (typeof address === 'string' && /[^\x20-\x7e]/.test(address)) {
      throw new MimeError(
        'ERR_MIME_INVALID_SPEC',
        `the address "${address}" is not ASCII: it needs the utf8Headers option (RFC 6532)`,
      )
    }
    return formatAddress(item)
  }
  const plain = formatAddress(typeof item === 'string' ? item : { address: item.address })
  const name = typeof item === 'string' ? undefined : item.name
  if (name === undefined || name === '' || /^[\x20-\x7e]*$/.test(name)) return formatAddress(item)
  return `"${name.replace(/(["\\])/g, '\\$1')}" <${plain}>`
}

function messageIds(ids: string | readonly string[]): string {
  const list = typeof ids === 'string' ? [ids] : ids
  return list
    .map((id) => {
      if (typeof id !== 'string' || !/^[^\s<>@]+@[^\s<>@]+$/.test(id)) {
        throw new MimeError(
          'ERR_MIME_INVALID_SPEC',
          `expected a message ID left@right without brackets, got "${String(id)}"`,
        )
      }
      return `<${id}>`
    })
    .join(' ')
}

function makeMessageId(from: Mailbox | string, crypto?: Pick<Crypto, 'getRandomValues'>): string {
  const address = typeof from === 'string' ? from : from.address
  const random = (crypto ?? globalThis.crypto).getRandomValues(new Uint8Array(16))
  const id = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${id}@${address.slice(address.lastIndexOf('@') + 1)}`
}
