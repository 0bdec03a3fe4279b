// Reads BER (X.690 §8.1) from a ByteReader: TLV headers, whole small elements, and the
// segments of a large OCTET STRING as they arrive. Definite and indefinite lengths alike, as
// CMS allows (RFC 5652 §1.3); a depth budget bounds hostile nesting.
import { SmimeError } from '../errors.js'
import { concatBytes } from '../lib/bytes.js'
import { truncated, type ByteReader } from './byte-reader.js'

/** A TLV header: the tag, and the content length or `undefined` for the indefinite form. */
export interface BerHeader {
  tag: number
  length: number | undefined
  /** The header's own bytes. */
  bytes: Uint8Array
}

/**
 * Nesting beyond this is refused. CMS needs six levels to the encrypted content and a
 * certificate some more; 32 is far beyond real messages and bounds the recursion.
 */
const MAX_DEPTH = 32

export function malformed(message: string): SmimeError {
  return new SmimeError('ERR_SMIME_MALFORMED_CMS', message)
}

/** `header`, if it has `tag`; else ERR_SMIME_MALFORMED_CMS naming `what`. */
export function expectHeader(header: BerHeader, tag: number, what: string): BerHeader {
  if (header.tag !== tag)
    throw malformed(
      `expected ${what} (tag 0x${tag.toString(16)}), found tag 0x${header.tag.toString(16)}`,
    )
  return header
}

/** Reads a TLV header (low tag numbers only, as every CMS tag is). */
export async function readHeader(reader: ByteReader, what: string): Promise<BerHeader> {
  const at = reader.position
  const [tag, first] = await reader.read(2, what)
  if ((tag! & 0x1f) === 0x1f) throw malformed(`unexpected high tag number in ${what} at byte ${at}`)
  if (first! < 0x80) return { tag: tag!, length: first!, bytes: Uint8Array.of(tag!, first!) }
  if (first === 0x80) {
    // X.690 §8.1.3.6.1: the indefinite form is for constructed encodings only.
    if ((tag! & 0x20) === 0)
      throw malformed(`indefinite length on a primitive ${what} at byte ${at}`)
    return { tag: tag!, length: undefined, bytes: Uint8Array.of(tag!, first!) }
  }
  const count = first! & 0x7f
  // Six length octets reach 2^48: beyond any stream, and still a safe integer.
  if (count > 6) throw malformed(`a length of ${count} octets in ${what} at byte ${at}`)
  const octets = await reader.read(count, what)
  let length = 0
  for (const b of octets) length = length * 256 + b
  return { tag: tag!, length, bytes: concatBytes([Uint8Array.of(tag!, first!), octets]) }
}

/** True for the end-of-contents octets 00 00 (X.690 §8.1.5). */
export function isEndOfContents(header: BerHeader): boolean {
  return header.tag === 0 && header.length === 0
}

/**
 * One whole element (header and content), at most `budget.left` bytes; an indefinite length
 * is followed to its end-of-contents.
 */
export async function readElement(
  reader: ByteReader,
  what: string,
  budget: { left: number },
  header?: BerHeader,
  depth = 0,
): Promise<Uint8Array> {
  if (depth > MAX_DEPTH) throw malformed(`${what} is nested too deeply`)
  const head = header ?? (await readHeader(reader, what))
  if (head.length !== undefined) {
    if (head.length > budget.left - head.bytes.length)
      throw malformed(`${what} is larger than allowed before the content (${head.length} bytes)`)
    budget.left -= head.bytes.length + head.length
    return concatBytes([head.bytes, await reader.read(head.length, what)])
  }
  const parts = [head.bytes]
  for (;;) {
    const child = await readHeader(reader, what)
    if (isEndOfContents(child)) break
    parts.push(await readElement(reader, what, budget, child, depth + 1))
  }
  parts.push(Uint8Array.of(0, 0))
  return concatBytes(parts)
}

/** Where a constructed element ends: a position, or `undefined` for end-of-contents. */
export type Frame = { end: number | undefined; what: string }

export function openFrame(reader: ByteReader, header: BerHeader, what: string): Frame {
  return { end: header.length === undefined ? undefined : reader.position + header.length, what }
}

/** True when the next thing in `frame` is its end (and, for indefinite length, reads it). */
export async function atEnd(reader: ByteReader, frame: Frame): Promise<boolean> {
  if (frame.end !== undefined) {
    if (reader.position > frame.end) throw malformed(`${frame.what} overruns its length`)
    return reader.position === frame.end
  }
  if ((await reader.peek()) !== 0) return false
  const eoc = await reader.read(2, frame.what)
  if (eoc[1] !== 0) throw malformed(`bad end-of-contents in ${frame.what}`)
  return true
}

/** Requires `frame` to end here. */
export async function closeFrame(reader: ByteReader, frame: Frame): Promise<void> {
  if (!(await atEnd(reader, frame))) throw malformed(`unexpected data at the end of ${frame.what}`)
}

/**
 * The content of an OCTET STRING in pieces as they arrive: one primitive string, or the
 * segments of a constructed one (X.690 §8.7.3), nested or not.
 */
export async function* octetStringPieces(
  reader: ByteReader,
  header: BerHeader,
  what: string,
  maxPiece: number,
  depth = 0,
): AsyncGenerator<Uint8Array> {
  if (depth > MAX_DEPTH) throw malformed(`${what} is nested too deeply`)
  if ((header.tag & 0x20) === 0) {
    for (let left = header.length!; left > 0;) {
      const piece = await reader.some(Math.min(left, maxPiece))
      if (!piece) throw truncated(what)
      left -= piece.length
      yield piece
    }
    return
  }
  const frame = openFrame(reader, header, what)
  while (!(await atEnd(reader, frame))) {
    const segment = await readHeader(reader, what)
    if ((segment.tag & 0xdf) !== 0x04)
      throw malformed(
        `expected OCTET STRING segments in ${what}, found tag 0x${segment.tag.toString(16)}`,
      )
    yield* octetStringPieces(reader, segment, what, maxPiece, depth + 1)
  }
}
