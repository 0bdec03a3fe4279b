import { describe, expect, it } from 'vitest'
import {
  bundledAnchors,
  Certificate,
  FingerprintMismatchError,
  trustAnchorWithFingerprint,
  verifyCertificate,
} from '@siegel/pki'
import { SIGNED_PARTS } from '../../src/certificate/signed-parts.js'
import { verifySignature } from '../../src/algorithms/signature.js'
import proxyCa from '../vectors/v-pki/bayern-web-gateway-ca-TLS-PROXY-not-smime.pem?raw'
import vpkiLeaf from '../vectors/v-pki/sample-leaf-expired-GRP-GPeID-BSI-2017.pem?raw'
import { fixtureText } from '../fixtures/openssl-fixtures.js'

// Pinned independently of the source: the fingerprint published with the certificate.
const BAYERN_SHA256 =
  'F7:B0:21:E0:9C:BA:4F:D5:DC:E2:B3:59:55:58:5B:4F:57:BE:82:3E:3C:63:C5:14:CB:2B:81:6A:0A:A5:9E:09'

describe('bundledAnchors', () => {
  const [bayern] = bundledAnchors()

  it('bundles Bayern-Root-CA-2019 with the pinned SHA-256 fingerprint', async () => {
    expect(bundledAnchors()).toHaveLength(1)
    expect(bayern!.id).toBe('bayern-root-ca-2019')
    expect(await bayern!.certificate.fingerprint('SHA-256')).toBe(BAYERN_SHA256)
    expect(bayern!.sha256).toBe(BAYERN_SHA256)
    expect(bayern!.certificate.subject).toBe('CN=Bayern-Root-CA-2019,O=Freistaat Bayern,C=DE')
    expect(bayern!.certificate.basicConstraints).toEqual({ ca: true, pathLength: 2 })
    expect(bayern!.certificate.policies.map((p) => p.oid)).toEqual(['1.3.6.1.4.1.19266.1.2.4'])
    expect(bayern!.certificate.publicKey).toMatchObject({ type: 'RSA', modulusBits: 4096 })
  })

  it('is correctly self-signed and is its own trusted path', async () => {
    const cert = bayern!.certificate
    const signed = SIGNED_PARTS.get(cert)!
    expect(
      (await verifySignature(cert, signed.tbs, signed.signature, signed.signatureAlgorithm)).valid,
    ).toBe(true)
    expect(
      await verifyCertificate(cert, { anchors: [cert], at: new Date('2026-01-01') }),
    ).toMatchObject({
      trusted: true,
    })
  })

  it('returns the same frozen list every time', () => {
    expect(bundledAnchors()).toBe(bundledAnchors())
    expect(Object.isFrozen(bundledAnchors())).toBe(true)
  })
})

describe('trustAnchorWithFingerprint', () => {
  const pem = bundledAnchors()[0]!.certificate.toPem()

  it('accepts a root only with its fingerprint, in any notation', async () => {
    for (const fingerprint of [BAYERN_SHA256, BAYERN_SHA256.replace(/:/g, '').toLowerCase()]) {
      const cert = await trustAnchorWithFingerprint(pem, fingerprint)
      expect(cert.der).toEqual(bundledAnchors()[0]!.certificate.der)
    }
  })

  it('rejects another fingerprint with ERR_PKI_FINGERPRINT_MISMATCH, carrying both values', async () => {
    const wrong = BAYERN_SHA256.replace('F7', 'F8')
    const error = await trustAnchorWithFingerprint(pem, wrong).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FingerprintMismatchError)
    expect(error).toMatchObject({
      code: 'ERR_PKI_FINGERPRINT_MISMATCH',
      expected: wrong.replace(/:/g, ''),
      actual: BAYERN_SHA256.replace(/:/g, ''),
    })
  })

  it('rejects a fingerprint that is no SHA-256 with ERR_PKI_INVALID_INPUT', async () => {
    await expect(trustAnchorWithFingerprint(pem, 'F7:B0')).rejects.toMatchObject({
      code: 'ERR_PKI_INVALID_INPUT',
    })
  })

  it('refuses the Bavarian TLS-interception proxy CA with ERR_PKI_REFUSED_ANCHOR', async () => {
    const fingerprint = await Certificate.from(proxyCa).fingerprint()
    await expect(trustAnchorWithFingerprint(proxyCa, fingerprint)).rejects.toMatchObject({
      code: 'ERR_PKI_REFUSED_ANCHOR',
    })
  })

  it('refuses a root whose self-signature is broken with ERR_PKI_BAD_SIGNATURE', async () => {
    const der = bundledAnchors()[0]!.certificate.der.slice()
    der[der.length - 10] = der[der.length - 10]! ^ 0x01 // inside the signature value
    const broken = Certificate.from(der)
    await expect(trustAnchorWithFingerprint(der, await broken.fingerprint())).rejects.toMatchObject(
      {
        code: 'ERR_PKI_BAD_SIGNATURE',
      },
    )
  })

  it('refuses an end-entity certificate with ERR_PKI_NOT_A_CA', async () => {
    for (const pemText of [vpkiLeaf, fixtureText('full.pem')]) {
      const fingerprint = await Certificate.from(pemText).fingerprint()
      await expect(trustAnchorWithFingerprint(pemText, fingerprint)).rejects.toMatchObject({
        code: 'ERR_PKI_NOT_A_CA',
      })
    }
  })
})

describe('a real V-PKI end-entity certificate', () => {
  it('reads its profile: no EKU, AKI, LDAP CRL distribution point with spaces, OCSP', () => {
    const leaf = Certificate.from(vpkiLeaf)
    expect(leaf.extendedKeyUsage).toBeUndefined()
    expect(leaf.policies.map((p) => p.oid)).toContain('1.3.6.1.4.1.7924.1.1')
    expect(leaf.crlDistributionPoints.some((u) => u.startsWith('ldap://') && u.includes(' '))).toBe(
      true,
    )
    expect(leaf.authorityInfoAccess.ocsp.length).toBeGreaterThan(0)
    expect(leaf.authorityKeyIdentifier?.keyIdentifier).toBeDefined()
  })
})
