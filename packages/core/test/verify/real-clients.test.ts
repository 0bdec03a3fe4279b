import { describe, expect, it } from 'vitest'
import { verifyMessage, type VerificationResult } from '@siegel/core'
import { vector } from '../vectors.js'

const result = (r: VerificationResult): [string, boolean] => [
  r.status,
  r.signers[0]!.sender.matches,
]

// Messages as mail programs wrote them. Their roots are not published with them, so chains are
// untrusted; what is checked is that each signature verifies over the bytes as received. The
// repositories store them with LF line endings, so each verifies in its CRLF form and says so.
describe('signed messages from real mail clients', () => {
  it.each([
    ['bc-java/embeddedmulti.message', 'Outlook 11', 'hauser@privasphere.com', 'untrusted'],
    ['bc-java/quotable.message', 'Outlook Express 6', 'arminha@student.ethz.ch', 'untrusted'],
    // The certificate binds EDIFACT@landenergie.de: local parts compare exactly by default.
    ['bc-java/multi-alternative.eml', 'Exchange 6.5', 'edifact@landenergie.de', 'sender-mismatch'],
    [
      'bc-java/circular.eml',
      'privasphere gateway (x-pkcs7-signature)',
      'armin@privasphere.com',
      'untrusted',
    ],
    ['mimekit/thunderbird-signed.txt', 'Thunderbird', 'fejj@gnome.org', 'untrusted'],
    // Signed with a certificate for test@example.com, sent From martijn@djigzo.com.
    ['bc-java/extra-nl.eml', 'Thunderbird 2', 'martijn@djigzo.com', 'sender-mismatch'],
  ])('%s (%s) verifies, signed for %s', async (file, _client, sender, status) => {
    const result = await verifyMessage(vector(`real-clients/${file}`))
    expect(result.signers).toHaveLength(1)
    expect(result.signers[0]!.signature).toEqual({ valid: true })
    expect(result.signers[0]!.sender.claimed).toEqual([sender])
    expect(result.status).toBe(status)
    expect(result.coverage.warnings.map((w) => w.code)).toEqual(['CANONICALIZED'])
  })

  it('binds EDIFACT@ to a From of edifact@ only when asked to ignore ASCII case', async () => {
    const eml = vector('real-clients/bc-java/multi-alternative.eml')
    expect(result(await verifyMessage(eml))).toEqual(['sender-mismatch', false])
    const folded = await verifyMessage(eml, {
      senderMatching: { localPart: 'ascii-case-insensitive' },
    })
    expect(result(folded)).toEqual(['untrusted', true])
    expect(folded.signers[0]!.sender.certificateAddresses[0]).toBe('EDIFACT@landenergie.de')
  })

  it('KMail opaque signed-data without certificates: the signer is reported missing', async () => {
    const result = await verifyMessage(
      vector('real-clients/kde-mimetreeparser/smime-opaque-sign.mbox'),
    )
    expect(result.coverage.form).toBe('opaque')
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_SIGNER_NOT_FOUND',
    })
  })

  it.each([
    ['kde-mimetreeparser/smime-cert.mbox', 'a certs-only message'],
    ['mikel-mail/raw_email2.eml', 'a stray smime.p7s attachment without multipart/signed'],
    ['bc-java/rawAS2.message', 'an HTTP request, not a mail'],
  ])('%s (%s) is not a signed message', async (file) => {
    await expect(verifyMessage(vector(`real-clients/${file}`))).rejects.toMatchObject({
      code: 'ERR_SMIME_NOT_SIGNED',
    })
  })
})
