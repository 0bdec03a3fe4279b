import { MimeError } from '../errors.js'

// RFC 5322 §2.1.1: lines SHOULD be at most 78 characters and MUST be at most 998.
const FOLD_AT = 78
const MAX_LINE = 998

/**
 * One header field as CRLF-terminated text, folded at white space so lines stay within 78
 * characters where the value allows it.
 */
export function headerLine(name: string, value: string): string {
  if (/[\r\n]/.test(value) || /[^!-9;-~]/.test(name)) {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      `header ${JSON.stringify(name)} has a line break or an invalid name`,
    )
  }
  const words = `${name}: ${value}`.split(/(?= )/)
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line.length > 0 && line.length + word.length > FOLD_AT) {
      lines.push(line)
      line = word
    } else {
      line += word
    }
  }
  lines.push(line)
  for (const l of lines) {
    if (l.length > MAX_LINE) {
      throw new MimeError(
        'ERR_MIME_INVALID_SPEC',
        `header ${name} has a word that makes a line over ${MAX_LINE} characters`,
      )
    }
  }
  return lines.join('\r\n') + '\r\n'
}
