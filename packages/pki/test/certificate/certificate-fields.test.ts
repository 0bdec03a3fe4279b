// The TBSCertificate fields one at a time: certificates made from a real one with a single field
// replaced, read by Certificate.from and, where the encoding is valid, by pkijs as well.
import * as pkijs from 'pkijs'
import { describe, expect, it } from 'vitest'
import { Certificate, decodePem, PkiError } from '@siegel/pki'
import { latin1 } from '../../src/lib/character-string.js'
import { der, DerReader } from '../../src/lib/der.js'
import { fixture } from '../fixtures/openssl-fixtures.js'
import { testPki } from '../fixtures/test-pki.js'

const reader = new DerReader('ERR_PKI_INVALID_INPUT', 'test')
const alice = decodePem(testPki.alice)[0]!.der
const [tbs, signatureAlgorithm, signature] = reader.sequence(reader.one(alice), 'Certificate')
// version, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, extensions
const FIELDS = reader.sequence(tbs, 'TBSCertificate').map((f) => f.raw)
const [VERSION, SERIAL, , , VALIDITY, SUBJECT, SPKI, EXTENSIONS] = [0, 1, 2, 3, 4, 5, 6, 7]

/** Alice's certificate with TBSCertificate fields replaced (`undefined` drops one). */
function aliceWith(changes: Record<number, Uint8Array | undefined>, after: Uint8Array[] = []) {
  const fields = FIELDS.map((f, i) => (i in changes ? changes[i] : f)).filter(
    (f): f is Uint8Array => f !== undefined,
  )
  return der.seq(der.seq(...fields, ...after), signatureAlgorithm!.raw, signature!.raw)
}

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values)
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text)
const time = (tag: number, text: string): Uint8Array => bytes(tag, text.length, ...ascii(text))
const validity = (notBefore: Uint8Array, notAfter: Uint8Array): Uint8Array =>
  der.seq(notBefore, notAfter)
const attribute = (oid: string, value: Uint8Array): Uint8Array =>
  der.set(der.seq(der.oid(oid), value))
const CN = '2.5.4.3'

function expectMalformed(input: Uint8Array): void {
  expect(() => Certificate.from(input)).toThrow(
    expect.objectContaining({ code: 'ERR_PKI_MALFORMED_CERTIFICATE' }),
  )
}

describe('Certificate.from reads each TBSCertificate field', () => {
  it('reads a certificate without version as v1 (RFC 5280 §4.1.2.1 DEFAULT v1)', () => {
    const v1 = aliceWith({ [VERSION]: undefined, [EXTENSIONS]: undefined })
    expect(Certificate.from(v1).version).toBe(1)
    expect(pkijs.Certificate.fromBER(new Uint8Array(v1)).version).toBe(0)
  })

  it.each([
    ['a leading zero byte', bytes(0x02, 0x02, 0x00, 0x01), '0001'],
    ['a negative serial from an old CA', bytes(0x02, 0x02, 0xff, 0x01), 'ff01'],
    ['a 20-byte serial', der.uint(new Uint8Array(20).fill(0x7f)), '7f'.repeat(20)],
  ])('keeps the content bytes of a serial with %s as hex', (_, serial, hex) => {
    expect(Certificate.from(aliceWith({ [SERIAL]: serial })).serialNumber).toBe(hex)
  })

  it.each([
    ['UTCTime 49 as 2049', time(0x17, '491231235959Z'), '2049-12-31T23:59:59.000Z'],
    ['UTCTime 50 as 1950', time(0x17, '500101000000Z'), '1950-01-01T00:00:00.000Z'],
    ['GeneralizedTime 2050', time(0x18, '20500101000000Z'), '2050-01-01T00:00:00.000Z'],
    ['GeneralizedTime 9999', time(0x18, '99991231235959Z'), '9999-12-31T23:59:59.000Z'],
    ['GeneralizedTime with fractions', time(0x18, '20250101000000.5Z'), '2025-01-01T00:00:00.500Z'],
  ])('reads %s', (_, notAfter, iso: string) => {
    const input = aliceWith({ [VALIDITY]: validity(time(0x17, '250101000000Z'), notAfter) })
    expect(Certificate.from(input).notAfter.toISOString()).toBe(iso)
    expect(pkijs.Certificate.fromBER(new Uint8Array(input)).notAfter.value.toISOString()).toBe(iso)
  })

  it.each([
    ['UTF8String', der.utf8('Zoë Ωmega'), 'Zoë Ωmega'],
    ['PrintableString', der.printable('Alice Example'), 'Alice Example'],
    ['IA5String', der.ia5('alice@example.org'), 'alice@example.org'],
    ['TeletexString (Latin-1)', bytes(0x14, 3, 0x4d, 0xfc, 0x6c), 'Mül'],
    ['TeletexString with C1 bytes', bytes(0x14, 2, 0x80, 0x9f), '\u0080\u009f'],
    ['BMPString (UTF-16BE)', der.bmp('Ωmega'), 'Ωmega'],
    ['BMPString with a surrogate pair', bytes(0x1e, 4, 0xd8, 0x35, 0xdd, 0x18), '𝔘'],
    ['UniversalString (UTF-32BE)', bytes(0x1c, 8, 0, 0, 0, 0x41, 0, 1, 0xd5, 0x18), 'A𝔘'],
    ['UniversalString out of range', bytes(0x1c, 4, 0, 0x11, 0, 0), '\ufffd'],
    ['VisibleString', bytes(0x1a, 2, 0x68, 0x69), 'hi'],
    ['NumericString', bytes(0x12, 3, 0x31, 0x32, 0x33), '123'],
    ['UTF8String that is not UTF-8', bytes(0x0c, 2, 0xc3, 0x28), 'Ã('],
    ['UTF8String with a byte order mark', bytes(0x0c, 4, 0xef, 0xbb, 0xbf, 0x41), '\ufeffA'],
    ['INTEGER (not a string type)', bytes(0x02, 1, 5), ''],
    ['context-tagged value', bytes(0x8c, 1, 0x41), ''],
  ])('reads a %s attribute value as pkijs did', (_, value, text) => {
    const input = aliceWith({ [SUBJECT]: der.seq(attribute(CN, value)) })
    const cert = Certificate.from(input)
    expect(cert.subjectAttributes).toEqual([{ oid: CN, type: 'CN', value: text }])
    const theirs = pkijs.Certificate.fromBER(new Uint8Array(input)).subject.typesAndValues[0]!
      .value as {
      valueBlock: { value?: unknown }
    }
    expect(typeof theirs.valueBlock.value === 'string' ? theirs.valueBlock.value : '').toBe(text)
  })

  it('flattens a multi-valued RDN in DER order and keeps the Name bytes', () => {
    const name = der.seq(
      der.set(der.seq(der.oid('2.5.4.10'), der.utf8('Org')), der.seq(der.oid(CN), der.utf8('X'))),
    )
    const cert = Certificate.from(aliceWith({ [SUBJECT]: name }))
    expect(cert.subjectAttributes.map((a) => `${a.type}=${a.value}`)).toEqual(['O=Org', 'CN=X'])
    expect(cert.subject).toBe('CN=X,O=Org')
    expect(cert.subjectDer).toEqual(name)
  })

  it('skips issuerUniqueID and subjectUniqueID', () => {
    const ids = [bytes(0x81, 2, 0, 0xaa), bytes(0x82, 2, 0, 0xbb)]
    const input = der.seq(
      der.seq(...FIELDS.slice(0, EXTENSIONS), ...ids, FIELDS[EXTENSIONS]!),
      signatureAlgorithm!.raw,
      signature!.raw,
    )
    expect(Certificate.from(input).extensions).toEqual(Certificate.from(alice).extensions)
  })
})

describe('Certificate.from rejects malformed certificates with ERR_PKI_MALFORMED_CERTIFICATE', () => {
  it('at every truncation of a real certificate', () => {
    const cert = fixture('full.der')
    for (let n = 1; n < cert.length; n++) expectMalformed(cert.subarray(0, n))
  })

  it.each([
    ['bytes after the certificate', () => bytes(...alice, 0x05, 0x00)],
    ['a SET instead of the Certificate SEQUENCE', () => bytes(0x31, ...alice.subarray(1))],
    ['a length beyond the input', () => bytes(...alice.subarray(0, 2), 0xff, ...alice.subarray(3))],
    ['version v4', () => aliceWith({ [VERSION]: der.ctx(0, true, der.int(3)) })],
    ['an empty serial INTEGER', () => aliceWith({ [SERIAL]: bytes(0x02, 0) })],
    [
      'a missing SubjectPublicKeyInfo',
      () => aliceWith({ [SPKI]: undefined, [EXTENSIONS]: undefined }),
    ],
    ['a field after the extensions', () => aliceWith({}, [der.null()])],
    ['a missing signatureValue', () => der.seq(tbs!.raw, signatureAlgorithm!.raw)],
    ['a Name that is a SET', () => aliceWith({ [SUBJECT]: der.set(attribute(CN, der.utf8('x'))) })],
    [
      'a BMPString of odd length',
      () => aliceWith({ [SUBJECT]: der.seq(attribute(CN, bytes(0x1e, 1, 0x41))) }),
    ],
    [
      'a UniversalString of 3 bytes',
      () => aliceWith({ [SUBJECT]: der.seq(attribute(CN, bytes(0x1c, 3, 0, 0, 0x41))) }),
    ],
    [
      'Validity with one time',
      () => aliceWith({ [VALIDITY]: der.seq(time(0x17, '250101000000Z')) }),
    ],
  ])('%s', (_, make) => {
    expectMalformed(make())
  })

  it.each([
    ['month 13', time(0x17, '251301000000Z')],
    ['31 April', time(0x17, '250431000000Z')],
    ['29 February 2050 (no leap year)', time(0x18, '20500229000000Z')],
    ['hour 24', time(0x17, '250101240000Z')],
    ['UTCTime without seconds', time(0x17, '2501010000Z')],
    ['UTCTime with an offset', time(0x17, '250101000000+0100')],
    ['GeneralizedTime without Z', time(0x18, '20250101000000')],
    ['an INTEGER', der.int(1)],
  ])('a notBefore of %s', (_, notBefore) => {
    expectMalformed(aliceWith({ [VALIDITY]: validity(notBefore, time(0x17, '260101000000Z')) }))
  })

  it('gives a PkiError, not a crash, for every single-byte change of a real certificate', () => {
    const cert = fixture('full.der')
    for (let i = 0; i < cert.length; i++) {
      const changed = cert.slice()
      changed[i] = changed[i]! ^ 0xff
      try {
        Certificate.from(changed)
      } catch (error) {
        expect(error).toBeInstanceOf(PkiError)
      }
    }
  })
})

describe('one-byte strings', () => {
  // Browsers decode the "latin1" label as windows-1252 (0x80 is "€"); Node 20 does not.
  it('are ISO 8859-1 in every runtime', () => {
    expect(latin1(Uint8Array.of(0x41, 0x80, 0x9f, 0xe4))).toBe('A\u0080\u009fä')
  })
})
