import { describe, expect, it } from 'vitest'
import { bundledAnchors, Certificate, importPrivateKey } from '@siegel/pki'
import { signData, verifyData, verifyMessage } from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { vector } from '../vectors.js'

// RFC 4134 certificates are valid 1999–2039; RFC 9216 ones 2019–2052.
const at = new Date('2030-01-01T00:00:00Z')
const content = vector('rfc4134/ExContent.bin')
const text = (b: Uint8Array): string => new TextDecoder().decode(b)

describe('RFC 9216 example CMS objects (draft-ireland-examples-cms)', () => {
  const anchors = [
    Certificate.from(vector('rfc9216/ca.rsa.crt')),
    Certificate.from(vector('rfc9216/ca.25519.crt')),
  ]

  it.each([
    ['signedByAliceRSA.p7m', ['alice@smime.example'], 'SHA-256'],
    ['signedByAliceRSAPSS.p7m', ['alice@smime.example'], 'SHA-256'],
    ['signedByCarlosEd25519.p7m', ['carlos@smime.example'], 'SHA-512'],
  ])('%s verifies, signed by %j, trusted via the LAMPS CA', async (file, emails, digest) => {
    const result = await verifyData(vector(`rfc9216/${file}`), { trustAnchors: anchors, at })
    expect(result.status).toBe('valid')
    expect(text(result.content)).toBe('This is some sample content.')
    expect(result.signers).toHaveLength(1)
    expect(result.signers[0]!.certificate?.emailAddresses).toEqual(emails)
    expect(result.signers[0]!.digestAlgorithm).toBe(digest)
  })

  it('verifies the detached Ed25519 signature over the sample content', async () => {
    const result = await verifyData(vector('rfc9216/signedByCarlosDetached.p7m'), {
      content,
      trustAnchors: anchors,
      at,
    })
    expect(result).toMatchObject({ status: 'valid', detached: true })
  })

  it('reports the detached signature invalid over other content', async () => {
    // This SignerInfo has no signed attributes: Ed25519 signs the content itself, so a change
    // shows as a bad signature rather than a digest mismatch.
    const other = new TextEncoder().encode('This is some other content.')
    const result = await verifyData(vector('rfc9216/signedByCarlosDetached.p7m'), {
      content: other,
      trustAnchors: anchors,
      at,
    })
    expect(result.status).toBe('invalid')
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_BAD_SIGNATURE',
    })
  })

  it('verifies two signers without certificates once their certificates are supplied', async () => {
    const der = vector('rfc9216/signedByAliceAndCarlosNoCerts.p7m')
    const without = await verifyData(der, { trustAnchors: anchors, at })
    // Nothing is wrong with the signatures: nobody can check them without the certificates.
    expect(without.status).toBe('unknown-signer')
    expect(without.signers.map((s) => s.signature)).toEqual([
      expect.objectContaining({ code: 'ERR_SMIME_SIGNER_NOT_FOUND' }),
      expect.objectContaining({ code: 'ERR_SMIME_SIGNER_NOT_FOUND' }),
    ])
    const certificates = [
      Certificate.from(vector('rfc9216/alice.sign.crt')),
      Certificate.from(vector('rfc9216/carlos.sign.crt')),
    ]
    const result = await verifyData(der, { trustAnchors: anchors, certificates, at })
    expect(result.status).toBe('valid')
    expect(result.signers.map((s) => s.certificate?.emailAddresses[0]).sort()).toEqual([
      'alice@smime.example',
      'carlos@smime.example',
    ])
  })

  it('verifies the LAMPS header-protection sample: opaque signed by Alice, headers signed inside', async () => {
    const result = await verifyMessage(vector('rfc9216/smime-one-part.eml'), {
      trustAnchors: anchors,
      at,
    })
    expect(result.coverage.form).toBe('opaque')
    expect(result.signers[0]!.signature).toEqual({ valid: true })
    expect(result.signers[0]!.chain?.trusted).toBe(true)
    expect(result.signers[0]!.sender.matches).toBe(true)
    expect(result.status).toBe('valid')
    expect(result.coverage.warnings).toEqual([])
  })
})

describe('RFC 4134 example signed messages', () => {
  const carl = Certificate.from(vector('rfc4134/CarlRSASelf.cer'))
  const carlDss = Certificate.from(vector('rfc4134/CarlDSSSelf.cer'))
  const verify = (file: string, extra?: { content?: Uint8Array }) =>
    verifyData(vector(`rfc4134/${file}`), { trustAnchors: [carl, carlDss], at, ...extra })

  it.each(['4.2.bin', '4.5.bin'])('%s (RSA) verifies and chains to CarlRSA', async (file) => {
    const result = await verify(file)
    expect(result.status).toBe('valid')
    expect(text(result.content)).toBe('This is some sample content.')
  })

  // WebCrypto has no DSA: these signers are found (4.7 by subject key identifier) and reported
  // as an unsupported algorithm.
  it.each([
    ['4.1.bin', 'CN=AliceDSS'],
    ['4.7.bin', 'CN=AliceDSS'],
    ['4.10.bin', 'CN=AliceDSS'],
  ])('%s (DSA) is reported as an unsupported algorithm, not a crash', async (file, subject) => {
    const result = await verify(file)
    expect(result.status).toBe('invalid')
    expect(result.signers[0]!.certificate?.subject).toBe(subject)
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_UNSUPPORTED_ALGORITHM',
    })
  })

  it('4.3.bin is a detached DSA signature over ExContent.bin', async () => {
    const result = await verify('4.3.bin', { content })
    expect(result.detached).toBe(true)
    expect(result.signers[0]!.signature).toMatchObject({ code: 'ERR_SMIME_UNSUPPORTED_ALGORITHM' })
  })

  it('4.6.bin has two DSA signers: each gets its own verdict', async () => {
    const result = await verify('4.6.bin')
    expect(result.signers.map((s) => s.certificate?.subject).sort()).toEqual([
      'CN=AliceDSS',
      'CN=DianeDSS',
    ])
    expect(
      result.signers.every(
        (s) => !s.signature.valid && s.signature.code === 'ERR_SMIME_UNSUPPORTED_ALGORITHM',
      ),
    ).toBe(true)
    expect(result.status).toBe('invalid')
  })

  it('4.11.bin (certificates only) has no signer', async () => {
    const result = await verifyData(vector('rfc4134/4.11.bin'), { content })
    expect(result.status).toBe('invalid')
    expect(result.problems).toEqual([expect.objectContaining({ code: 'ERR_SMIME_NO_SIGNERS' })])
    expect(result.certificates.length).toBeGreaterThan(0)
  })

  it.each([
    ['4.8.eml', 'detached'],
    ['4.9.eml', 'opaque'],
  ])('%s is found as a %s signed message (DSA: unsupported)', async (file, form) => {
    const result = await verifyMessage(vector(`rfc4134/${file}`), { trustAnchors: [carlDss], at })
    expect(result.coverage.form).toBe(form)
    expect(result.status).toBe('invalid')
    expect(result.signers[0]!.signature).toMatchObject({ code: 'ERR_SMIME_UNSUPPORTED_ALGORITHM' })
  })
})

describe('the bundled Verwaltungs-PKI anchor', () => {
  it('is an anchor by default, and not with bundledAnchors: false', async () => {
    // A SignerInfo naming the Bavarian root as its certificate (signed with another key, so the
    // signature itself is invalid): its chain verdict shows which anchors were in force.
    const bayern = bundledAnchors()[0]!.certificate
    const der = await signData(new Uint8Array([1]), {
      certificate: bayern,
      privateKey: await importPrivateKey(testPki.aliceKey),
    })
    const content = new Uint8Array([1])
    const byDefault = await verifyData(der, { content })
    expect(byDefault.signers[0]!.signature.valid).toBe(false)
    // The path ends at the bundled anchor; the root is no signing certificate, so the S/MIME
    // profile rejects it — but not as an unknown issuer, as it is without the bundled anchors.
    expect(byDefault.signers[0]!.chain).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_KEY_USAGE' },
    })
    const without = await verifyData(der, { content, bundledAnchors: false })
    expect(without.signers[0]!.chain).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_UNKNOWN_ISSUER' },
    })
  })
})
