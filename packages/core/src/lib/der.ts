// A deliberately small BER/DER reader and DER writer for the outer layers of CMS. The content
// of a signed or enveloped message can be hundreds of MiB, which asn1js (and so pkijs) refuses
// to decode (16 MiB per value by default) and copies several times; this module only records
// offsets and slices, and leaves small inner structures (SignerInfo, certificates) to pkijs.
import { SmimeError } from '../errors.js'
import { concatBytes } from './bytes.js'

/** One TLV: offsets into the buffer it was read from. */
export interface DerNode {
  /** The first identifier octet (class, constructed bit, tag number ≤ 30). */
  tag: number
  constructed: boolean
  /** Offset of the identifier octet. */
  start: number
  contentStart: number
  /** End of the content (before the end-of-contents octets of an indefinite length). */
  contentEnd: number
  /** Offset just after the whole TLV. */
  end: number
}

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  sequence: 0x30,
  set: 0x31,
  context0: 0xa0,
  context1: 0xa1,
} as const

// Nesting of BER constructed values in CMS is shallow (a handful of levels); bounds recursion
// on hostile input with nested indefinite lengths.
const MAX_DEPTH = 32

function malformed(message: string, offset: number): SmimeError {
  return new SmimeError('ERR_SMIME_MALFORMED_CMS', `${message} at byte ${offset}`)
}

/** Reads the TLV at `offset`, which must end by `limit`. */
export function readNode(
  bytes: Uint8Array,
  offset: number,
  limit: number = bytes.length,
  depth = 0,
): DerNode {
  if (depth > MAX_DEPTH) throw malformed('BER nesting too deep', offset)
  if (offset + 2 > limit) throw malformed('truncated TLV', offset)
  const tag = bytes[offset]!
  if ((tag & 0x1f) === 0x1f) throw malformed('high tag numbers are not used in CMS', offset)
  const constructed = (tag & 0x20) !== 0
  let pos = offset + 1
  const first = bytes[pos++]!
  if (first === 0x80) {
    if (!constructed) throw malformed('indefinite length on a primitive value', offset)
    const contentStart = pos
    let child = contentStart
    for (;;) {
      if (child + 2 > limit) throw malformed('missing end-of-contents', offset)
      if (bytes[child] === 0 && bytes[child + 1] === 0) {
        return { tag, constructed, start: offset, contentStart, contentEnd: child, end: child + 2 }
      }
      child = readNode(bytes, child, limit, depth + 1).end
    }
  }
  let length = first
  if (first > 0x80) {
    const count = first & 0x7f
    // Four length octets reach 4 GiB, far beyond any message this library accepts.
    if (count > 4) throw malformed('length field too long', offset)
    if (pos + count > limit) throw malformed('truncated length', offset)
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!
  }
  const end = pos + length
  if (end > limit) throw malformed(`value of ${length} bytes runs past its container`, offset)
  return { tag, constructed, start: offset, contentStart: pos, contentEnd: end, end }
}

/** The TLVs inside a constructed node. */
export function childrenOf(bytes: Uint8Array, node: DerNode): DerNode[] {
  if (!node.constructed) throw malformed('expected a constructed value', node.start)
  const children: DerNode[] = []
  for (let pos = node.contentStart; pos < node.contentEnd;) {
    const child = readNode(bytes, pos, node.contentEnd)
    children.push(child)
    pos = child.end
  }
  return children
}

/** Reads exactly one TLV covering all of `bytes`. */
export function readRoot(bytes: Uint8Array): DerNode {
  const root = readNode(bytes, 0)
  if (root.end !== bytes.length)
    throw malformed(`${bytes.length - root.end} bytes after the end of the structure`, root.end)
  return root
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) {
    throw malformed(
      `expected ${what} (tag 0x${tag.toString(16)})${node ? `, found tag 0x${node.tag.toString(16)}` : ', found nothing'}`,
      node?.start ?? 0,
    )
  }
  return node
}

/** The content octets of an OCTET STRING, joining the pieces of a constructed (BER) one. */
export function octetStringContent(bytes: Uint8Array, node: DerNode): Uint8Array {
  if (!node.constructed) return bytes.subarray(node.contentStart, node.contentEnd)
  const pieces: Uint8Array[] = []
  const collect = (n: DerNode): void => {
    for (const child of childrenOf(bytes, n)) {
      if ((child.tag & 0xdf) !== TAG.octetString)
        throw malformed('a constructed OCTET STRING holds something else', child.start)
      if (child.constructed) collect(child)
      else pieces.push(bytes.subarray(child.contentStart, child.contentEnd))
    }
  }
  collect(node)
  if (pieces.length === 1) return pieces[0]!
  let length = 0
  for (const piece of pieces) length += piece.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const piece of pieces) {
    out.set(piece, offset)
    offset += piece.length
  }
  return out
}

/** The dotted form of an OBJECT IDENTIFIER node. */
export function readOid(bytes: Uint8Array, node: DerNode): string {
  expectTag(node, TAG.oid, 'an OBJECT IDENTIFIER')
  const arcs: number[] = []
  let value = 0
  for (let i = node.contentStart; i < node.contentEnd; i++) {
    const b = bytes[i]!
    value = value * 128 + (b & 0x7f)
    if ((b & 0x80) === 0) {
      if (arcs.length === 0)
        arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80)
      else arcs.push(value)
      value = 0
    }
  }
  return arcs.join('.')
}

/** The bytes of the whole TLV. */
export function tlvBytes(bytes: Uint8Array, node: DerNode): Uint8Array {
  return bytes.subarray(node.start, node.end)
}

// ---- writer ----

/** DER length octets. */
function lengthOctets(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length)
  const octets: number[] = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) octets.unshift(n & 0xff)
  return Uint8Array.of(0x80 | octets.length, ...octets)
}

/** A DER TLV from its tag and content parts (the parts are copied once into the result). */
export function tlv(tag: number, ...content: readonly Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of content) length += part.length
  return concatBytes([Uint8Array.of(tag), lengthOctets(length), ...content])
}

/**
 * A DER value still to be written: its children are written into one buffer by {@link encode},
 * so large content nested several levels deep (an opaque signature's eContent) is copied once.
 */
export interface DerTree {
  tag: number
  children: readonly (Uint8Array | DerTree)[]
  /** Length of the content octets. */
  length: number
}

export function node(tag: number, ...children: readonly (Uint8Array | DerTree)[]): DerTree {
  let length = 0
  for (const child of children) length += encodedLength(child)
  return { tag, children, length }
}

function encodedLength(value: Uint8Array | DerTree): number {
  return value instanceof Uint8Array
    ? value.length
    : 1 + lengthOctets(value.length).length + value.length
}

/** Writes a tree of DER values into one new buffer. */
export function encode(tree: DerTree): Uint8Array {
  const out = new Uint8Array(encodedLength(tree))
  const write = (value: Uint8Array | DerTree, offset: number): number => {
    if (value instanceof Uint8Array) {
      out.set(value, offset)
      return offset + value.length
    }
    out[offset] = value.tag
    const header = lengthOctets(value.length)
    out.set(header, offset + 1)
    let position = offset + 1 + header.length
    for (const child of value.children) position = write(child, position)
    return position
  }
  write(tree, 0)
  return out
}

// Leaves from this size on are handed on as they are, never copied into a joined encoding.
const LARGE_LEAF = 64 * 1024

/**
 * The DER of `tree` as pieces in order: large leaves (a signed or encrypted body) as the very
 * arrays given, everything between them joined. For output that is base64-encoded anyway,
 * this saves a copy of the body.
 */
export function encodePieces(tree: DerTree): Uint8Array[] {
  const flat: Uint8Array[] = []
  const walk = (value: Uint8Array | DerTree): void => {
    if (value instanceof Uint8Array) {
      flat.push(value)
      return
    }
    flat.push(Uint8Array.of(value.tag), lengthOctets(value.length))
    for (const child of value.children) walk(child)
  }
  walk(tree)
  const pieces: Uint8Array[] = []
  let small: Uint8Array[] = []
  for (const piece of flat) {
    if (piece.length < LARGE_LEAF) {
      small.push(piece)
      continue
    }
    if (small.length > 0) pieces.push(concatBytes(small))
    pieces.push(piece)
    small = []
  }
  if (small.length > 0) pieces.push(concatBytes(small))
  return pieces
}

/** DER OBJECT IDENTIFIER. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number)
  const body: number[] = []
  const push = (value: number): void => {
    const septets = [value & 0x7f]
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128))
      septets.unshift((v & 0x7f) | 0x80)
    body.push(...septets)
  }
  push(arcs[0]! * 40 + arcs[1]!)
  for (const arc of arcs.slice(2)) push(arc)
  return tlv(TAG.oid, Uint8Array.from(body))
}

/** DER INTEGER from a non-negative safe integer (versions, iteration counts). */
export function smallInteger(value: number): Uint8Array {
  const octets: number[] = []
  for (let v = value; v > 0; v = Math.floor(v / 256)) octets.unshift(v % 256)
  // X.690 §8.3.2: minimal, with a leading zero octet where the top bit would make it negative.
  if (octets.length === 0 || octets[0]! >= 0x80) octets.unshift(0)
  return tlv(TAG.integer, Uint8Array.from(octets))
}

/** DER SET OF: the elements sorted by their encodings (X.690 §11.6). */
export function setOf(elements: readonly Uint8Array[]): Uint8Array {
  const sorted = [...elements].sort(compareBytes)
  return tlv(TAG.set, ...sorted)
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}
