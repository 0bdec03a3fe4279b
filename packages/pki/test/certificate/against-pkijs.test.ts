// Certificate.from reads certificates with Siegel's own DER reader. pkijs, which it used before,
// reads every certificate of the repository here too, and every public field must agree.
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { CURVE_OIDS, KEY_TYPES } from '../../src/algorithms/oids.js'
import { SIGNED_PARTS } from '../../src/certificate/signed-parts.js'
import { certificateSources } from './certificate-sources.js'

const hex = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('')

const EMAIL_ADDRESS = '1.2.840.113549.1.9.1'
const SUBJECT_ALT_NAME = '2.5.29.17'
const RFC822_NAME = 1
const OTHER_NAME = 0
const SMTP_UTF8_MAILBOX = '1.3.6.1.5.5.7.8.9'

/** A name's attributes as Siegel reported them when pkijs parsed the certificate. */
function pkijsAttributes(name: pkijs.RelativeDistinguishedNames): { oid: string; value: string }[] {
  return name.typesAndValues.map((tv) => {
    const value = tv.value as { valueBlock?: { value?: unknown } }
    return {
      oid: tv.type,
      value: typeof value.valueBlock?.value === 'string' ? value.valueBlock.value : '',
    }
  })
}

/** The PublicKeyInfo Siegel derives, computed from what pkijs read. */
function pkijsPublicKey(cert: pkijs.Certificate): Record<string, unknown> {
  const spki = cert.subjectPublicKeyInfo
  const algorithm = spki.algorithm.algorithmId
  const params = spki.algorithm.algorithmParams as unknown
  const type = KEY_TYPES[algorithm] ?? algorithm
  const curve = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : undefined
  return {
    type,
    ...(type === 'EC' && curve ? { namedCurve: CURVE_OIDS[curve] ?? curve } : {}),
    ...(type === 'RSA' || type === 'RSA-PSS' ? { modulusBits: pkijsModulusBits(cert) } : {}),
    spki: hex(spki.toSchema().toBER()),
  }
}

/** The modulus size of an RSA key, from pkijs's own RSAPublicKey. */
function pkijsModulusBits(cert: pkijs.Certificate): number {
  const key = pkijs.RSAPublicKey.fromBER(
    new Uint8Array(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
  )
  const bytes = key.modulus.valueBlock.valueHexView
  let start = 0
  while (bytes[start] === 0) start++
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start]!))
}

/** RFC 8398 SmtpUTF8Mailbox: otherName { type-id, [0] EXPLICIT UTF8String }, as pkijs leaves it. */
function smtpUtf8Mailbox(otherName: unknown): string | undefined {
  const [typeId, wrapped] = (otherName as asn1js.Constructed).valueBlock.value
  if (!(typeId instanceof asn1js.ObjectIdentifier)) return undefined
  if (typeId.valueBlock.toString() !== SMTP_UTF8_MAILBOX) return undefined
  const inner = (wrapped as asn1js.Constructed).valueBlock.value[0]
  return inner instanceof asn1js.Utf8String ? inner.valueBlock.value : undefined
}

function pkijsEmails(cert: pkijs.Certificate): string[] {
  const san = cert.extensions?.find((e) => e.extnID === SUBJECT_ALT_NAME)
  const names = (san?.parsedValue as pkijs.AltName | undefined)?.altNames ?? []
  return [
    ...names.flatMap((n) =>
      n.type === RFC822_NAME
        ? [n.value as string]
        : n.type === OTHER_NAME
          ? [smtpUtf8Mailbox(n.value)].filter((v) => v !== undefined)
          : [],
    ),
    ...pkijsAttributes(cert.subject)
      .filter((a) => a.oid === EMAIL_ADDRESS)
      .map((a) => a.value),
  ]
}

/**
 * pkijs hands out the bytes after the unused-bits octet whatever it says; Siegel keeps a
 * signature with unused bits empty, so that it never verifies (no signature algorithm makes one).
 */
function expectedSignature(cert: pkijs.Certificate): string {
  const bits = cert.signatureValue.valueBlock
  return bits.unusedBits === 0 ? hex(bits.valueHexView) : ''
}

describe('Certificate.from agrees with pkijs on every certificate in the repository', () => {
  it('finds certificates in every kind of source', () => {
    const count = (part: string): number =>
      certificateSources.filter((c) => c.source.includes(part)).length
    expect(certificateSources.length).toBe(579)
    expect(count('pkits/')).toBe(405)
    expect(count('rfc4134/')).toBe(6)
    expect(count('rfc9216/')).toBe(9)
    expect(count('v-pki/')).toBe(3)
    expect(count('fixtures/')).toBe(121)
    expect(count('real-clients/')).toBe(13)
    expect(count('johnny-fired/')).toBe(3)
    expect(count('bc-java-validator/')).toBe(14)
    expect(count('src/anchors/')).toBe(1)
  })

  it('finds the two PKITS certificates whose signature BIT STRING has unused bits', () => {
    const unused = certificateSources.filter(
      ({ der }) =>
        pkijs.Certificate.fromBER(new Uint8Array(der)).signatureValue.valueBlock.unusedBits !== 0,
    )
    expect(unused.map((c) => c.source)).toEqual([
      'vectors/pkits/certs/BadSignedCACert.crt',
      'vectors/pkits/certs/InvalidDSASignatureTest6EE.crt',
    ])
  })

  it.each(certificateSources.map((c, i) => [`${i} ${c.source}`, c.der] as const))(
    '%s',
    (_, der) => {
      const ours = Certificate.from(der)
      const theirs = pkijs.Certificate.fromBER(new Uint8Array(der))
      expect(ours.version).toBe(theirs.version + 1)
      expect(ours.serialNumber).toBe(hex(theirs.serialNumber.valueBlock.valueHexView))
      expect(ours.notBefore.toISOString()).toBe(theirs.notBefore.value.toISOString())
      expect(ours.notAfter.toISOString()).toBe(theirs.notAfter.value.toISOString())
      expect(ours.subjectAttributes.map(({ oid, value }) => ({ oid, value }))).toEqual(
        pkijsAttributes(theirs.subject),
      )
      expect(ours.issuerAttributes.map(({ oid, value }) => ({ oid, value }))).toEqual(
        pkijsAttributes(theirs.issuer),
      )
      expect(hex(ours.subjectDer)).toBe(hex(theirs.subject.valueBeforeDecode))
      expect(hex(ours.issuerDer)).toBe(hex(theirs.issuer.valueBeforeDecode))
      expect(ours.signatureAlgorithm).toBe(theirs.signatureAlgorithm.algorithmId)

      expect({ ...ours.publicKey, spki: hex(ours.publicKey.spki) }).toEqual(pkijsPublicKey(theirs))

      expect(
        ours.extensions.map((e) => ({ oid: e.oid, critical: e.critical, value: hex(e.value) })),
      ).toEqual(
        (theirs.extensions ?? []).map((e) => ({
          oid: e.extnID,
          critical: e.critical,
          value: hex(e.extnValue.valueBlock.valueHexView),
        })),
      )
      expect(ours.emailAddresses).toEqual(pkijsEmails(theirs))

      const signed = SIGNED_PARTS.get(ours)!
      expect(hex(signed.tbs)).toBe(hex(theirs.tbsView))
      expect(signed.signatureAlgorithm.oid).toBe(theirs.signatureAlgorithm.algorithmId)
      const params = theirs.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined
      expect(
        signed.signatureAlgorithm.parameters && hex(signed.signatureAlgorithm.parameters),
      ).toBe(params ? hex(params.toBER()) : undefined)
      expect(hex(signed.signature)).toBe(expectedSignature(theirs))
    },
  )
})
