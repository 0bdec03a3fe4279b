// RFC 5280 §4.1 and §5.1: certificates and CRLs are DER. Other encodings of the same values
// (BER, non-minimal lengths and OIDs) are refused, each with the parser's code. Non-minimal
// INTEGERs are read (see certificate-fields.test.ts: old CAs' serial numbers).
import { describe, expect, it } from 'vitest'
import { Certificate, decodePem, DerError, parseCrl } from '@siegel/pki'
import { concat, readRoot, tlv, type DerContext } from '@siegel/pki/der'
import { encodeTree, readTree, type Tree } from '../der/trees.js'
import { testPki } from '../fixtures/test-pki.js'
import { pkits } from '../trust/pkits-vectors.js'

const BER: DerContext = { code: 'ERR_PKI_INVALID_INPUT', what: 'test' }
const alice = decodePem(testPki.alice)[0]!.der
const treeOf = (der: Uint8Array): Tree => readTree(der, readRoot(der, BER), BER)

/** `tree` with the first value (depth first) that `pick` selects replaced by `change(value)`. */
function replaceFirst(tree: Tree, pick: (t: Tree) => boolean, change: (t: Tree) => Tree): Tree {
  let done = false
  const walk = (t: Tree): Tree => {
    if (done) return t
    if (pick(t)) {
      done = true
      return change(t)
    }
    return 'children' in t ? { tag: t.tag, children: t.children.map(walk) } : t
  }
  const result = walk(tree)
  expect(done, 'the certificate has the value to change').toBe(true)
  return result
}

const leaf = (tag: number) => (t: Tree) => t.tag === tag && 'content' in t
const withContent = (content: Uint8Array) => (t: Tree) => ({ tag: t.tag, content })

/** The TLV with a four-octet length where one or two would do. */
function longLength(value: Uint8Array): Uint8Array {
  const node = readRoot(value, BER)
  const length = node.contentEnd - node.contentStart
  const header = [
    value[0]!,
    0x84,
    length >>> 24,
    (length >> 16) & 0xff,
    (length >> 8) & 0xff,
    length & 0xff,
  ]
  return concat([Uint8Array.from(header), value.subarray(node.contentStart)])
}

function expectRefused(der: Uint8Array): void {
  let error: unknown
  try {
    Certificate.from(der)
  } catch (caught) {
    error = caught
  }
  expect(error).toBeInstanceOf(DerError)
  expect(error).toMatchObject({ code: 'ERR_PKI_MALFORMED_CERTIFICATE' })
}

describe('certificates must be DER', () => {
  it('reads the DER re-encoding, which is the original', () => {
    const again = encodeTree(treeOf(alice), false)
    expect(again).toEqual(alice)
    expect(Certificate.from(again).subject).toEqual(Certificate.from(alice).subject)
  })

  it('refuses indefinite lengths (BER) with ERR_PKI_MALFORMED_CERTIFICATE', () => {
    expectRefused(encodeTree(treeOf(alice), true))
  })

  it('refuses a length in more octets than needed, outside and inside the TBSCertificate', () => {
    expectRefused(longLength(alice))
    const tree = treeOf(alice)
    const [tbs, ...rest] = (tree as { children: Tree[] }).children
    expectRefused(
      tlv(0x30, longLength(encodeTree(tbs!, false)), ...rest.map((t) => encodeTree(t, false))),
    )
  })

  it('refuses an OID subidentifier with a leading 0x80', () => {
    const tree = replaceFirst(treeOf(alice), leaf(0x06), (t) => {
      const content = (t as { content: Uint8Array }).content
      const at = content.findIndex((b) => (b & 0x80) !== 0)
      return withContent(
        concat([content.subarray(0, at), Uint8Array.of(0x80), content.subarray(at)]),
      )(t)
    })
    expectRefused(encodeTree(tree, false))
  })

  it('refuses a BOOLEAN TRUE written as 01', () => {
    const tree = replaceFirst(treeOf(alice), leaf(0x01), withContent(Uint8Array.of(0x01)))
    expectRefused(encodeTree(tree, false))
  })

  it('refuses an extension value as a constructed OCTET STRING', () => {
    const tree = replaceFirst(treeOf(alice), leaf(0x04), (t) => ({ tag: 0x24, children: [t] }))
    expectRefused(encodeTree(tree, false))
  })

  it('refuses algorithm parameters nested too deep with ERR_PKI_DER_TOO_DEEP', () => {
    let deep: Tree = { tag: 0x05, content: new Uint8Array() }
    for (let i = 0; i < 40; i++) deep = { tag: 0x30, children: [deep] }
    const tree = replaceFirst(treeOf(alice), leaf(0x05), () => deep)
    expect(() => Certificate.from(encodeTree(tree, false))).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_DER_TOO_DEEP' }),
    )
  })
})

describe('CRLs must be DER', () => {
  const crl = pkits('crls/TrustAnchorRootCRL.crl')

  it('reads the PKITS CRL and its DER re-encoding', () => {
    expect(encodeTree(treeOf(crl), false)).toEqual(crl)
    expect(parseCrl(crl).entries.size).toBeGreaterThan(0)
  })

  it('refuses the same CRL in BER with ERR_PKI_INVALID_INPUT', () => {
    expect(() => parseCrl(encodeTree(treeOf(crl), true))).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT', name: 'DerError' }),
    )
    expect(() => parseCrl(longLength(crl))).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT', name: 'DerError' }),
    )
  })
})
