import type { MimePart } from './types.js'

/** What a person reads in a message: see {@link collectContent}. */
export interface MessageContent {
  /** The inline `text/plain` parts' text, joined by a line break; `undefined` if none. */
  text: string | undefined
  /** The inline `text/html` parts' text, joined by a line break; `undefined` if none. */
  html: string | undefined
  /** The parts `text` and `html` were read from, in order. */
  bodyParts: MimePart[]
  /** Every other leaf part, in order: files, inline images, calendar data, signatures. */
  attachments: MimePart[]
}

/**
 * Sorts the leaves of a parsed message into body text, HTML and attachments, the way mail
 * readers do: a `text/plain` or `text/html` part that is not marked `attachment` is body
 * text; an embedded `message/rfc822` that is not marked `attachment` contributes its own
 * text and attachments, except the message a `multipart/report` returns (RFC 6522), which is
 * an attachment; every other leaf is an attachment. Alternatives are all kept: pick
 * `html` or `text` as you prefer.
 *
 * WARNING: this reads the whole tree, signed or not. To show what a signature covers, walk
 * the part it covers instead.
 *
 * Reachable from `@siegel/mime`.
 * @param message - a result of `parseMessage`, or any part of one
 * @returns text, HTML and attachments; attachments keep their decoded `content` and `filename`
 * @example
 * ```ts
 * const { text, html, attachments } = collectContent(parseMessage(bytes))
 * for (const file of attachments) console.log(file.filename, file.content.length)
 * ```
 */
export function collectContent(message: MimePart): MessageContent {
  const text: string[] = []
  const html: string[] = []
  const attachments: MimePart[] = []
  const bodyParts: MimePart[] = []
  // Iterative walk: depth is already bounded by the parser, but no recursion is needed here.
  const stack: [part: MimePart, inReport: boolean][] = [[message, false]]
  while (stack.length > 0) {
    const [part, inReport] = stack.pop()!
    const asAttachment = part.disposition?.mediaType === 'attachment'
    if (part.children.length > 0) {
      const report = inReport || part.contentType.mediaType === 'multipart/report'
      for (let i = part.children.length - 1; i >= 0; i--) stack.push([part.children[i]!, report])
      continue
    }
    if (part.contentType.mediaType.startsWith('multipart/')) continue
    // RFC 6522: the message a report returns is evidence, not text of the report.
    if (part.embedded && !asAttachment && !inReport) {
      stack.push([part.embedded, inReport])
      continue
    }
    const type = part.contentType.mediaType
    if (!asAttachment && (type === 'text/plain' || type === 'text/html')) {
      ;(type === 'text/plain' ? text : html).push(part.text ?? '')
      bodyParts.push(part)
    } else attachments.push(part)
  }
  return {
    text: text.length > 0 ? text.join('\n') : undefined,
    html: html.length > 0 ? html.join('\n') : undefined,
    bodyParts,
    attachments,
  }
}
