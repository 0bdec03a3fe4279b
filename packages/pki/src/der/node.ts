// The one BER/DER reader of Siegel. It records offsets and slices, never copies content, so
// that a signed or encrypted body of hundreds of MiB passes through it, and it counts every
// level of nesting it descends so that hostile input ends in a typed error, not a stack overflow.
import { DerError } from '../errors.js'
import { derFail, type DerContext } from './context.js'
import { oidProblem } from './oid.js'
import { checkDerValue } from './strict.js'
import { concat } from './writer.js'

/**
 * How many levels of nesting a read may descend, counting every constructed value of either
 * length form. Certificates, keys and CMS messages need fewer than 16; OpenSSL stops at 30
 * (`ASN1_MAX_CONSTRUCTED_NEST`). Deeper input is an attack on the stack.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 */
export const MAX_DER_DEPTH = 32

/**
 * One TLV, as offsets into the buffer it was read from.
 *
 * Internal to Siegel: not a stable public API.
 */
export interface DerNode {
  /** The first identifier octet (class, constructed bit, tag number or 0x1f), as in `TAG`. */
  tag: number
  /** Tag class: 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number
  /** Tag number, also in the high-tag-number form. */
  number: number
  constructed: boolean
  /** Offset of the identifier octet. */
  start: number
  contentStart: number
  /** End of the content (before the end-of-contents octets of an indefinite length). */
  contentEnd: number
  /** Offset just after the whole TLV. */
  end: number
  /** Nesting level: 0 for a value read on its own, parent + 1 for a child. */
  depth: number
}

/**
 * Reads the TLV at `offset`, which must end by `limit`. For an indefinite length (BER only) it
 * reads the children up to the end-of-contents octets, one level deeper each.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param bytes - the buffer
 * @param offset - where the identifier octet is
 * @param limit - the end of the enclosing value
 * @param context - error code, name, BER or DER
 * @param depth - the nesting level of this value
 * @returns the node
 * @throws DerError `context.code` for malformed or (strict) non-DER bytes,
 *   `ERR_PKI_DER_TOO_DEEP` beyond {@link MAX_DER_DEPTH}
 * @example
 * ```ts
 * const node = readNode(der, 0, der.length, { code: 'ERR_PKI_INVALID_INPUT', what: 'CMS' })
 * ```
 */
export function readNode(
  bytes: Uint8Array,
  offset: number,
  limit: number,
  context: DerContext,
  depth = 0,
): DerNode {
  if (depth > MAX_DER_DEPTH)
    throw new DerError(
      'ERR_PKI_DER_TOO_DEEP',
      `${context.what}: nested deeper than ${MAX_DER_DEPTH} levels at byte ${offset}`,
      offset,
    )
  if (offset + 2 > limit) derFail(context, 'truncated value', offset)
  const tag = bytes[offset]!
  const cls = tag >> 6
  const constructed = (tag & 0x20) !== 0
  let pos = offset + 1
  let number = tag & 0x1f
  if (number === 0x1f) {
    // X.690 §8.1.2.4: the high form is for tags from 31 on, in the fewest octets. Four
    // octets (28 bits) are more than any ASN.1 module we read uses.
    number = 0
    for (let i = 0; ; i++) {
      if (pos >= limit || i > 3) derFail(context, 'bad tag number', offset)
      const b = bytes[pos++]!
      if (i === 0 && b === 0x80) derFail(context, 'tag number with a leading 0x80', offset)
      number = number * 128 + (b & 0x7f)
      if (!(b & 0x80)) break
    }
    if (number < 31) derFail(context, `tag number ${number} in the high form`, offset)
    if (pos >= limit) derFail(context, 'truncated value', offset)
  }
  const first = bytes[pos++]!
  if (first === 0x80) {
    // X.690 §8.1.3.6: indefinite length, constructed only; DER forbids it (§10.1).
    if (context.strict) derFail(context, 'indefinite length is not DER (X.690 §10.1)', offset)
    if (!constructed) derFail(context, 'indefinite length on a primitive value', offset)
    const contentStart = pos
    let child = contentStart
    for (;;) {
      if (child + 2 > limit) derFail(context, 'missing end-of-contents', offset)
      if (bytes[child] === 0 && bytes[child + 1] === 0) {
        const end = child + 2
        return {
          tag,
          cls,
          number,
          constructed,
          start: offset,
          contentStart,
          contentEnd: child,
          end,
          depth,
        }
      }
      child = readNode(bytes, child, limit, context, depth + 1).end
    }
  }
  let length = first
  if (first > 0x80) {
    const count = first & 0x7f
    // Four length octets reach 4 GiB, beyond any input Siegel accepts; 0xff is reserved
    // (X.690 §8.1.3.5 c).
    if (count > 4) derFail(context, `length field of ${count} octets`, offset)
    if (pos + count > limit) derFail(context, 'truncated length', offset)
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!
    // X.690 §10.1: DER uses the short form below 128 and no leading zero octets.
    if (context.strict && (length < 0x80 || bytes[pos - count] === 0))
      derFail(context, 'length not in the fewest octets (X.690 §10.1)', offset)
  }
  const end = pos + length
  if (end > limit) derFail(context, `value of ${length} bytes runs past its container`, offset)
  const node = {
    tag,
    cls,
    number,
    constructed,
    start: offset,
    contentStart: pos,
    contentEnd: end,
    end,
    depth,
  }
  if (cls === 0 && number === 6) {
    const problem = constructed ? 'a constructed OBJECT IDENTIFIER' : oidProblem(bytes, pos, end)
    if (problem) derFail(context, problem, offset)
  }
  if (context.strict) checkDerValue(bytes, node, context)
  return node
}

/**
 * The TLVs inside a constructed node, each one level deeper.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param bytes - the buffer `node` was read from
 * @param node - a constructed node
 * @param context - error code, name, BER or DER
 * @returns the children in order
 * @throws DerError as {@link readNode}, and `context.code` for a primitive node
 * @example
 * ```ts
 * const [version, ...rest] = childrenOf(der, readRoot(der, context), context)
 * ```
 */
export function childrenOf(bytes: Uint8Array, node: DerNode, context: DerContext): DerNode[] {
  if (!node.constructed) derFail(context, 'expected a constructed value', node.start)
  const children: DerNode[] = []
  for (let pos = node.contentStart; pos < node.contentEnd;) {
    const child = readNode(bytes, pos, node.contentEnd, context, node.depth + 1)
    children.push(child)
    pos = child.end
  }
  return children
}

/**
 * Reads exactly one TLV covering all of `bytes`.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param bytes - the whole encoding
 * @param context - error code, name, BER or DER
 * @returns the root node, at depth 0
 * @throws DerError as {@link readNode}, and `context.code` for bytes after the value
 * @example
 * ```ts
 * const root = readRoot(der, { code: 'ERR_PKI_MALFORMED_CERTIFICATE', what: 'certificate', strict: true })
 * ```
 */
export function readRoot(bytes: Uint8Array, context: DerContext): DerNode {
  const root = readNode(bytes, 0, bytes.length, context)
  if (root.end !== bytes.length)
    derFail(context, `${bytes.length - root.end} bytes after the value`, root.end)
  return root
}

/**
 * The content octets of an OCTET STRING, joining the pieces of a constructed (BER) one in
 * order. Iterative: the nesting is bounded by the depth budget, not by the stack.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param bytes - the buffer `node` was read from
 * @param node - the OCTET STRING (tag 0x04 or 0x24, or an IMPLICIT tag in its place)
 * @param context - error code, name, BER or DER
 * @returns a view into `bytes` for a primitive string, else a new joined array
 * @throws DerError `context.code` for a piece that is no OCTET STRING,
 *   `ERR_PKI_DER_TOO_DEEP` for pieces nested beyond {@link MAX_DER_DEPTH}
 * @example
 * ```ts
 * const eContent = octetStringContent(der, node, context)
 * ```
 */
export function octetStringContent(
  bytes: Uint8Array,
  node: DerNode,
  context: DerContext,
): Uint8Array {
  if (!node.constructed) return bytes.subarray(node.contentStart, node.contentEnd)
  const pieces: Uint8Array[] = []
  // X.690 §8.7.3.2: the pieces are OCTET STRINGs, themselves primitive or constructed.
  const pending: DerNode[] = [node]
  while (pending.length > 0) {
    const current = pending.pop()!
    if (!current.constructed) {
      pieces.push(bytes.subarray(current.contentStart, current.contentEnd))
      continue
    }
    const children = childrenOf(bytes, current, context)
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!
      if (child.tag !== 0x04 && child.tag !== 0x24)
        derFail(context, 'a constructed OCTET STRING holds something else', child.start)
      pending.push(child)
    }
  }
  return pieces.length === 1 ? pieces[0]! : concat(pieces)
}
