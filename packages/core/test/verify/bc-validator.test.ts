import { describe, expect, it } from 'vitest'
import { Certificate, parseCrl, verifyCertificate, type AlgorithmPolicy } from '@siegel/pki'
import { verifyMessage, type VerifyOptions, type VerificationResult } from '@siegel/core'
import { vector } from '../vectors.js'

// Bouncy Castle's SignedMailValidatorTest: mails signed in 2006 by certificates of a test CA
// that signed with MD5. Bouncy Castle judges each at its signing time; so do these tests, with
// MD5 accepted for the archive (Siegel refuses it by default, see the first case).
const file = (name: string): Uint8Array => vector(`bc-java-validator/${name}`)
const root = Certificate.from(file('validator.root.crt'))
const archive: AlgorithmPolicy = { md5: true }

const verify = (name: string, options?: Partial<VerifyOptions>): Promise<VerificationResult> =>
  verifyMessage(file(`validator.${name}.eml`), {
    trustAnchors: [root],
    bundledAnchors: false,
    useSigningTime: true,
    algorithms: archive,
    ...options,
  })

function onlySigner(result: VerificationResult) {
  expect(result.signers).toHaveLength(1)
  const signer = result.signers[0]!
  // Bouncy Castle's isVerifiedSignature: the signature itself holds in every case.
  expect(signer.signature).toEqual({ valid: true })
  expect(signer.validationTimeSource).toBe('signingTime')
  return signer
}

describe('Bouncy Castle SignedMailValidator vectors', () => {
  it('refuses the MD5-signed chain by default, and says why', async () => {
    const result = await verify('validMail', { algorithms: undefined })
    const signer = onlySigner(result)
    expect(result.status).toBe('untrusted')
    expect(signer.chain).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_WEAK_ALGORITHM' },
    })
  })

  it('validMail: valid, signed by the sender, trusted via the test root', async () => {
    const result = await verify('validMail')
    const signer = onlySigner(result)
    expect(result.status).toBe('valid')
    expect(signer.sender.matches).toBe(true)
    expect(signer.sender.claimed).toEqual(['arminha@student.ethz.ch'])
    expect(signer.validatedAt).toEqual(new Date('2006-09-04T09:36:14Z'))
    expect(signer.chain?.trusted && signer.chain.anchor.subject).toBe(
      'CN=SignedMailValidatorTest Root,C=CH',
    )
  })

  it('validMail: at the time of the call the root has long expired', async () => {
    const result = await verify('validMail', { useSigningTime: false })
    expect(result.status).toBe('untrusted')
    expect(result.signers[0]!.chain).toMatchObject({ reason: { code: 'ERR_PKI_EXPIRED' } })
  })

  it('longValidity: valid (Bouncy Castle only warns about the 100-year validity)', async () => {
    const result = await verify('longValidity')
    onlySigner(result)
    expect(result.status).toBe('valid')
    expect(result.signers[0]!.certificate!.notAfter.getUTCFullYear()).toBe(2106)
  })

  it.each([
    ['expired', 'ERR_PKI_EXPIRED', '2006-09-01T08:39:20Z'],
    ['notYetValid', 'ERR_PKI_NOT_YET_VALID', '2006-12-28T14:19:31Z'],
  ])(
    '%s: the signature holds, the certificate was not valid when signed',
    async (name, code, edge) => {
      const result = await verify(name)
      const signer = onlySigner(result)
      expect(result.status).toBe('untrusted')
      expect(signer.chain).toMatchObject({ trusted: false, reason: { code } })
      const { notBefore, notAfter } = signer.certificate!
      expect([notBefore.toISOString(), notAfter.toISOString()]).toContain(
        new Date(edge).toISOString(),
      )
    },
  )

  it('revoked: untrusted with the CA’s CRL, revoked 2006-09-01 for key compromise', async () => {
    const crl = file('validator.revoked.crl')
    const result = await verify('revoked', { revocation: { crls: [crl] } })
    const signer = onlySigner(result)
    expect(result.status).toBe('untrusted')
    expect(signer.chain).toMatchObject({
      trusted: false,
      reason: {
        code: 'ERR_PKI_REVOKED',
        // keyCompromise (RFC 5280 §5.3.1)
        data: { status: { revocationDate: new Date('2006-09-01T09:30:00Z'), reason: 1 } },
      },
    })
    expect(parseCrl(crl).entries.has(signer.certificate!.serialNumber)).toBe(true)
  })

  it('revoked: without the CRL the revocation status is unknown, not "good"', async () => {
    const result = await verify('revoked')
    const chain = result.signers[0]!.chain!
    expect(chain.trusted).toBe(true)
    if (!chain.trusted) return
    expect(chain.certificates[0]!.revocation?.status).toBe('unknown')
  })

  it.each([
    ['keyUsage', 'ERR_PKI_KEY_USAGE'],
    ['extKeyUsage', 'ERR_PKI_EXTENDED_KEY_USAGE'],
  ])('%s: signature verified, certificate not for e-mail signatures', async (name, code) => {
    const result = await verify(name)
    const signer = onlySigner(result)
    expect(result.status).toBe('untrusted')
    expect(signer.chain).toMatchObject({ trusted: false, reason: { code } })
    // The path itself is sound, as Bouncy Castle's reviewer says: only the purpose fails.
    const plain = await verifyCertificate(signer.certificate!, {
      anchors: [root],
      at: signer.validatedAt,
      algorithms: archive,
    })
    expect(plain.trusted).toBe(true)
  })

  it('noEmail: trusted chain, but the certificate binds no address, so not the sender’s', async () => {
    const result = await verify('noEmail')
    const signer = onlySigner(result)
    expect(signer.chain?.trusted).toBe(true)
    expect(signer.certificate!.emailAddresses).toEqual([])
    expect(signer.sender).toMatchObject({ matches: false, certificateAddresses: [] })
    expect(result.status).toBe('sender-mismatch')
  })

  it('shortKey: a 512-bit signing key is refused (Bouncy Castle only warns)', async () => {
    const result = await verify('shortKey')
    const signer = onlySigner(result)
    expect(signer.certificate!.publicKey.modulusBits).toBe(512)
    expect(result.status).toBe('untrusted')
    expect(signer.chain).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_WEAK_KEY' } })
    const relaxed = await verify('shortKey', { algorithms: { ...archive, minimumRsaBits: 512 } })
    expect(relaxed.status).toBe('valid')
  })

  it('a second root with the same name does not stop the real path', async () => {
    const fake = Certificate.from(file('validator.fakeRoot.crt'))
    expect(fake.subjectDer).toEqual(root.subjectDer)
    const result = await verify('validMail', { trustAnchors: [fake, root] })
    expect(result.status).toBe('valid')
    expect(result.signers[0]!.chain).toMatchObject({ trusted: true, anchor: root })
    const fakeOnly = await verify('validMail', { trustAnchors: [fake] })
    expect(fakeOnly.signers[0]!.chain).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_BAD_SIGNATURE' },
    })
  })

  it.each([
    ['certpath_end1.crt', 'certpath_inter1.crt'],
    ['certpath_end2.crt', 'certpath_inter2.crt'],
  ])('builds %s → %s → root out of both intermediates', async (end, inter) => {
    const certificates = [
      'certpath_end1.crt',
      'certpath_end2.crt',
      'certpath_inter1.crt',
      'certpath_inter2.crt',
    ].map((name) => Certificate.from(file(name)))
    const leaf = Certificate.from(file(end))
    const anchor = Certificate.from(file('certpath_root.crt'))
    const verdict = await verifyCertificate(leaf, {
      anchors: [anchor],
      intermediates: certificates,
      at: leaf.notBefore,
      algorithms: archive,
    })
    expect(verdict.trusted && verdict.path.map((c) => c.der)).toEqual([
      leaf.der,
      Certificate.from(file(inter)).der,
      anchor.der,
    ])
  })
})
