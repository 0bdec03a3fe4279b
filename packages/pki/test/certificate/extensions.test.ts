import { describe, expect, it } from 'vitest'
import { Certificate, normalizeEmailAddress, readCertificates } from '@siegel/pki'
import { fixture, fixtureText } from '../fixtures/openssl-fixtures.js'

const full = Certificate.from(fixtureText('full.pem'))
const ca = Certificate.from(fixtureText('ca.pem'))

describe('Certificate: every extension of an OpenSSL-made S/MIME certificate', () => {
  it('reads names, serial, version and signature algorithm', () => {
    expect(full.version).toBe(3)
    expect(full.serialNumber).toBe('00c0ffee')
    expect(full.subject).toBe(
      'emailAddress=legacy@example.de,CN=Erika Mustermann,OU=Fixtures,O=Siegel Test,L=München,ST=Bayern,C=DE',
    )
    expect(full.issuerAttributes.map((a) => a.type)).toEqual(['C', 'O', 'CN'])
    expect(full.signatureAlgorithm).toBe('1.2.840.113549.1.1.11')
  })

  it('reads key usage, extended key usage and basic constraints', () => {
    expect(full.keyUsage).toEqual(['digitalSignature', 'nonRepudiation', 'keyEncipherment'])
    expect(full.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.2'])
    expect(full.basicConstraints).toEqual({ ca: false })
    expect(ca.basicConstraints).toEqual({ ca: true, pathLength: 1 })
    expect(ca.keyUsage).toEqual(['keyCertSign', 'cRLSign'])
    expect(ca.extendedKeyUsage).toBeUndefined()
  })

  it('reads subject and authority key identifiers, the AKI with issuer and serial', () => {
    expect(full.subjectKeyIdentifier).toHaveLength(20)
    expect(full.authorityKeyIdentifier?.keyIdentifier).toEqual(ca.subjectKeyIdentifier)
    expect(full.authorityKeyIdentifier?.serialNumber).toBe('0a')
    expect(full.authorityKeyIdentifier?.issuer?.[0]).toMatchObject({ type: 'directoryName' })
    const issuerName = full.authorityKeyIdentifier!.issuer![0]!.value as Uint8Array
    expect(issuerName).toEqual(ca.subjectDer)
  })

  it('reads the subject alternative names, SmtpUTF8Mailbox included', () => {
    expect(full.subjectAltNames).toEqual([
      { type: 'email', value: 'erika.mustermann@example.de' },
      { type: 'email', value: 'Erika@EXAMPLE.org' },
      { type: 'smtpUtf8Mailbox', value: 'erika@bücher.example' },
      { type: 'dns', value: 'mail.example.de' },
      { type: 'uri', value: 'https://example.de/erika' },
    ])
    expect(full.emailAddresses).toEqual([
      'erika.mustermann@example.de',
      'Erika@EXAMPLE.org',
      'erika@bücher.example',
      'legacy@example.de',
    ])
  })

  it('compares e-mail addresses per RFC 8550 and RFC 9598', () => {
    expect(full.hasEmailAddress('erika.mustermann@EXAMPLE.DE')).toBe(true)
    expect(full.hasEmailAddress('Erika@example.org')).toBe(true)
    expect(full.hasEmailAddress('erika@example.org')).toBe(false) // local parts are exact
    expect(full.hasEmailAddress('erika@xn--bcher-kva.example')).toBe(true)
    expect(full.hasEmailAddress('erika@BÜCHER.example')).toBe(true)
    expect(full.hasEmailAddress('legacy@example.de')).toBe(true)
    expect(normalizeEmailAddress('Alice@Example.ORG.')).toBe('Alice@example.org')
    expect(() => normalizeEmailAddress('no-at-sign')).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
    )
  })

  it('reads policies with CPS and user notice, CRL distribution points and AIA', () => {
    expect(full.policies).toEqual([
      { oid: '1.3.6.1.4.1.7924.1.1', cps: ['http://cps.example.de/'], notices: ['Nur fuer Tests'] },
      { oid: '2.16.276.1.2.3', cps: [], notices: [] },
    ])
    expect(full.crlDistributionPoints).toEqual([
      'ldap://ldap.example.de/CN=CRL 1%2cO=Siegel Test?certificateRevocationList',
      'http://crl.example.de/test.crl',
    ])
    expect(full.authorityInfoAccess).toEqual({
      ocsp: ['http://ocsp.example.de/'],
      caIssuers: ['http://ca.example.de/issuing.cer'],
    })
  })

  it('keeps unknown extensions with their criticality and value', () => {
    expect(full.extensions.map((e) => e.oid)).toContain('1.3.6.1.4.1.99999.1')
    const unknown = full.extensions.find((e) => e.oid === '1.3.6.1.4.1.99999.1')!
    expect(unknown).toEqual({
      oid: '1.3.6.1.4.1.99999.1',
      critical: false,
      value: Uint8Array.of(4, 3, 1, 2, 3),
    })
    expect(full.extensions.find((e) => e.oid === '2.5.29.15')?.critical).toBe(true)
  })
})

describe('readCertificates', () => {
  it('reads a PKCS#7 certs-only bundle in DER and in PEM', () => {
    for (const input of [fixture('chain.p7b'), fixtureText('chain.p7b.pem')]) {
      expect(readCertificates(input).map((c) => c.serialNumber)).toEqual(['00c0ffee', '0a'])
    }
  })

  it('reads several PEM blocks, a single DER certificate and bare base64', () => {
    const pem = fixtureText('full.pem') + 'explanatory text\n' + fixtureText('ca.pem')
    expect(readCertificates(pem)).toHaveLength(2)
    expect(readCertificates(fixture('full.der'))[0]!.der).toEqual(full.der)
    const bare = fixtureText('full.pem').replace(/-----[A-Z ]+-----/g, '')
    expect(Certificate.from(bare).der).toEqual(full.der)
    expect(readCertificates(bare)[0]!.der).toEqual(full.der)
  })

  it('rejects PEM without certificates with ERR_PKI_INVALID_PEM', () => {
    expect(() => readCertificates(fixtureText('full.key.pem'))).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_PEM' }),
    )
  })
})
