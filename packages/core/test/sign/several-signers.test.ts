import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { signData, signMessage, verifyData, verifyMessage } from '@siegel/core'
import { cryptoWith } from '../../../pki/test/counting-crypto.js'
import { testPki } from '../fixtures/test-pki.js'

// Several signers' private-key operations run at once, and the SignedData carries each
// certificate once (RFC 5652 §5.1: a SET of certificates), however
// often the signers name it: as a signer, in a chain, as another Certificate object.
const content = new TextEncoder().encode('Zwei Unterschriften\r\n')

describe('the certificates a SignedData carries', () => {
  it('holds each certificate once, by issuer and serial number, and both signers verify', async () => {
    const intermediate = Certificate.from(testPki.intermediate)
    const alice = {
      certificate: Certificate.from(testPki.alice),
      privateKey: await readPrivateKey(testPki.aliceKey),
      // The intermediate twice, once as a separate object, and the signer's own certificate.
      chain: [
        intermediate,
        Certificate.from(testPki.intermediate),
        Certificate.from(testPki.alice),
      ],
    }
    const bob = {
      certificate: Certificate.from(testPki.bob),
      privateKey: await readPrivateKey(testPki.bobKey),
      chain: [intermediate],
    }
    const der = await signData(content, [alice, bob], { detached: false })
    const result = await verifyData(der, { trustAnchors: [Certificate.from(testPki.root)] })
    expect(result.status).toBe('valid')
    const subjects = result.certificates.map((c) => c.subject).sort()
    expect(subjects).toEqual(
      [alice.certificate.subject, bob.certificate.subject, intermediate.subject].sort(),
    )
  })

  it('signs for all signers at once, and each signature verifies', async () => {
    const real = globalThis.crypto.subtle
    let inFlight = 0
    let most = 0
    const sign: SubtleCrypto['sign'] = async (algorithm, key, data) => {
      most = Math.max(most, ++inFlight)
      await new Promise((resolve) => setTimeout(resolve, 20))
      inFlight--
      return real.sign(algorithm, key, data)
    }
    const crypto = cryptoWith({ sign })
    const signers = await Promise.all(
      (['alice', 'bob'] as const).map(async (who) => ({
        certificate: Certificate.from(testPki[who]),
        privateKey: await readPrivateKey(testPki[`${who}Key`]),
        chain: [Certificate.from(testPki.intermediate)],
      })),
    )
    const der = await signData(content, signers, { detached: false, crypto })
    expect(most).toBe(2)
    const result = await verifyData(der, { trustAnchors: [Certificate.from(testPki.root)] })
    expect(result.status).toBe('valid')
    expect(result.signers.map((s) => s.signature.valid)).toEqual([true, true])
  })

  it('draws the multipart boundary while the signature is computed; a refused signature is ERR_SMIME_SIGNING_FAILED', async () => {
    const real = globalThis.crypto.subtle
    let signing = false
    let drawnWhileSigning = false
    let fail = false
    const sign: SubtleCrypto['sign'] = async (algorithm, key, data) => {
      signing = true
      await new Promise((resolve) => setTimeout(resolve, 20))
      signing = false
      if (fail) throw new DOMException('the key refused', 'OperationError')
      return real.sign(algorithm, key, data)
    }
    const crypto = cryptoWith({ sign })
    const draw = crypto.getRandomValues.bind(crypto)
    crypto.getRandomValues = (array) => {
      drawnWhileSigning ||= signing
      return draw(array)
    }
    const signer = {
      certificate: Certificate.from(testPki.alice),
      privateKey: await readPrivateKey(testPki.aliceKey),
      chain: [Certificate.from(testPki.intermediate)],
    }
    const message = 'From: alice@example.org\r\nContent-Type: text/plain\r\n\r\nGr\u00fc\u00dfe\r\n'
    const signed = await signMessage(message, signer, { crypto })
    expect(drawnWhileSigning).toBe(true)
    const result = await verifyMessage(signed, { trustAnchors: [Certificate.from(testPki.root)] })
    expect(result.status).toBe('valid')
    fail = true
    await expect(signMessage(message, signer, { crypto })).rejects.toMatchObject({
      code: 'ERR_SMIME_SIGNING_FAILED',
      cause: expect.objectContaining({ name: 'OperationError' }),
    })
  })
})
