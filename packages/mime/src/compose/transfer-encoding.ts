import { encodeBase64 } from '../encoding/base64.js'
import { canonicalizeLineEndings } from '../encoding/canonicalize.js'
import { encodeQuotedPrintable } from '../encoding/quoted-printable.js'
import { MimeError } from '../errors.js'
import { ascii, concatBytes } from '../lib/bytes.js'
import type { ComposeOptions, TransferEncoding } from './types.js'

// RFC 5322 §2.1.1 / RFC 2045 §2.8: a line in 7bit or 8bit data is at most 998 octets.
const MAX_LINE = 998

interface Shape {
  eightBit: boolean
  nul: boolean
  bareLineBreak: boolean
  longLine: boolean
}

function shapeOf(bytes: Uint8Array): Shape {
  const shape: Shape = { eightBit: false, nul: false, bareLineBreak: false, longLine: false }
  let lineStart = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b >= 0x80) shape.eightBit = true
    else if (b === 0) shape.nul = true
    else if (b === 0x0a) {
      if (bytes[i - 1] !== 0x0d) shape.bareLineBreak = true
      if (i - lineStart - 1 > MAX_LINE) shape.longLine = true
      lineStart = i + 1
    } else if (b === 0x0d && bytes[i + 1] !== 0x0a) shape.bareLineBreak = true
  }
  if (bytes.length - lineStart > MAX_LINE) shape.longLine = true
  return shape
}

/** RFC 2045 §2.7/2.8: what 7bit or 8bit data may hold. */
function fits(shape: Shape, encoding: '7bit' | '8bit'): boolean {
  return (
    !shape.nul &&
    !shape.bareLineBreak &&
    !shape.longLine &&
    (encoding === '8bit' || !shape.eightBit)
  )
}

const RANK = { '7bit': 0, '8bit': 1, binary: 2 } as const

/**
 * Chooses the transfer encoding of a leaf and encodes its bytes. Text goes as it is where the
 * transport allows, else quoted-printable or base64, whichever is shorter; other data goes
 * as it is only over a binary transport, else base64. An embedded message may only be
 * 7bit, 8bit or binary (RFC 2046 §5.2.1); one the transport cannot carry is base64-encoded,
 * which every reader accepts.
 */
export function encodeLeaf(
  content: Uint8Array,
  kind: 'text' | 'data' | 'message',
  requested: TransferEncoding | undefined,
  options: ComposeOptions | undefined,
): { encoding: TransferEncoding; body: Uint8Array } {
  const transport = options?.transport ?? '7bit'
  if (requested !== undefined)
    return { encoding: requested, body: encodeAs(content, requested, transport) }
  if (kind === 'message') {
    const canonical = transport === 'binary' ? content : canonicalizeLineEndings(content)
    const shape = shapeOf(canonical)
    if (fits(shape, '7bit')) return { encoding: '7bit', body: canonical }
    if (transport !== '7bit' && fits(shape, '8bit')) return { encoding: '8bit', body: canonical }
    if (transport === 'binary') return { encoding: 'binary', body: content }
    return { encoding: 'base64', body: encodeBase64(content) }
  }
  if (kind === 'data') {
    if (transport === 'binary') return { encoding: 'binary', body: content }
    return { encoding: 'base64', body: encodeBase64(content) }
  }
  if (transport !== '7bit') {
    const canonical = canonicalizeLineEndings(content)
    const shape = shapeOf(canonical)
    if (fits(shape, '7bit')) return { encoding: '7bit', body: canonical }
    if (fits(shape, '8bit')) return { encoding: '8bit', body: canonical }
    if (transport === 'binary') return { encoding: 'binary', body: content }
  }
  const qp = quotedPrintable(content)
  const base64Length = Math.ceil(content.length / 3) * 4 * (78 / 76)
  // Quoted-printable stays readable; base64 only for mostly non-ASCII text, where
  // quoted-printable would be more than half as long again.
  if (qp.length <= base64Length * 1.5) return { encoding: 'quoted-printable', body: qp }
  return { encoding: 'base64', body: encodeBase64(content) }
}

function encodeAs(content: Uint8Array, encoding: TransferEncoding, transport: string): Uint8Array {
  if (encoding === 'base64') return encodeBase64(content)
  if (encoding === 'quoted-printable') return quotedPrintable(content)
  if (RANK[encoding] > RANK[transport as keyof typeof RANK]) {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      `transfer encoding ${encoding} was requested over a ${transport} transport`,
    )
  }
  if (encoding !== 'binary' && !fits(shapeOf(content), encoding)) {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      `content does not fit transfer encoding ${encoding}: 8-bit bytes, NUL, bare CR/LF or lines over ${MAX_LINE} bytes`,
    )
  }
  return content
}

/** Quoted-printable that ends with a line break: a soft one when the text has none. */
function quotedPrintable(content: Uint8Array): Uint8Array {
  const encoded = encodeQuotedPrintable(content)
  const last = content[content.length - 1]
  if (content.length === 0 || last === 0x0a || last === 0x0d) return encoded
  return concatBytes([encoded, ascii('=\r\n')])
}
