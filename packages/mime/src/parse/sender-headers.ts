import type { MimePart, MimeProblem } from './types.js'

const LF = 0x0a
const CR = 0x0d
const COLON = 0x3a
// A field name is short; a colon further into a stray line is part of its text, not a name.
const MAX_NAME_BYTES = 64

/**
 * True when the line at `pos` is a From field written with white space before the colon
 * (`From : a@b`, the obsolete syntax of RFC 5322 §4.5.6), which must be read as a header field,
 * never as the mbox "From " separator line.
 */
export function isFromField(bytes: Uint8Array, pos: number, end: number): boolean {
  let i = pos + 4
  while (i < end && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++
  return i < end && bytes[i] === COLON
}

/**
 * The problems that make the sender of a message ambiguous: RFC 5322 §3.6 allows one From and
 * at most one Sender field, and a reader that takes the second one, or one this parser did not
 * read as a field (a stray line ended the header block before it), shows a different sender
 * than a signature check that takes the first.
 */
export function senderProblems(bytes: Uint8Array, root: MimePart): MimeProblem[] {
  const problems: MimeProblem[] = []
  for (const name of ['from', 'sender']) {
    const fields = root.headers.filter((h) => h.name.toLowerCase() === name)
    if (fields.length > 1) {
      problems.push({
        code: 'DUPLICATE_SENDER_HEADER',
        message: `the message has ${fields.length} ${fields[0]!.name} fields; readers may show any of them`,
        offset: fields[1]!.range.start,
      })
    }
    // RFC 5322 §2.2.3: a field continues only on lines that start with white space. A sender
    // field continued on a line without it (read here as a badly wrapped value) ends at the
    // line break for other readers, who show a different sender.
    for (const field of fields) {
      if (unfoldedBadly(field.raw)) {
        problems.push({
          code: 'MALFORMED_SENDER_HEADER',
          message: `the ${field.name} field continues on a line without leading white space; readers may end it at the line break`,
          offset: field.range.start,
        })
      }
    }
  }
  // The header block ended at a stray line, not at an empty one: the lines after it, up to the
  // first empty line, are header lines to a more lenient reader.
  const { start: bodyStart, end } = root.bodyRange
  if (root.headerRange.end !== bodyStart) return problems
  let pos = bodyStart
  while (pos < end) {
    let lineEnd = bytes.indexOf(LF, pos)
    if (lineEnd < 0 || lineEnd > end) lineEnd = end
    const contentEnd = lineEnd > pos && bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd
    if (contentEnd === pos) break
    const name = looseFieldName(bytes, pos, contentEnd)
    if (name === 'from' || name === 'sender') {
      problems.push({
        code: 'HIDDEN_SENDER_HEADER',
        message: `a ${name} line after the end of the header block was not read as a field; other readers may show it as the sender`,
        offset: pos,
      })
    }
    pos = lineEnd + 1
  }
  return problems
}

/** True if a line break inside the field (not its last) is followed by no white space. */
function unfoldedBadly(raw: Uint8Array): boolean {
  for (let i = 0; i < raw.length - 1; i++) {
    if (raw[i] === LF && raw[i + 1] !== 0x20 && raw[i + 1] !== 0x09) return true
  }
  return false
}

/**
 * The name before the colon with white space, control and 8-bit bytes left out and lower-cased,
 * the way a lenient reader might see it (`" From\x00 :"` is `from`); undefined without a colon.
 */
function looseFieldName(bytes: Uint8Array, pos: number, end: number): string | undefined {
  let name = ''
  for (let i = pos; i < end && i - pos <= MAX_NAME_BYTES; i++) {
    const b = bytes[i]!
    if (b === COLON) return name.toLowerCase()
    if (b > 0x20 && b < 0x7f) name += String.fromCharCode(b)
  }
  return undefined
}
