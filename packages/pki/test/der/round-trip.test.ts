import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  assertDer,
  concat,
  encode,
  encodePieces,
  node as derNode,
  type DerTree,
  childrenOf,
  decodeOid,
  decodeTime,
  encodeOid,
  encodeTime,
  oid,
  readRoot,
  setOf,
  smallInteger,
  TAG,
  tlv,
  unsignedInteger,
  type DerContext,
  type DerNode,
} from '@siegel/pki/der'
import { type Tree, arbitraryTree, encodeTree, readTree } from './trees.js'

const DER: DerContext = { code: 'ERR_PKI_INVALID_INPUT', what: 'test', strict: true }
const BER: DerContext = { code: 'ERR_PKI_INVALID_INPUT', what: 'test' }

const content = (bytes: Uint8Array, node: DerNode): Uint8Array =>
  bytes.subarray(node.contentStart, node.contentEnd)

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

const toBigInt = (bytes: Uint8Array): bigint => bytes.reduce((n, b) => n * 256n + BigInt(b), 0n)

const fromBigInt = (value: bigint): Uint8Array => {
  const out: number[] = []
  for (let v = value; v > 0n; v >>= 8n) out.unshift(Number(v & 0xffn))
  return Uint8Array.from(out)
}

// Byte-wise order, written out here rather than taken from the module under test.
const order = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

describe('DER round trips', () => {
  it('writes every length in the fewest octets and reads it back', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(300), fc.nat(70_000)), (length) => {
        const encoded = tlv(TAG.octetString, new Uint8Array(length))
        const node = readRoot(encoded, DER)
        expect(node.contentEnd - node.contentStart).toBe(length)
        // X.690 §10.1: short form below 128, else 1 + the fewest length octets.
        const octets = length < 0x80 ? 1 : 1 + Math.ceil(Math.log2(length + 1) / 8)
        expect(node.contentStart).toBe(1 + octets)
      }),
      { numRuns: 200 },
    )
  })

  it('writes non-negative INTEGERs minimally and reads the same value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 520n }), (value) => {
        const encoded = unsignedInteger(fromBigInt(value))
        const node = readRoot(encoded, DER)
        expect(toBigInt(content(encoded, node))).toBe(value)
      }),
    )
    fc.assert(
      fc.property(fc.maxSafeNat(), (value) => {
        const encoded = smallInteger(value)
        expect(toBigInt(content(encoded, readRoot(encoded, DER)))).toBe(BigInt(value))
      }),
    )
  })

  it('encodes and decodes OBJECT IDENTIFIERs, arcs of 128 bits included', () => {
    const arc = fc.oneof(
      fc.nat(200),
      fc.maxSafeNat(),
      fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
    )
    const dotted = fc
      .tuple(
        fc.nat(2),
        fc.nat(39),
        fc.bigInt({ min: 0n, max: 1n << 70n }),
        fc.array(arc, { maxLength: 8 }),
      )
      .map(([first, second, big, rest]) =>
        [first, first === 2 ? big : second, ...rest].map(String).join('.'),
      )
    fc.assert(
      fc.property(dotted, (text) => {
        const encoded = oid(text)
        const node = readRoot(encoded, DER)
        expect(decodeOid(content(encoded, node))).toBe(text)
        expect(encodeOid(decodeOid(content(encoded, node)))).toEqual(content(encoded, node))
      }),
    )
  })

  it('encodes times as UTCTime from 1950 to 2049, else GeneralizedTime, and reads them back', () => {
    const dates = fc.date({
      min: new Date('0000-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    fc.assert(
      fc.property(dates, (date) => {
        const encoded = encodeTime(date)
        const node = readRoot(encoded, DER)
        const year = date.getUTCFullYear()
        expect(node.tag).toBe(year >= 1950 && year < 2050 ? 0x17 : 0x18)
        const seconds = new Date(Math.floor(date.getTime() / 1000) * 1000)
        expect(decodeTime(node.tag, content(encoded, node))).toEqual(seconds)
      }),
    )
  })

  it('reads nested structures back as written, in DER and in BER with indefinite lengths', () => {
    fc.assert(
      fc.property(arbitraryTree, fc.boolean(), (tree: Tree, indefinite) => {
        const encoded = encodeTree(tree, indefinite)
        expect(readTree(encoded, readRoot(encoded, BER), BER)).toEqual(tree)
        if (!indefinite) {
          assertDer(encoded, DER)
          expect(readTree(encoded, readRoot(encoded, DER), DER)).toEqual(tree)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('writes a tree in one buffer, or in pieces, as the same bytes as nested TLVs', () => {
    // Leaves up to 70,000 bytes: long-form lengths and the large leaves encodePieces hands on.
    const toDerTree = (tree: Tree): Uint8Array | DerTree =>
      'content' in tree
        ? tlv(tree.tag, tree.content)
        : derNode(tree.tag, ...tree.children.map(toDerTree))
    fc.assert(
      fc.property(arbitraryTree, fc.oneof(fc.nat(300), fc.constant(70_000)), (tree, large) => {
        const leaf = tlv(TAG.octetString, new Uint8Array(large))
        const root = derNode(TAG.sequence, toDerTree(tree), leaf)
        const expected = tlv(
          TAG.sequence,
          encodeTree(tree, false),
          tlv(TAG.octetString, new Uint8Array(large)),
        )
        // Compared as hex: toEqual on 70,000-element arrays is slow.
        expect(hex(encode(root))).toBe(hex(expected))
        const pieces = encodePieces(root)
        expect(hex(concat(pieces))).toBe(hex(expected))
        // A large leaf is handed on as it is; a tree without one comes as one piece.
        if (leaf.length >= 65536) expect(pieces).toContain(leaf)
        else expect(pieces).toHaveLength(1)
      }),
      { numRuns: 60 },
    )
  })

  it('writes a node whose content comes later (no children) as its header alone', () => {
    // An envelope frame: the ciphertext's [0] is announced, and written afterwards by the caller.
    const hollow: DerTree = { tag: 0x80, children: [], length: 300 }
    const root = derNode(TAG.sequence, tlv(TAG.null), hollow)
    expect(hex(concat(encodePieces(root)))).toBe('30820132' + '0500' + '80820' + '12c')
    const large = new Uint8Array(70_000)
    const both = encodePieces(derNode(TAG.sequence, hollow, large))
    expect(hex(both[0]!)).toBe('30830112a0' + '8082012c')
    expect(both[1]).toBe(large)
  })

  it('sorts SET OF elements by their encodings (X.690 §11.6)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 8 }), (values) => {
        const elements = values.map((value) => tlv(TAG.octetString, value))
        const set = setOf(elements)
        const children = childrenOf(set, readRoot(set, DER), DER).map((child) =>
          set.subarray(child.start, child.end),
        )
        for (let i = 1; i < children.length; i++)
          expect(order(children[i - 1]!, children[i]!)).toBeLessThanOrEqual(0)
      }),
    )
  })

  it('encodes an OID again to the same bytes, as a copy the caller may change', () => {
    const first = encodeOid('1.2.840.113549.1.7.2')
    expect(first).toEqual(Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02))
    first.fill(0)
    expect(encodeOid('1.2.840.113549.1.7.2')).toEqual(
      Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02),
    )
    // Past the remembered few hundred, the oldest are encoded afresh, to the same bytes.
    for (let i = 0; i < 600; i++) expect(decodeOid(encodeOid(`2.25.${i}`))).toBe(`2.25.${i}`)
    expect(decodeOid(encodeOid('2.25.0'))).toBe('2.25.0')
  })

  it('refuses to encode strings that are no OID with ERR_PKI_INVALID_INPUT', () => {
    for (const bad of ['', '1', '3.1', '1.40', '1.2.x', '1..2', '1.02', '-1.2'])
      expect(() => encodeOid(bad), bad).toThrow(
        expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
      )
    expect(() => encodeTime(new Date('+010000-01-01T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
    )
  })
})
