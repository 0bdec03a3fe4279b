import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { verifyMessage, type VerificationResult } from '@siegel/core'
import { vector } from '../vectors.js'

// "Johnny, You Are Fired" (USENIX Security 2019): the S/MIME spoofing e-mails. Their root is not
// published with them, so the issuing CA is the anchor, at a time both certificates were valid.
const anchor = Certificate.from(vector('johnny-fired/assets/certificates/intermediate_ca.crt'))
const at = new Date('2020-01-01T00:00:00Z')
const verify = (file: string): Promise<VerificationResult> =>
  verifyMessage(vector(`johnny-fired/${file}`), { trustAnchors: [anchor], at })

describe('Johnny, You Are Fired: genuine messages', () => {
  it.each([
    ['01-cms/valid_email_from_manager.eml', 'manager@bigcorporation.de'],
    ['assets/valid-signed/manager-smime.eml', 'manager@bigcorporation.de'],
    ['assets/valid-signed/eve-smime.eml', 'eve@bigcorporation.de'],
  ])('%s is valid, signed by %s', async (file, address) => {
    const result = await verify(file)
    expect(result.status).toBe('valid')
    expect(result.signers[0]!.certificate?.emailAddresses).toContain(address)
    expect(result.coverage.warnings).toEqual([])
  })
})

describe('Johnny, You Are Fired: CMS attacks', () => {
  it.each([
    '01-cms/c1_eContent-confusion/eContent_confusion.eml',
    '01-cms/c1_eContent-confusion/eContent_confusion_refinement.eml',
  ])('%s (eContent confusion) is refused as malformed CMS', async (file) => {
    await expect(verify(file)).rejects.toMatchObject({ code: 'ERR_SMIME_MALFORMED_CMS' })
  })

  it.each([
    '01-cms/c2_multiple-signerInfos/multiple_signerInfos_append_johnny.eml',
    '01-cms/c2_multiple-signerInfos/multiple_signerInfos_prepend_johnny.eml',
  ])('%s (a valid and a forged signer) is invalid, with a verdict per signer', async (file) => {
    const result = await verify(file)
    expect(result.status).toBe('invalid')
    const byAddress = Object.fromEntries(
      result.signers.map((s) => [s.certificate!.emailAddresses[0], s.signature]),
    )
    expect(byAddress['eve@bigcorporation.de']).toEqual({ valid: true })
    expect(byAddress['manager@bigcorporation.de']).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_DIGEST_MISMATCH',
    })
  })

  it.each([
    '01-cms/c3_no-signerInfos/no_signerInfos_detached.eml',
    '01-cms/c3_no-signerInfos/no certificates/no_signerInfos_no_certificates_detached.eml',
  ])('%s (no signerInfos) is invalid with ERR_SMIME_NO_SIGNERS', async (file) => {
    const result = await verify(file)
    expect(result.status).toBe('invalid')
    expect(result.signers).toEqual([])
    expect(result.problems).toEqual([expect.objectContaining({ code: 'ERR_SMIME_NO_SIGNERS' })])
  })

  it('crash_01.eml gives a typed error, not a crash', async () => {
    await expect(verify('01-cms/crashes/crash_01.eml')).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_CMS',
    })
  })
})

describe('Johnny, You Are Fired: MIME wrapping attacks', () => {
  it.each([
    '03-mime/m1-prepending-text/m1-smime.eml',
    '03-mime/m2-hiding-with-html/m2-smime-mix.eml',
    '03-mime/m3-hiding-in-reference/m3-smime.eml',
    '03-mime/m4-hiding-as-attachment/m4-smime.eml',
  ])('%s: the signature is valid for one part only, so the message is not valid', async (file) => {
    const result = await verify(file)
    expect(result.status).toBe('partially-signed')
    expect(result.signers[0]!.signature).toEqual({ valid: true })
    expect(result.signers[0]!.chain?.trusted).toBe(true)
    expect(result.coverage.coversEntireMessage).toBe(false)
    expect(result.coverage.warnings).toContainEqual(
      expect.objectContaining({ code: 'UNSIGNED_CONTENT' }),
    )
  })
})

describe('Johnny, You Are Fired: ID attacks', () => {
  // Every one of these is cryptographically valid (OpenSSL says so); none may be reported as a
  // valid signature of the sender shown.
  it.each([
    '04-id/i1-sender-signer-checks/i1-from-unequals-signer-smime.eml',
    '04-id/i2-display-name-confusion/i2-from-is-empty-smime.eml',
    '04-id/i2-display-name-confusion/i2-from-is-nonexistent-smime.eml',
    '04-id/i2-display-name-confusion/i2-from-is-only-a-name-smime.eml',
    '04-id/i2-display-name-confusion/i2-from-is-sender-signer-a-smime.eml',
    '04-id/i2-display-name-confusion/i2-from-is-sender-signer-b-smime.eml',
    '04-id/i2-display-name-confusion/i2-from-is-signer-sender-a-smime.eml',
    '04-id/i2-display-name-confusion/i2-from-is-signer-sender-b-smime.eml',
    '04-id/i3-from-sender-confusion/i3-from-is-sender-sender-signer-smime.eml',
    '04-id/i3-from-sender-confusion/i3-from-is-sender-signer-sender-smime.eml',
    '04-id/i3-from-sender-confusion/i3-from-sender-others-signer-smime.eml',
    '04-id/i3-from-sender-confusion/i3-from-signer-others-sender-smime.eml',
    '04-id/i3-from-sender-confusion/i3-from1-sender-from2-signer-smime.eml',
    '04-id/i3-from-sender-confusion/i3-from1-signer-from2-sender-smime.eml',
  ])('%s is a sender mismatch, though the signature itself is valid', async (file) => {
    const result = await verify(file)
    expect(result.signers[0]!.signature).toEqual({ valid: true })
    expect(result.status).toBe('sender-mismatch')
    expect(result.signers[0]!.sender.matches).toBe(false)
  })

  it('"The Manager <eve@…>" signed by eve is valid: the display name is not an address, and eve signed', async () => {
    const result = await verify('04-id/i2-display-name-confusion/i2-from-contains-signer-smime.eml')
    expect(result.status).toBe('valid')
    expect(result.signers[0]!.sender.claimed).toEqual(['eve@bigcorporation.de'])
  })
})

describe('Johnny, You Are Fired: UI redressing', () => {
  it('an HTML mail that only looks signed is not a signed message', async () => {
    await expect(verify('05-ui/u1-ui-redressing/u1-generic.eml')).rejects.toMatchObject({
      code: 'ERR_SMIME_NOT_SIGNED',
    })
  })
})
