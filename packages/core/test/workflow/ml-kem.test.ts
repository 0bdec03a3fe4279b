// ML-KEM in the workflow: a signer with an ML-KEM encryption certificate announces ML-KEM
// (RFC 9936 §2.4), and protectMessage/openMessage carry a KEMRecipientInfo end to end.
import { describe, expect, it } from 'vitest'
import { Certificate, CertificateDirectory, readPrivateKey, type PrivateKey } from '@siegel/pki'
import { openMessage, protectMessage, signMessage, verifyMessage } from '@siegel/core'
import { kemIdentity } from '../fixtures/pq-kem/kem-identity.js'
import { testPki } from '../fixtures/test-pki.js'
import { dec, root, signer } from '../helpers.js'

const message =
  'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: hybrid\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nPost-quantum hello.\r\n'
const OAEP = '1.2.840.113549.1.1.7'

describe('smimeCapabilities and ML-KEM', () => {
  it('announces no ML-KEM for a signer with a classical encryption certificate', async () => {
    const result = await verifyMessage(await signMessage(message, await signer('alice')), {
      trustAnchors: [root],
    })
    const oids = result.signers[0]!.capabilities.map((c) => c.oid)
    expect(oids.filter((oid) => oid.startsWith('2.16.840.1.101.3.4.4.'))).toEqual([])
  })

  it.each([
    ['ML-KEM-512', '2.16.840.1.101.3.4.4.1'],
    ['ML-KEM-768', '2.16.840.1.101.3.4.4.2'],
    ['ML-KEM-1024', '2.16.840.1.101.3.4.4.3'],
  ] as const)(
    'announces %s, without parameters, when the encryption certificate holds that key',
    async (set, oid) => {
      const { certificate } = await kemIdentity(set, 'alice@example.org')
      const signed = await signMessage(message, {
        ...(await signer('alice')),
        encryptionCertificate: certificate,
      })
      const result = await verifyMessage(signed, { trustAnchors: [root] })
      const capabilities = result.signers[0]!.capabilities
      const at = capabilities.findIndex((c) => c.oid === oid)
      expect(at).toBeGreaterThan(0)
      expect(capabilities[at]!.parameters).toBeUndefined()
      expect(capabilities[at + 1]!.oid).toBe(OAEP)
      expect(result.signers[0]!.encryptionCertificate?.der).toEqual(certificate.der)
    },
  )
})

describe('protectMessage → openMessage with an ML-KEM recipient', () => {
  it('signs with RSA, encrypts to ML-KEM-1024 and to the RSA sender, and opens for both', async () => {
    const bob = await kemIdentity('ML-KEM-1024', 'bob@example.org')
    const alice = {
      certificate: Certificate.from(testPki.alice),
      privateKey: await readPrivateKey(testPki.aliceKey),
      chain: [Certificate.from(testPki.intermediate)],
    }
    const protectedMail = await protectMessage(message, {
      signWith: alice,
      encryptFor: [bob.certificate],
      trustAnchors: [root, bob.root],
    })
    const identities: { certificate: Certificate; privateKey: PrivateKey; chain: [] }[] = [
      { certificate: bob.certificate, privateKey: bob.privateKey, chain: [] },
      { ...alice, chain: [] },
    ]
    for (const identity of identities) {
      const opened = await openMessage(protectedMail, {
        identities: [identity],
        trustAnchors: [root],
      })
      expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted', 'signed'])
      expect(dec(opened.message.raw)).toContain('Post-quantum hello.')
    }
  })
})

describe('the address book learns an ML-KEM certificate from signed mail', () => {
  it('files the announced ML-KEM certificate, and protectMessage to the address then uses it', async () => {
    const aliceKem = await kemIdentity('ML-KEM-768', 'alice@example.org')
    const signed = await signMessage(message, {
      ...(await signer('alice')),
      encryptionCertificate: aliceKem.certificate,
    })
    const directory = await CertificateDirectory.open()
    await openMessage(signed, { trustAnchors: [root, aliceKem.root], directory })
    const [best] = directory.lookup('alice@example.org')
    expect(best?.certificate.publicKey.type).toBe('ML-KEM-768')
    expect(best?.preferredForEncryption).toBe(true)
    expect(best?.capabilities?.some((c) => c.oid === '2.16.840.1.101.3.4.4.2')).toBe(true)

    const reply = await protectMessage(message, {
      encryptFor: ['alice@example.org'],
      directory,
      trustAnchors: [aliceKem.root],
    })
    const opened = await openMessage(reply, {
      identities: [
        { certificate: aliceKem.certificate, privateKey: aliceKem.privateKey, chain: [] },
      ],
    })
    const [layer] = opened.layers
    expect(layer?.kind === 'encrypted' && layer.keyEncryption).toBe('2.16.840.1.101.3.4.4.2')
  })
})
