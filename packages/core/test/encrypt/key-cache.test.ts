import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { decryptMessage, encryptMessage, protectMessage, verifyMessage } from '@siegel/core'
import { countingCrypto } from '../../../pki/test/counting-crypto.js'
import { testPki } from '../fixtures/test-pki.js'
import { dec } from '../helpers.js'

// Importing a key into WebCrypto costs more than the operation it serves: one certificate or
// private key object used for many messages is imported once (per usage), then remembered.
const message =
  'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: again\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nThe same keys, message after message.\r\n'

describe.each([
  ['RSA-OAEP', 'alice'],
  ['ECDH P-256', 'bob'],
] as const)('%s recipients', (_, who) => {
  it('have their public key imported once, and the private key once to decrypt', async () => {
    const recipient = Certificate.from(testPki[who])
    const identity = {
      certificate: recipient,
      privateKey: await readPrivateKey(testPki[`${who}Key`]),
    }
    const { crypto, imports } = countingCrypto()
    const options = { rsaPadding: 'oaep-sha256', allowUntrusted: true, crypto } as const
    const first = await encryptMessage(message, [recipient], options)
    const second = await encryptMessage(message, [recipient], options)
    expect(imports('spki')).toBe(1)
    for (const encrypted of [first, second]) {
      const opened = await decryptMessage(encrypted, identity, { crypto })
      expect(dec(opened.content)).toContain('message after message')
    }
    expect(imports('pkcs8')).toBe(1)
    // Another certificate object for the same key starts afresh: nothing outlives the objects.
    await encryptMessage(message, [Certificate.from(testPki[who])], options)
    expect(imports('spki')).toBe(2)
  })
})

describe('signing with an identity', () => {
  it('imports its private key once for many messages', async () => {
    const identity = {
      certificate: Certificate.from(testPki.alice),
      privateKey: await readPrivateKey(testPki.aliceKey),
      chain: [Certificate.from(testPki.intermediate)],
    }
    const { crypto, imports } = countingCrypto()
    const signed = []
    for (let i = 0; i < 3; i++)
      signed.push(
        await protectMessage(message, { signWith: identity, encryptToSelf: false, crypto }),
      )
    expect(imports('pkcs8')).toBe(1)
    const anchors = [Certificate.from(testPki.root)]
    for (const eml of signed)
      expect((await verifyMessage(eml, { trustAnchors: anchors })).status).toBe('valid')
  })
})
