// DER-aware mutations: read the input as a tree of TLVs (BER indefinite lengths included), change
// one node, and write the tree back with every enclosing length recomputed, so the change
// reaches the parser behind the outer structure instead of being stopped by a length check.

// A seed nests a few dozen levels at most; reading deeper is not needed to find a node to edit.
const MAX_READ_DEPTH = 64
// Bounds on what one mutation may add: inputs small enough for many runs a second, and nesting
// deep enough to find recursion without overflowing the writer here.
const MAX_WRAP_DEPTH = 1000
const MAX_GROWN_BYTES = 1 << 20

/** Reads `bytes` as one TLV tree; undefined if it is not (then byte mutations are used). */
export function readTree(bytes) {
  try {
    const [node, end] = readNode(bytes, 0, 0, bytes.length)
    return end === bytes.length ? node : undefined
  } catch {
    return undefined // not DER: the caller mutates bytes instead
  }
}

// Every node is read within its parent's end (`limit`): an indefinite-length child that ran past
// it would be read again by the parent's siblings, and nested, that costs exponential time.
function readNode(bytes, at, depth, limit) {
  if (depth > MAX_READ_DEPTH || at >= limit) throw new RangeError('too deep or past the end')
  const start = at
  let tag = bytes[at++]
  if (tag === undefined) throw new RangeError('truncated')
  if ((tag & 0x1f) === 0x1f) while (bytes[at++] & 0x80) if (at >= limit) throw new RangeError('tag')
  const tagBytes = bytes.subarray(start, at)
  const constructed = (tag & 0x20) !== 0
  const first = at < limit ? bytes[at++] : undefined
  if (first === undefined) throw new RangeError('truncated')
  if (first === 0x80) {
    if (!constructed) throw new RangeError('indefinite primitive')
    const children = []
    while (!(bytes[at] === 0 && bytes[at + 1] === 0)) {
      if (at + 2 > limit) throw new RangeError('unterminated')
      const [child, next] = readNode(bytes, at, depth + 1, limit)
      children.push(child)
      at = next
    }
    return [{ tagBytes, children, indefinite: true }, at + 2]
  }
  let length = first
  if (first & 0x80) {
    const count = first & 0x7f
    if (count > 4) throw new RangeError('length')
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + bytes[at++]
  }
  const end = at + length
  if (!(end <= limit)) throw new RangeError('truncated')
  if (!constructed) return [{ tagBytes, content: bytes.subarray(at, end) }, end]
  const children = []
  let pos = at
  try {
    while (pos < end) {
      const [child, next] = readNode(bytes, pos, depth + 1, end)
      children.push(child)
      pos = next
    }
  } catch {
    return [{ tagBytes, content: bytes.subarray(at, end) }, end] // opaque constructed content
  }
  if (pos !== end) return [{ tagBytes, content: bytes.subarray(at, end) }, end]
  return [{ tagBytes, children }, end]
}

/**
 * Writes a tree back to bytes, lengths recomputed (long form where the node asks for it), in
 * one pass into one buffer; undefined when it would exceed `maxBytes`.
 */
export function writeTree(node, maxBytes = Infinity) {
  const sizes = new Map()
  const total = sizeOf(node, sizes)
  if (total > maxBytes) return undefined
  const out = new Uint8Array(total)
  write(node, out, 0, sizes)
  return out
}

function contentSize(node, sizes) {
  if (!node.children) return node.content.length
  let size = node.indefinite ? 2 : 0
  for (const child of node.children) size += sizeOf(child, sizes)
  return size
}

function sizeOf(node, sizes) {
  let size = sizes.get(node)
  if (size === undefined) {
    const content = contentSize(node, sizes)
    const header = node.children && node.indefinite ? 1 : lengthBytes(content, node.longForm).length
    size = node.tagBytes.length + header + content
    sizes.set(node, size)
  }
  return size
}

function write(node, out, at, sizes) {
  out.set(node.tagBytes, at)
  at += node.tagBytes.length
  if (node.children && node.indefinite) {
    out[at++] = 0x80
    for (const child of node.children) at = write(child, out, at, sizes)
    out[at++] = 0
    out[at++] = 0
    return at
  }
  const length = lengthBytes(contentSize(node, sizes), node.longForm)
  out.set(length, at)
  at += length.length
  if (!node.children) {
    out.set(node.content, at)
    return at + node.content.length
  }
  for (const child of node.children) at = write(child, out, at, sizes)
  return at
}

/** The pieces joined into one array. */
export function concat(out) {
  let size = 0
  for (const piece of out) size += piece.length
  const bytes = new Uint8Array(size)
  let at = 0
  for (const piece of out) {
    bytes.set(piece, at)
    at += piece.length
  }
  return bytes
}

function lengthBytes(length, longForm) {
  if (length < 0x80 && !longForm) return Uint8Array.of(length)
  const digits = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) digits.unshift(n & 0xff)
  if (longForm) while (digits.length < 4) digits.unshift(0) // non-minimal: BER allows, DER not
  return Uint8Array.of(0x80 | digits.length, ...digits)
}

// A copy of a subtree, so that splicing a node into its own descendant makes no cycle.
const clone = (node) => ({
  ...node,
  ...(node.children ? { children: node.children.map(clone) } : {}),
})

function allNodes(node, list = [], parent = undefined) {
  list.push({ node, parent })
  for (const child of node.children ?? []) allNodes(child, list, node)
  return list
}

const INTERESTING_TAGS = [
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x16, 0x17, 0x18, 0x1e, 0x30, 0x31, 0x80,
  0xa0, 0xa1, 0xa3, 0x1f,
]

/** One DER-aware edit of `bytes` chosen by `rng`; undefined when the bytes are not a TLV tree. */
export function mutateDer(bytes, rng) {
  const tree = readTree(bytes)
  if (!tree) return undefined
  const nodes = allNodes(tree)
  const { node, parent } = rng.pick(nodes)
  const edit = rng.below(12)
  switch (edit) {
    case 0: // content replaced by random bytes of a similar size
      delete node.children
      node.content = rng.bytes(Math.max(0, (node.content?.length ?? 8) + rng.range(-4, 4)))
      break
    case 1: // content truncated
      if (node.content) node.content = node.content.subarray(0, rng.below(node.content.length + 1))
      else if (node.children)
        node.children = node.children.slice(0, rng.below(node.children.length + 1))
      break
    case 2: // a child duplicated (repeated fields, SET OF with many members)
      if (node.children?.length) {
        const child = rng.pick(node.children)
        const copies = rng.chance(0.2) ? rng.range(2, 200) : 1
        node.children.splice(rng.below(node.children.length + 1), 0, ...Array(copies).fill(child))
      }
      break
    case 3: // a child removed
      if (node.children?.length) node.children.splice(rng.below(node.children.length), 1)
      break
    case 4: // children swapped
      if (node.children?.length > 1) {
        const i = rng.below(node.children.length)
        const j = rng.below(node.children.length)
        ;[node.children[i], node.children[j]] = [node.children[j], node.children[i]]
      }
      break
    case 5: // the tag changed, constructed bit kept or flipped
      node.tagBytes = Uint8Array.of(
        rng.chance(0.5) ? rng.pick(INTERESTING_TAGS) : node.tagBytes[0] ^ (1 << rng.below(8)),
      )
      if (node.tagBytes[0] === 0x1f)
        node.tagBytes = Uint8Array.of(0x1f, 0x81, 0x80, 0x80, 0x80, 0x00)
      break
    case 6: {
      // wrapped in many levels of SEQUENCE (deep nesting)
      let wrapped = { ...node }
      const levels = rng.chance(0.5) ? rng.range(2, 40) : rng.range(40, MAX_WRAP_DEPTH)
      for (let i = 0; i < levels; i++)
        wrapped = { tagBytes: Uint8Array.of(rng.chance(0.8) ? 0x30 : 0xa0), children: [wrapped] }
      Object.assign(node, wrapped)
      delete node.content
      break
    }
    case 7: // INTEGER / OCTET STRING / OID with extreme content
      delete node.children
      node.content = rng.pick([
        () => new Uint8Array(0),
        () => Uint8Array.of(0x80),
        () => new Uint8Array(rng.range(300, 5000)).fill(0xff),
        () => Uint8Array.of(0x00, 0x00, 0x01),
        // Counts at and past the limits that bound key derivation work (1,000,000; 2^31 - 1).
        () => Uint8Array.of(0x0f, 0x42, 0x40),
        () => Uint8Array.of(0x0f, 0x42, 0x41),
        () => Uint8Array.of(0x7f, 0xff, 0xff, 0xff),
        () => new Uint8Array(rng.range(1, 64)).fill(0x81),
        () => Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, rng.below(256)),
      ])()
      break
    case 8: // length in non-minimal long form (BER, not DER)
      node.longForm = true
      break
    case 9: // constructed node written with an indefinite length
      if (node.children) node.indefinite = !node.indefinite
      break
    case 10: // a node from elsewhere in the tree spliced in place of this one
      Object.assign(node, clone(rng.pick(nodes).node))
      break
    default: // a sibling inserted with random TLV bytes
      if (parent?.children)
        parent.children.splice(rng.below(parent.children.length + 1), 0, {
          tagBytes: Uint8Array.of(rng.pick(INTERESTING_TAGS)),
          content: rng.bytes(rng.below(16)),
        })
  }
  return writeTree(tree, bytes.length + MAX_GROWN_BYTES)
}
