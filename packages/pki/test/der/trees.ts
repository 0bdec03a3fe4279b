// Random ASN.1 value trees for the DER property tests: written with the module's writer, read
// back with its reader.
import fc from 'fast-check'
import { childrenOf, concat, tlv, type DerContext, type DerNode } from '@siegel/pki/der'

/** A primitive value or a constructed one, by identifier octet. */
export type Tree = { tag: number; content: Uint8Array } | { tag: number; children: Tree[] }

// Primitive tags whose content DER does not constrain: OCTET STRING, UTF8String, IA5String,
// and context-specific [0]..[30] IMPLICIT.
const primitiveTag = fc.oneof(
  fc.constantFrom(0x04, 0x0c, 0x16),
  fc.integer({ min: 0x80, max: 0x9e }),
)
// SEQUENCE, SET and context-specific [0]..[30] EXPLICIT.
const constructedTag = fc.oneof(fc.constantFrom(0x30, 0x31), fc.integer({ min: 0xa0, max: 0xbe }))

/** Trees up to 6 levels deep, with leaves of up to 300 bytes (long-form lengths). */
export const arbitraryTree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 6, depthSize: 'small' },
    fc.record({ tag: primitiveTag, content: fc.uint8Array({ maxLength: 300 }) }),
    fc.record({ tag: constructedTag, children: fc.array(tie('tree'), { maxLength: 5 }) }),
  ),
})).tree

/** The encoding of `tree`: DER, or BER with every constructed value of indefinite length. */
export function encodeTree(tree: Tree, indefinite: boolean): Uint8Array {
  return encodeTreeWhere(tree, () => indefinite)
}

/**
 * The encoding of `tree` with an indefinite length for the constructed values whose path (the
 * child indices from the root) `indefinite` selects, and DER for all else.
 */
export function encodeTreeWhere(
  tree: Tree,
  indefinite: (path: readonly number[]) => boolean,
  path: readonly number[] = [],
): Uint8Array {
  if ('content' in tree) return tlv(tree.tag, tree.content)
  const children = tree.children.map((child, i) => encodeTreeWhere(child, indefinite, [...path, i]))
  if (!indefinite(path)) return tlv(tree.tag, ...children)
  // X.690 §8.1.3.6: 0x80, the children, and the two end-of-contents octets.
  return concat([Uint8Array.of(tree.tag, 0x80), ...children, new Uint8Array(2)])
}

/** The tree at `node`, read back. */
export function readTree(bytes: Uint8Array, node: DerNode, context: DerContext): Tree {
  if (!node.constructed)
    return { tag: node.tag, content: bytes.slice(node.contentStart, node.contentEnd) }
  return {
    tag: node.tag,
    children: childrenOf(bytes, node, context).map((child) => readTree(bytes, child, context)),
  }
}

/**
 * `depth` constructed OCTET STRINGs, each the only piece of the next, around `inner`, with
 * definite lengths; written front to back into one buffer (20,000 levels are 80 KB).
 */
export function nestedOctetStrings(depth: number, inner: Uint8Array): Uint8Array {
  const headers: number[][] = []
  let length = inner.length
  for (let i = 0; i < depth; i++) {
    const header =
      length < 0x80
        ? [0x24, length]
        : length < 0x100
          ? [0x24, 0x81, length]
          : length < 0x10000
            ? [0x24, 0x82, length >> 8, length & 0xff]
            : [0x24, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff]
    headers.push(header)
    length += header.length
  }
  const out = new Uint8Array(length)
  let offset = 0
  for (let i = depth - 1; i >= 0; i--) {
    out.set(headers[i]!, offset)
    offset += headers[i]!.length
  }
  out.set(inner, offset)
  return out
}
