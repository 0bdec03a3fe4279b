import { describe, expect, it } from 'vitest'
import { composeMessage } from '@siegel/mime'
import { Certificate } from '@siegel/pki'
import { MESSAGES_DE, openMessage, signMessage, verifyMessage } from '@siegel/core'
import { dec, root, signer } from '../helpers.js'
import { vector } from '../vectors.js'

const message = composeMessage({
  from: 'alice@example.org',
  to: 'office@example.de',
  subject: 'Vertrag',
  text: 'Unterschrieben von Alice, gegengezeichnet von Dave.\n',
})

describe('several signers, unknown signers and messages without a sender', () => {
  it('is valid when the sender signed and a co-signer signed too, in either order', async () => {
    for (const order of [
      ['alice', 'dave'],
      ['dave', 'alice'],
    ] as const) {
      const signed = await signMessage(message, [await signer(order[0]), await signer(order[1])])
      const result = await verifyMessage(signed, { trustAnchors: [root] })
      expect(result.status).toBe('valid')
      expect(result.signers.every((s) => s.signature.valid && s.chain?.trusted)).toBe(true)
    }
  })

  it('is not valid when the co-signer is forged, nor when no signer is the sender', async () => {
    const signed = dec(await signMessage(message, [await signer('alice'), await signer('dave')]))
    const tampered = signed.replace('gegengezeichnet', 'GEGENGEZEICHNET')
    expect((await verifyMessage(tampered, { trustAnchors: [root] })).status).toBe('invalid')
    const byOthers = await signMessage(message, [await signer('bob'), await signer('dave')])
    expect((await verifyMessage(byOthers, { trustAnchors: [root] })).status).toBe('sender-mismatch')
  })

  it('calls a signer whose certificate is missing unknown, not invalid, and says so', async () => {
    // RFC 9216's example signed by Alice and Carlos without their certificates.
    const der = vector('rfc9216/signedByAliceAndCarlosNoCerts.p7m')
    const eml = `From: alice@smime.example\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data\r\nContent-Transfer-Encoding: base64\r\n\r\n${btoa(String.fromCharCode(...der))}\r\n`
    const result = await verifyMessage(eml, { at: new Date('2020-01-01T00:00:00Z') })
    expect(result.status).toBe('unknown-signer')
    const opened = await openMessage(eml, { at: new Date('2020-01-01T00:00:00Z') })
    expect(opened.summary).toBe(
      "Signed by an UNKNOWN signer · NOT verified (the signer's certificate is missing)",
    )
    const german = await openMessage(eml, { messages: MESSAGES_DE })
    expect(german.summary).toBe(
      'Signiert von einem UNBEKANNTEN Unterzeichner · NICHT geprüft (sein Zertifikat fehlt)',
    )
    const supplied = await verifyMessage(eml, {
      at: new Date('2020-01-01T00:00:00Z'),
      certificates: [Certificate.from(vector('rfc9216/alice.sign.crt'))],
    })
    // SignerInfos are a DER SET: their order is by bytes, not by who signed first.
    const verdicts = supplied.signers.map((s) => [
      s.certificate?.emailAddresses[0],
      s.signature.valid,
    ])
    expect(verdicts).toHaveLength(2)
    expect(verdicts).toContainEqual(['alice@smime.example', true])
    expect(verdicts).toContainEqual([undefined, false])
    expect(supplied.status).toBe('unknown-signer')
  })

  it('does not call a message without a From a mismatch in its summary', async () => {
    const entity = 'Content-Type: text/plain\r\n\r\nNo mail headers at all.\r\n'
    const signed = await signMessage(entity, await signer('alice'))
    const result = await verifyMessage(signed, { trustAnchors: [root] })
    expect(result.status).toBe('sender-mismatch')
    expect(result.signers[0]!.sender.claimed).toEqual([])
    const opened = await openMessage(signed, { trustAnchors: [root] })
    expect(opened.summary).toBe(
      'Signed by alice@example.org · trusted via Siegel Test Root CA · the message names NO sender to check',
    )
    // Signed content from elsewhere: the caller names the sender it expects.
    const named = await verifyMessage(signed, {
      trustAnchors: [root],
      claimedSenders: ['alice@example.org'],
    })
    expect(named.status).toBe('valid')
  })
})
