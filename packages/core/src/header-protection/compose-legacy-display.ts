// The Legacy Display Element (RFC 9788 §2.1.2): for mail readers that know nothing of header
// protection, the obscured user-facing header fields are repeated at the top of each main body
// part, which is marked `hp-legacy-display="1"` so that readers which do know it can remove the
// element again (§4.5.3).
import { encodeQuotedPrintable, formatContentType, parseMessage, type MimePart } from '@siegel/mime'
import { ascii as asciiBytes, concatBytes } from '../lib/bytes.js'

// How deep the main body part is looked for: RFC 9788 §4.5 main body parts sit at the top of
// the tree (mixed → alternative → related → text); deeper nesting is an attachment's business.
const MAX_BODY_DEPTH = 8

const TEXT_TYPES = new Set(['text/plain', 'text/html'])

/**
 * The entity with a Legacy Display Element in every main body part that is text/plain or
 * text/html (RFC 9788 §4.2 step 1), each such part re-encoded as UTF-8 quoted-printable with
 * `hp-legacy-display="1"`. `lines` are the obscured fields as shown, e.g. `Subject: Dinner`.
 * An entity without such a part is returned unchanged.
 */
export function addLegacyDisplay(entity: Uint8Array, lines: readonly string[]): Uint8Array {
  const root = parseMessage(entity)
  const targets = mainTextParts(root, 0)
  if (targets.length === 0) return entity
  const pieces: Uint8Array[] = []
  let at = 0
  for (const part of targets) {
    pieces.push(entity.subarray(at, part.headerRange.start), rewritePart(part, lines))
    at = part.bodyRange.end
  }
  pieces.push(entity.subarray(at))
  return concatBytes(pieces)
}

/** The main body parts that are text (RFC 9788 §4.5.1), in the order they appear. */
function mainTextParts(part: MimePart, depth: number): MimePart[] {
  if (depth > MAX_BODY_DEPTH || part.disposition?.mediaType === 'attachment') return []
  const type = part.contentType.mediaType
  if (TEXT_TYPES.has(type)) return part.text === undefined ? [] : [part]
  if (!type.startsWith('multipart/') || part.children.length === 0) return []
  // multipart/alternative: every alternative is a rendering of the main body.
  if (type === 'multipart/alternative')
    return part.children.flatMap((child) => mainTextParts(child, depth + 1))
  // multipart/signed and /encrypted are layers of their own, not bodies to write into.
  if (type === 'multipart/signed' || type === 'multipart/encrypted') return []
  // mixed, related and others: the first part is the body, the rest are attachments or
  // resources (RFC 2046 §5.1.3, RFC 2387 §3.1).
  return mainTextParts(part.children[0]!, depth + 1)
}

/** One text part with the element prepended, as header block, empty line and body. */
function rewritePart(part: MimePart, lines: readonly string[]): Uint8Array {
  const html = part.contentType.mediaType === 'text/html'
  const original = part.text ?? ''
  const text = html ? withHtmlElement(original, lines) : withTextElement(original, lines)
  // ASCII text stays in its charset and, where it was 7bit, in 7bit (RFC 9788 Appendix E
  // shows it so); anything else becomes UTF-8 quoted-printable, which any transport carries.
  const ascii7 = /^[\t\n\r\x20-\x7e]*$/.test(text) && !/[^\r\n]{999}/.test(text)
  const keep = ascii7 && (part.transferEncoding === '7bit' || part.transferEncoding === '8bit')
  const parameters: Record<string, string> = {
    ...part.contentType.parameters,
    'hp-legacy-display': '1',
  }
  if (!ascii7) parameters['charset'] = 'utf-8'
  const type = formatContentType({ mediaType: part.contentType.mediaType, parameters })
  const headers = part.headers
    .filter((h) => !/^content-(type|transfer-encoding)$/i.test(h.name))
    .map((h) => h.raw)
  const bytes = new TextEncoder().encode(text)
  return concatBytes([
    ...headers,
    asciiBytes(
      `Content-Type: ${type}\r\nContent-Transfer-Encoding: ${keep ? '7bit' : 'quoted-printable'}\r\n\r\n`,
    ),
    keep ? bytes : encodeQuotedPrintable(bytes),
  ])
}

/** RFC 9788 §2.1.2.1: the fields as lines, then an empty line, then the original text. */
function withTextElement(text: string, lines: readonly string[]): string {
  return lines.map((l) => `${l}\r\n`).join('') + '\r\n' + text
}

/**
 * RFC 9788 §2.1.2.2: a `div` of class `header-protection-legacy-display` holding the fields,
 * at the start of the HTML body (after `<body>` where there is one).
 */
function withHtmlElement(html: string, lines: readonly string[]): string {
  const element =
    '<div class="header-protection-legacy-display">\r\n' +
    lines.map((l) => `<pre>${escapeHtml(l)}</pre>\r\n`).join('') +
    '</div>\r\n'
  const body = /<body\b[^>]*>(?:\r?\n)?/i.exec(html)
  if (!body) return element + html
  // After the body tag and its line break, as RFC 9788 Appendix E.2 shows it.
  const at = body.index + body[0].length
  return html.slice(0, at) + element + html.slice(at)
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]!};`,
  )
}
