import { checkBytes } from '../lib/bytes.js'
const HEX_CODES = Uint8Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0))
const CR = 0x0d
const LF = 0x0a
const SPACE = 0x20
const TAB = 0x09
const EQUALS = 0x3d
// RFC 2045 §6.7 (5): encoded lines are at most 76 characters, the soft break's "=" included.
const MAX_LINE = 76

/**
 * Encodes bytes as quoted-printable (RFC 2045 §6.7) for a text body.
 *
 * Line breaks in the input (CRLF, or a bare LF or CR) become CRLF hard breaks. White space at
 * the end of a line is encoded, and so are "From " and a lone "." at the start of a line, so
 * the text survives mbox and SMTP handling byte for byte, which a signature needs
 * (RFC 3156 §3).
 *
 * Reachable from `@siegel/mime`.
 * @param bytes - the text, in its charset
 * @returns 7-bit ASCII bytes with CRLF line endings
 * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a Uint8Array
 * @example
 * ```ts
 * new TextDecoder().decode(encodeQuotedPrintable(new TextEncoder().encode('Grüße'))) // 'Gr=C3=BC=C3=9Fe'
 * ```
 */
export function encodeQuotedPrintable(bytes: Uint8Array): Uint8Array {
  checkBytes(bytes, 'text to encode')
  // Worst case: every byte escaped (3 characters), plus a soft break every 72 characters.
  const out = new Uint8Array(bytes.length * 3 + Math.ceil((bytes.length * 3) / 72) * 3 + 3)
  let o = 0
  let lineLength = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b === CR || b === LF) {
      if (b === CR && bytes[i + 1] === LF) i++
      out[o++] = CR
      out[o++] = LF
      lineLength = 0
      continue
    }
    let literal = b >= 0x21 && b <= 0x7e && b !== EQUALS
    if (b === SPACE || b === TAB) {
      const next = bytes[i + 1]
      literal = !(next === undefined || next === CR || next === LF)
    }
    if (lineLength === 0 && startsUnsafeLine(bytes, i)) literal = false
    const width = literal ? 1 : 3
    // Keep room for the "=" of a soft break.
    if (lineLength + width > MAX_LINE - 1) {
      out[o++] = EQUALS
      out[o++] = CR
      out[o++] = LF
      lineLength = 0
    }
    if (literal) out[o++] = b
    else {
      out[o++] = EQUALS
      out[o++] = HEX_CODES[b >> 4]!
      out[o++] = HEX_CODES[b & 15]!
    }
    lineLength += width
  }
  return out.slice(0, o)
}

/** "From " (mbox) and a lone "." (SMTP end of data) at the start of a line. */
function startsUnsafeLine(bytes: Uint8Array, i: number): boolean {
  if (bytes[i] === 0x2e) {
    const next = bytes[i + 1]
    return next === undefined || next === CR || next === LF
  }
  return (
    bytes[i] === 0x46 &&
    bytes[i + 1] === 0x72 &&
    bytes[i + 2] === 0x6f &&
    bytes[i + 3] === 0x6d &&
    bytes[i + 4] === SPACE
  )
}

/**
 * Decodes quoted-printable leniently (RFC 2045 §6.7): soft breaks are removed, trailing
 * white space on a line is dropped, and an "=" that starts no valid escape is kept as is.
 *
 * Reachable from `@siegel/mime`.
 * @param bytes - the encoded body
 * @returns the decoded bytes; line breaks are kept as they were
 * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a Uint8Array
 * @example
 * ```ts
 * new TextDecoder().decode(decodeQuotedPrintable(new TextEncoder().encode('Gr=C3=BC=\r\n=C3=9Fe'))) // 'Grüße'
 * ```
 */
export function decodeQuotedPrintable(bytes: Uint8Array): Uint8Array {
  checkBytes(bytes, 'quoted-printable text')
  return decodeQuotedPrintableCounting(bytes).bytes
}

/** {@link decodeQuotedPrintable}, also counting the "=" signs that start no valid escape. */
export function decodeQuotedPrintableCounting(bytes: Uint8Array): {
  bytes: Uint8Array
  invalidEscapes: number
} {
  let invalidEscapes = 0
  const out = new Uint8Array(bytes.length)
  let o = 0
  // Where the current line's trailing white space began in `out`, if it is still trailing.
  let spaceStart = -1
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b === CR || b === LF) {
      if (spaceStart >= 0) o = spaceStart
      spaceStart = -1
      out[o++] = b
      continue
    }
    if (b === EQUALS) {
      const soft = softBreakLength(bytes, i + 1)
      if (soft >= 0) {
        // White space before a soft break is content: the "=" ends the line, not the space.
        spaceStart = -1
        i += soft
        continue
      }
      const hi = hexValue(bytes[i + 1])
      const lo = hexValue(bytes[i + 2])
      if (hi >= 0 && lo >= 0) {
        out[o++] = (hi << 4) | lo
        i += 2
        spaceStart = -1
        continue
      }
      invalidEscapes++
    }
    if (b === SPACE || b === TAB) {
      if (spaceStart < 0) spaceStart = o
    } else {
      spaceStart = -1
    }
    out[o++] = b
  }
  if (spaceStart >= 0) o = spaceStart
  return { bytes: out.slice(0, o), invalidEscapes }
}

/** Length of "[white space] CRLF|LF" after a "=", or -1 if it is no soft break. */
function softBreakLength(bytes: Uint8Array, start: number): number {
  let i = start
  while (bytes[i] === SPACE || bytes[i] === TAB) i++
  if (i === bytes.length) return i - start
  if (bytes[i] === CR && bytes[i + 1] === LF) return i + 2 - start
  if (bytes[i] === LF || bytes[i] === CR) return i + 1 - start
  return -1
}

function hexValue(b: number | undefined): number {
  if (b === undefined) return -1
  if (b >= 0x30 && b <= 0x39) return b - 0x30
  if (b >= 0x41 && b <= 0x46) return b - 0x37
  if (b >= 0x61 && b <= 0x66) return b - 0x57
  return -1
}
