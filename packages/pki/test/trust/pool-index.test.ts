// The pool index must find exactly the issuers that sameName (RFC 5280 §7.1) finds by scanning
// the pool: exact bytes, names equal after normalisation, and names with a repeated attribute.
import { describe, expect, it } from 'vitest'
import type { Certificate } from '@siegel/pki'
import { sameName } from '../../src/trust/names.js'
import { PoolIndex } from '../../src/trust/pool-index.js'

const CN = [0x06, 0x03, 0x55, 0x04, 0x03]
const O = [0x06, 0x03, 0x55, 0x04, 0x0a]

function tlv(tag: number, ...content: number[][]): number[] {
  const body = content.flat()
  return [tag, body.length, ...body]
}
const text = (tag: number, value: string): number[] =>
  tlv(
    tag,
    [...value].map((c) => c.charCodeAt(0)),
  )
const atv = (oid: number[], value: number[]): number[] => tlv(0x30, oid, value)
/** A DER Name from RDNs, each a list of AttributeTypeAndValue. */
const name = (...rdns: number[][][]): Uint8Array =>
  Uint8Array.from(tlv(0x30, ...rdns.map((rdn) => tlv(0x31, ...rdn))))

let serial = 0
/** What the index reads of a certificate: its DER, subject and issuer. */
function cert(
  subjectDer: Uint8Array,
  issuerDer = subjectDer,
  der = Uint8Array.of(0x30, serial++),
): Certificate {
  return { der, subjectDer, issuerDer } as unknown as Certificate
}

const plain = name([atv(O, text(0x13, 'Siegel'))], [atv(CN, text(0x13, 'Mail CA'))])
const recoded = name([atv(O, text(0x0c, 'siegel'))], [atv(CN, text(0x0c, '  MAIL   ca '))])
const other = name([atv(O, text(0x13, 'Siegel'))], [atv(CN, text(0x13, 'Other CA'))])
// One RDN holding cn=A twice: by sameName's set comparison it equals the RDN {cn=A, cn=B}.
const repeated = name([atv(CN, text(0x13, 'A')), atv(CN, text(0x13, 'A'))])
const pair = name([atv(CN, text(0x13, 'A')), atv(CN, text(0x13, 'B'))])
const unparsable = Uint8Array.of(0x30, 0x03, 0x31, 0x01, 0xff)

describe('PoolIndex', () => {
  const pool = [plain, recoded, other, repeated, pair, unparsable].map((n) => cert(n))
  const index = new PoolIndex(pool)

  it.each([
    ['exact bytes and a re-encoded equal name', plain],
    ['another name', other],
    ['a name with a repeated attribute', repeated],
    ['the RDN a repeated attribute equals', pair],
    ['a name that does not parse', unparsable],
  ])('finds what a scan with sameName finds: %s', (_, issuer) => {
    const child = cert(name([atv(CN, text(0x13, 'Leaf'))]), issuer)
    const scanned = pool.filter((c) => sameName(c.subjectDer, child.issuerDer))
    expect(index.issuersOf(child)).toEqual(scanned)
    expect(scanned.length).toBeGreaterThan(0)
  })

  it('keeps one copy of certificates with the same DER, in pool order', () => {
    const twice = new PoolIndex([
      ...pool,
      ...pool.map((c) => cert(c.subjectDer, c.issuerDer, c.der.slice())),
    ])
    const child = cert(name([atv(CN, text(0x13, 'Leaf'))]), plain)
    expect(twice.issuersOf(child)).toEqual([pool[0], pool[1]])
    expect(twice.add([cert(plain)])).toBe(1)
    expect(twice.issuersOf(child)).toHaveLength(3)
  })
})
