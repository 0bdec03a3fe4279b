// The protected header fields travel inside the signed entity, which must be 7-bit (RFC 8551
// §3.1.1): a field written in raw UTF-8 (RFC 6532) is copied in RFC 2047 form instead.
import { encodeWords, formatAddress, readAddressList, type MimeHeader } from '@siegel/mime'
import { ascii, concatBytes } from '../lib/bytes.js'

const ADDRESS_FIELDS = /^(from|sender|reply-to|to|cc|bcc)$/i

/** The field as a CRLF-terminated line of 7-bit text with the same meaning, folded. */
export function sevenBitLine(field: MimeHeader): Uint8Array {
  if (field.raw.every((b) => b < 0x80)) return withCrlf(field.raw)
  return ascii(foldedLine(field.name, sevenBitValue(field)))
}

function sevenBitValue(field: MimeHeader): string {
  if (!ADDRESS_FIELDS.test(field.name)) return encodeWords(field.decoded)
  const { mailboxes, problems } = readAddressList(field.decoded)
  // Display names become encoded words; a group or an unreadable item (or an address that is
  // itself non-ASCII, RFC 6531) has no 7-bit form, and goes as it was written.
  if (
    problems.length > 0 ||
    mailboxes.some((m) => m.group !== undefined || /[^\x20-\x7e]/.test(m.address))
  )
    return field.value
  return mailboxes.map((m) => formatAddress(m)).join(', ')
}

// RFC 5322 §2.1.1: lines SHOULD be at most 78 characters.
const FOLD_AT = 78

/** `Name: value` folded at spaces to lines of at most 78 characters where it allows, CRLF. */
export function foldedLine(name: string, value: string): string {
  const lines: string[] = []
  let line = ''
  for (const word of `${name}: ${value}`.split(/(?= )/)) {
    if (line.length > 0 && line.length + word.length > FOLD_AT) {
      lines.push(line)
      line = word
    } else line += word
  }
  lines.push(line)
  return lines.join('\r\n') + '\r\n'
}

/** The raw field with its line ending (the last field of a block may have none). */
export function withCrlf(raw: Uint8Array): Uint8Array {
  return raw[raw.length - 1] === 0x0a ? raw : concatBytes([raw, ascii('\r\n')])
}
