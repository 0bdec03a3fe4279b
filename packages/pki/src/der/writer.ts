// The DER writer: TLVs from their parts, and trees written into one buffer (or into pieces that
// leave large content uncopied).

/**
 * Identifier octets of the universal and context-specific tags Siegel writes most.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 */
export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  context0: 0xa0,
  context1: 0xa1,
} as const

/**
 * The bytes of `parts` in one new array.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param parts - the arrays to join
 * @returns their concatenation
 * @example
 * ```ts
 * concat([Uint8Array.of(1), Uint8Array.of(2)]) // [1, 2]
 * ```
 */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** X.690 §10.1: the short form below 128, else the fewest length octets. */
function lengthSize(length: number): number {
  if (length < 0x80) return 1
  let size = 1
  for (let n = length; n > 0; n = Math.floor(n / 256)) size++
  return size
}

/** Writes the identifier and length octets at `offset`; returns the offset after them. */
function writeHeader(out: Uint8Array, offset: number, tag: number, length: number): number {
  out[offset] = tag
  const size = lengthSize(length)
  if (size === 1) {
    out[offset + 1] = length
    return offset + 2
  }
  out[offset + 1] = 0x80 | (size - 1)
  for (let i = offset + size, n = length; i > offset + 1; i--, n = Math.floor(n / 256))
    out[i] = n & 0xff
  return offset + 1 + size
}

/**
 * A DER TLV from its identifier octet and content parts (copied once into the result).
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param tag - the identifier octet, e.g. `TAG.sequence`
 * @param content - the content, in parts
 * @returns the TLV
 * @example
 * ```ts
 * tlv(TAG.sequence, tlv(TAG.integer, Uint8Array.of(1))) // 30 03 02 01 01
 * ```
 */
export function tlv(tag: number, ...content: readonly Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of content) length += part.length
  // One allocation: TLVs are written by the thousand, and nested ones copy their content anyway.
  const out = new Uint8Array(1 + lengthSize(length) + length)
  let offset = writeHeader(out, 0, tag, length)
  for (const part of content) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/**
 * Byte-wise order of two encodings, shorter first on a common prefix (X.690 §11.6).
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param a - one encoding
 * @param b - another
 * @returns negative, zero or positive, as for `Array.prototype.sort`
 * @example
 * ```ts
 * [...elements].sort(compareBytes)
 * ```
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

/**
 * DER SET OF: the elements sorted by their encodings (X.690 §11.6).
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param elements - the DER of each element
 * @returns the SET TLV
 * @example
 * ```ts
 * setOf([attributeB, attributeA])
 * ```
 */
export function setOf(elements: readonly Uint8Array[]): Uint8Array {
  return tlv(TAG.set, ...[...elements].sort(compareBytes))
}

/**
 * A DER value still to be written: its children are written into one buffer by {@link encode},
 * so large content nested several levels deep (an opaque signature's eContent) is copied once.
 *
 * Internal to Siegel: not a stable public API.
 */
export interface DerTree {
  tag: number
  children: readonly (Uint8Array | DerTree)[]
  /** Length of the content octets. */
  length: number
}

/**
 * A {@link DerTree} node.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param tag - the identifier octet
 * @param children - encoded values or further trees
 * @returns the tree
 * @example
 * ```ts
 * encode(node(TAG.sequence, oid(CMS_DATA), node(TAG.context0, node(TAG.octetString, body))))
 * ```
 */
export function node(tag: number, ...children: readonly (Uint8Array | DerTree)[]): DerTree {
  let length = 0
  for (const child of children) length += encodedLength(child)
  return { tag, children, length }
}

function encodedLength(value: Uint8Array | DerTree): number {
  return value instanceof Uint8Array ? value.length : 1 + lengthSize(value.length) + value.length
}

/**
 * Writes a tree of DER values into one new buffer.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param tree - the tree
 * @returns its DER
 * @example
 * ```ts
 * encode(node(TAG.sequence, tlv(TAG.null))) // 30 02 05 00
 * ```
 */
export function encode(tree: DerTree): Uint8Array {
  const out = new Uint8Array(encodedLength(tree))
  writeTree(out, 0, tree)
  return out
}

/** Writes `value` at `offset`; returns the offset after it. */
function writeTree(out: Uint8Array, offset: number, value: Uint8Array | DerTree): number {
  if (value instanceof Uint8Array) {
    out.set(value, offset)
    return offset + value.length
  }
  let at = writeHeader(out, offset, value.tag, value.length)
  for (const child of value.children) at = writeTree(out, at, child)
  return at
}

function flatten(tree: DerTree): Uint8Array[] {
  const flat: Uint8Array[] = []
  const walk = (value: Uint8Array | DerTree): void => {
    if (value instanceof Uint8Array) {
      flat.push(value)
      return
    }
    const header = new Uint8Array(1 + lengthSize(value.length))
    writeHeader(header, 0, value.tag, value.length)
    flat.push(header)
    for (const child of value.children) walk(child)
  }
  walk(tree)
  return flat
}

// Leaves from this size on are handed on as they are, never copied into a joined encoding.
const LARGE_LEAF = 64 * 1024

/**
 * The bytes `writeTree` writes for `value` (a node with fewer children than its length, whose
 * content comes later, gives only its header), or undefined if a leaf in it is large.
 */
function writtenLength(value: Uint8Array | DerTree): number | undefined {
  if (value instanceof Uint8Array) return value.length < LARGE_LEAF ? value.length : undefined
  let length = 1 + lengthSize(value.length)
  for (const child of value.children) {
    const n = writtenLength(child)
    if (n === undefined) return undefined
    length += n
  }
  return length
}

/**
 * The DER of `tree` as pieces in order: large leaves (a signed or encrypted body) as the very
 * arrays given, everything between them joined. For output that is base64-encoded anyway,
 * this saves a copy of the body.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param tree - the tree
 * @returns the pieces, whose concatenation is the DER
 * @example
 * ```ts
 * const pieces = encodePieces(node(TAG.octetString, body))
 * ```
 */
export function encodePieces(tree: DerTree): Uint8Array[] {
  // Usual for small messages: one pass into one buffer, no header arrays to join.
  const written = writtenLength(tree)
  if (written !== undefined) {
    const out = new Uint8Array(written)
    writeTree(out, 0, tree)
    return [out]
  }
  const pieces: Uint8Array[] = []
  let small: Uint8Array[] = []
  for (const piece of flatten(tree)) {
    if (piece.length < LARGE_LEAF) {
      small.push(piece)
      continue
    }
    if (small.length > 0) pieces.push(concat(small))
    pieces.push(piece)
    small = []
  }
  if (small.length > 0) pieces.push(concat(small))
  return pieces
}
