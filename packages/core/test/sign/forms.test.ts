import { describe, expect, it } from 'vitest'
import { composeMessage, decodeBody, parseMessage } from '@siegel/mime'
import { Certificate } from '@siegel/pki'
import { createCertificatesMessage, signMessage, verifyData, verifyMessage } from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { dec, root, signer } from '../helpers.js'

const message = composeMessage({
  from: 'alice@example.org',
  to: 'bob@example.org',
  subject: 'Vertrag',
  text: 'Anbei der Vertrag.\n',
})

describe('signMessage forms', () => {
  it('writes opaque application/pkcs7-mime signed-data that verifies', async () => {
    const signed = await signMessage(message, await signer('alice'), { form: 'opaque' })
    const parsed = parseMessage(signed)
    expect(parsed.contentType).toMatchObject({
      mediaType: 'application/pkcs7-mime',
      parameters: { 'smime-type': 'signed-data', name: 'smime.p7m' },
    })
    const result = await verifyMessage(signed, { trustAnchors: [root] })
    expect(result).toMatchObject({
      status: 'valid',
      coverage: { form: 'opaque', coversEntireMessage: true, signedRange: undefined },
    })
    expect(dec(result.coverage.signedPart.raw)).toMatch(
      /^Content-Type: text\/plain; charset=utf-8\r\n/,
    )
  })

  it('reports a changed opaque signature as invalid', async () => {
    const signed = dec(await signMessage(message, await signer('alice'), { form: 'opaque' }))
    const body = signed.slice(signed.indexOf('\r\n\r\n') + 4).replace(/\s/g, '')
    const der = Uint8Array.from(atob(body), (c) => c.charCodeAt(0))
    // Flip one bit of the encapsulated content: "Anbei" sits in the eContent.
    const at = dec(der).indexOf('Anbei')
    der[at] = der[at]! ^ 0x20
    const result = await verifyData(der, { trustAnchors: [root] })
    expect(result.status).toBe('invalid')
    expect(result.signers[0]!.signature).toMatchObject({ code: 'ERR_SMIME_DIGEST_MISMATCH' })
  })

  it('signs with several signers; each is verified, micalg lists every digest', async () => {
    const signed = await signMessage(message, [await signer('alice'), await signer('dave')])
    expect(parseMessage(signed).contentType.parameters.micalg).toBe('sha-256,sha-384')
    const result = await verifyMessage(signed, { trustAnchors: [root] })
    expect(result.signers.map((s) => s.certificate?.emailAddresses[0]).sort()).toEqual([
      'alice@example.org',
      'dave@example.org',
    ])
    expect(result.signers.every((s) => s.signature.valid && s.chain?.trusted)).toBe(true)
    // Alice is the sender and signed; Dave co-signed. Signers count one by one (RFC 4853).
    const bound = result.signers.filter((s) => s.sender.matches)
    expect(bound.map((s) => s.certificate?.emailAddresses[0])).toEqual(['alice@example.org'])
    expect(result.status).toBe('valid')
  })

  it('announces capabilities and the encryption certificate, ready for an address book', async () => {
    const result = await verifyMessage(await signMessage(message, await signer('alice')), {
      trustAnchors: [root],
    })
    const [verdict] = result.signers
    expect(verdict!.capabilities.map((c) => c.oid)).toEqual([
      '2.16.840.1.101.3.4.1.46',
      '2.16.840.1.101.3.4.1.6',
      '2.16.840.1.101.3.4.1.42',
      '2.16.840.1.101.3.4.1.22',
      '2.16.840.1.101.3.4.1.2',
      '1.2.840.113549.1.1.7',
    ])
    expect(verdict!.encryptionCertificate?.der).toEqual(Certificate.from(testPki.alice).der)
  })

  it('leaves the encryption preference out when asked', async () => {
    const result = await verifyMessage(
      await signMessage(message, { ...(await signer('alice')), encryptionCertificate: null }),
      {
        trustAnchors: [root],
      },
    )
    expect(result.signers[0]!.encryptionCertificate).toBeUndefined()
  })

  it('rejects an unknown form with ERR_SMIME_INVALID_INPUT', async () => {
    await expect(
      signMessage(message, await signer('alice'), { form: 'inline' as never }),
    ).rejects.toMatchObject({
      code: 'ERR_SMIME_INVALID_INPUT',
    })
  })
})

describe('createCertificatesMessage', () => {
  it('writes a certs-only entity holding the certificates and no signer', async () => {
    const entity = createCertificatesMessage([testPki.alice, testPki.intermediate])
    const part = parseMessage(entity)
    expect(part.contentType).toMatchObject({
      mediaType: 'application/pkcs7-mime',
      parameters: { 'smime-type': 'certs-only' },
    })
    const result = await verifyData(decodeBody(part), { content: new Uint8Array() })
    expect(result.problems).toEqual([expect.objectContaining({ code: 'ERR_SMIME_NO_SIGNERS' })])
    expect(result.certificates.map((c) => c.subject).sort()).toEqual([
      'CN=Alice Example,O=Siegel Test,C=DE',
      'CN=Siegel Test Issuing CA,O=Siegel Test,C=DE',
    ])
  })

  it('rejects an empty list with ERR_SMIME_INVALID_INPUT', () => {
    expect(() => createCertificatesMessage([])).toThrow(
      expect.objectContaining({ code: 'ERR_SMIME_INVALID_INPUT' }),
    )
  })
})
