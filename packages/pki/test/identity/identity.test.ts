import { describe, expect, it } from 'vitest'
import {
  Certificate,
  createCertificateRequest,
  generateKeyPair,
  issueCertificate,
  readPkcs12,
  verifyCertificate,
  verifySignature,
  writePkcs12,
  type KeyPairAlgorithm,
} from '@siegel/pki'
import { DerReader } from '../../src/lib/der.js'

const reader = new DerReader('ERR_PKI_INVALID_INPUT', 'test')

/** Splits a signed SEQUENCE { tbs, algorithm, BIT STRING } (certificate or request). */
function signedParts(der: Uint8Array): {
  tbs: Uint8Array
  oid: string
  signature: Uint8Array
  tbsFields: number
} {
  const [tbs, algorithm, bits] = reader.sequence(reader.one(der), 'signed')
  return {
    tbs: tbs!.raw,
    oid: reader.oid(reader.sequence(algorithm, 'alg')[0], 'oid'),
    signature: bits!.content.subarray(1),
    tbsFields: reader.sequence(tbs, 'tbs').length,
  }
}

describe('generateKeyPair', () => {
  it.each(['P-256', 'P-384', 'Ed25519', 'RSA-3072'] as KeyPairAlgorithm[])(
    'makes %s keys',
    async (algorithm) => {
      const { privateKey, publicKeyInfo } = await generateKeyPair({ algorithm })
      expect(await privateKey.publicKeyInfo()).toEqual(publicKeyInfo)
      expect((await privateKey.toCryptoKey()).extractable).toBe(false)
    },
  )

  it('rejects an unknown algorithm with ERR_PKI_INVALID_OPTION', async () => {
    await expect(
      generateKeyPair({ algorithm: 'RSA-1024' as KeyPairAlgorithm }),
    ).rejects.toMatchObject({
      code: 'ERR_PKI_INVALID_OPTION',
    })
  })
})

describe('createCertificateRequest', () => {
  it('writes a PKCS#10 request whose signature verifies with its own key', async () => {
    const { privateKey, publicKeyInfo } = await generateKeyPair({ algorithm: 'P-256' })
    const request = await createCertificateRequest(privateKey, {
      subject: { commonName: 'Erika Mustermann', organization: 'Landratsamt', country: 'DE' },
      emails: ['erika.mustermann@example.de'],
    })
    expect(request.pem).toContain('BEGIN CERTIFICATE REQUEST')
    const parts = signedParts(request.der)
    expect(parts.oid).toBe('1.2.840.10045.4.3.2')
    const check = await verifySignature(publicKeyInfo, parts.tbs, parts.signature, {
      oid: parts.oid,
    })
    expect(check.valid).toBe(true)
  })

  it('needs an e-mail address and a commonName (ERR_PKI_INVALID_OPTION)', async () => {
    const { privateKey } = await generateKeyPair({ algorithm: 'P-256' })
    await expect(
      createCertificateRequest(privateKey, { subject: { commonName: 'x' }, emails: [] }),
    ).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_OPTION' })
    await expect(
      createCertificateRequest(privateKey, { subject: { commonName: '' }, emails: ['a@b.de'] }),
    ).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_OPTION' })
  })
})

describe('issueCertificate: a test PKI root → issuing CA → users', () => {
  it('issues certificates that chain, carry the S/MIME profile and go into a PKCS#12 file', async () => {
    const rootPair = await generateKeyPair({ algorithm: 'P-384' })
    const root = await issueCertificate({
      profile: 'ca',
      subject: { commonName: 'Siegel Demo Root', country: 'DE' },
      publicKeyInfo: rootPair.publicKeyInfo,
      issuerKey: rootPair.privateKey,
      pathLength: 1,
    })
    const caPair = await generateKeyPair({ algorithm: 'P-256' })
    const ca = await issueCertificate({
      profile: 'ca',
      subject: { commonName: 'Siegel Demo Issuing CA', country: 'DE' },
      publicKeyInfo: caPair.publicKeyInfo,
      issuerKey: rootPair.privateKey,
      issuerCertificate: root,
      pathLength: 0,
    })
    const users: Certificate[] = []
    for (const algorithm of ['P-256', 'Ed25519'] as const) {
      const pair = await generateKeyPair({ algorithm })
      const user = await issueCertificate({
        profile: 'smime',
        subject: { commonName: `User ${algorithm}` },
        emails: ['user@example.de', 'jörg@bücher.example'],
        publicKeyInfo: pair.publicKeyInfo,
        issuerKey: caPair.privateKey,
        issuerCertificate: ca,
        serialNumber: '1001',
      })
      users.push(user)
      const p12 = await writePkcs12({ key: pair.privateKey, certificate: user }, 'pw', {
        chain: [ca, root],
        iterations: 1000,
      })
      const back = await readPkcs12(p12, 'pw')
      expect(back.identities[0]!.chain.map((c) => c.subject)).toEqual([ca.subject, root.subject])
    }
    expect(root.basicConstraints).toEqual({ ca: true, pathLength: 1 })
    expect(root.subjectDer).toEqual(root.issuerDer)
    expect(ca.authorityKeyIdentifier?.keyIdentifier).toEqual(root.subjectKeyIdentifier)
    const [ecUser, edUser] = users
    expect(ecUser!.keyUsage).toEqual(['digitalSignature', 'keyAgreement'])
    expect(edUser!.keyUsage).toEqual(['digitalSignature'])
    expect(ecUser!.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.4'])
    expect(ecUser!.basicConstraints).toEqual({ ca: false })
    expect(ecUser!.serialNumber).toBe('1001')
    expect(ecUser!.subjectAltNames).toEqual([
      { type: 'email', value: 'user@example.de' },
      { type: 'smtpUtf8Mailbox', value: 'jörg@bücher.example' },
    ])
    expect(ecUser!.hasEmailAddress('jörg@BÜCHER.example')).toBe(true)
    for (const user of users) {
      const verdict = await verifyCertificate(user, { anchors: [root], intermediates: [ca] })
      expect(verdict).toMatchObject({ trusted: true })
      expect(signedParts(user.der).tbsFields).toBe(8)
    }
  })

  it('refuses an issuer key that does not match the issuer certificate (ERR_PKI_KEY_MISMATCH)', async () => {
    const a = await generateKeyPair({ algorithm: 'P-256' })
    const b = await generateKeyPair({ algorithm: 'P-256' })
    const root = await issueCertificate({
      profile: 'ca',
      subject: { commonName: 'Root' },
      publicKeyInfo: a.publicKeyInfo,
      issuerKey: a.privateKey,
    })
    await expect(
      issueCertificate({
        profile: 'smime',
        subject: { commonName: 'U' },
        emails: ['u@example.de'],
        publicKeyInfo: b.publicKeyInfo,
        issuerKey: b.privateKey,
        issuerCertificate: root,
      }),
    ).rejects.toMatchObject({ code: 'ERR_PKI_KEY_MISMATCH' })
  })
})

describe('issueCertificate: addresses', () => {
  it('writes SmtpUTF8Mailbox with lower-case U-labels and refuses unusable addresses', async () => {
    const pair = await generateKeyPair({ algorithm: 'P-256' })
    const issue = (emails: string[]) =>
      issueCertificate({
        profile: 'smime',
        subject: { commonName: 'Jörg' },
        emails,
        publicKeyInfo: pair.publicKeyInfo,
        issuerKey: pair.privateKey,
      })
    const cert = await issue(['Jörg@BÜCHER.example', 'Erika@XN--BCHER-KVA.example'])
    // RFC 9598 §3: U-labels in SmtpUTF8Mailbox, A-labels in rfc822Name; local parts as given.
    expect(cert.subjectAltNames).toEqual([
      { type: 'smtpUtf8Mailbox', value: 'Jörg@bücher.example' },
      { type: 'email', value: 'Erika@xn--bcher-kva.example' },
    ])
    for (const bad of ['jörg\0@bücher.example', 'ceo@ｅｘａｍｐｌｅ.org'])
      await expect(issue([bad])).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_INPUT' })
  })
})
