// ML-KEM recipients (RFC 9629 KEMRecipientInfo, RFC 9936) in encryptMessage/decryptMessage,
// cross-checked both ways against an independent implementation (fixtures/pq-kem/independent.ts)
// with the example keys of RFC 9935 Appendix C.
import { describe, expect, it } from 'vitest'
import { Certificate, decodePem, readPrivateKey, type PrivateKey } from '@siegel/pki'
import { decryptData, decryptMessage, encryptMessage, listRecipients } from '@siegel/core'
import { rfc9935 } from '../fixtures/pq-kem.js'
import {
  independentEnvelope,
  independentOpen,
  type KemSet,
} from '../fixtures/pq-kem/independent.js'
import { kemIdentity } from '../fixtures/pq-kem/kem-identity.js'
import { testPki } from '../fixtures/test-pki.js'
import { dec, enc } from '../helpers.js'

const SETS = ['ML-KEM-512', 'ML-KEM-768', 'ML-KEM-1024'] as const
const message =
  'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: quantum-safe\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nHarvest now, decrypt never.\r\n'

/** The CMS inside an application/pkcs7-mime message (base64 body). */
function cmsOf(mime: Uint8Array): Uint8Array {
  const text = dec(mime)
  const body = text.slice(text.indexOf('\r\n\r\n') + 4).replace(/\s/g, '')
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0))
}

async function example(set: KemSet): Promise<{
  certificate: Certificate
  privateKey: PrivateKey
  seed: Uint8Array
  publicKey: Uint8Array
}> {
  const certificate = Certificate.from(rfc9935[set].certificate)
  const privateKey = await readPrivateKey(rfc9935[set].key)
  // PKCS#8 seed form: the [0] seed is the last 64 bytes; the SPKI's key the BIT STRING's tail.
  const seed = decodePem(rfc9935[set].key)[0]!.der.slice(-64)
  const publicKey = certificate.publicKey.spki.slice(
    -{ 512: 800, 768: 1184, 1024: 1568 }[Number(set.slice(7)) as 512],
  )
  return { certificate, privateKey, seed, publicKey }
}

describe.each(SETS)('%s recipient (RFC 9935 example key)', (set) => {
  it.each(['AES-128-GCM', 'AES-256-CBC'] as const)(
    'writes %s that the independent implementation opens, and Siegel opens too',
    async (contentEncryption) => {
      const { certificate, privateKey, seed } = await example(set)
      // The example CA signs with ML-DSA: not a trust anchor here, only key usage and validity.
      const encrypted = await encryptMessage(
        message,
        [{ certificate, identifyBy: 'subjectKeyIdentifier' }],
        { contentEncryption, allowUntrusted: true },
      )
      const cms = cmsOf(encrypted)
      const opened = await independentOpen(cms, set, seed, certificate.subjectKeyIdentifier!)
      // RFC 5652 §6.1: EnvelopedData with an ori is version 3; RFC 5083: AuthEnvelopedData 0.
      expect(opened.version).toBe(contentEncryption === 'AES-256-CBC' ? 3 : 0)
      expect(dec(opened.content)).toContain('Harvest now, decrypt never.')
      const result = await decryptMessage(encrypted, { certificate, privateKey })
      expect(dec(result.content)).toBe(dec(opened.content))
      expect(result.authenticated).toBe(contentEncryption === 'AES-128-GCM')
    },
  )

  it.each([true, false])(
    'opens what the independent implementation wrote (GCM: %s)',
    async (gcm) => {
      const { certificate, privateKey, publicKey } = await example(set)
      const content = enc('independent content for ' + set)
      const cms = await independentEnvelope(
        content,
        [{ set, publicKey, keyIdentifier: certificate.subjectKeyIdentifier! }],
        gcm,
      )
      const result = await decryptData(cms, { certificate, privateKey })
      expect(dec(result.content)).toBe(dec(content))
      expect(result.keyEncryption).toBe(
        {
          512: '2.16.840.1.101.3.4.4.1',
          768: '2.16.840.1.101.3.4.4.2',
          1024: '2.16.840.1.101.3.4.4.3',
        }[Number(set.slice(7)) as 512],
      )
    },
  )

  it('opens a KMAC256 entry from the independent implementation (no published example)', async () => {
    const { certificate, privateKey, publicKey } = await example(set)
    const cms = await independentEnvelope(
      enc('kmac'),
      [
        {
          set,
          publicKey,
          keyIdentifier: certificate.subjectKeyIdentifier!,
          kdf: '2.16.840.1.101.3.4.2.22',
        },
      ],
      true,
    )
    expect(dec((await decryptData(cms, { certificate, privateKey })).content)).toBe('kmac')
  })

  it('known answer: with fixed randomness Siegel writes the independent bytes exactly', async () => {
    const { certificate, privateKey, publicKey } = await example(set)
    let counter = 0
    const stream = (n: number): Uint8Array =>
      Uint8Array.from({ length: n }, () => (counter++ * 131 + 7) & 0xff)
    const fixedCrypto = {
      subtle: globalThis.crypto.subtle,
      getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
        const bytes = array as unknown as Uint8Array
        bytes.set(stream(bytes.length))
        return array
      },
    } as Crypto
    const encrypted = await encryptMessage(
      message,
      [{ certificate, identifyBy: 'subjectKeyIdentifier' }],
      { contentEncryption: 'AES-128-GCM', allowUntrusted: true, crypto: fixedCrypto },
    )
    const siegel = cmsOf(encrypted)
    const { content } = await decryptData(siegel, { certificate, privateKey })
    // Siegel draws the GCM nonce, then the content key, then the encapsulation randomness m.
    counter = 0
    const iv = stream(12)
    const cek = stream(16)
    const m = stream(32)
    const independent = await independentEnvelope(
      content,
      [{ set, publicKey, keyIdentifier: certificate.subjectKeyIdentifier!, m }],
      true,
      { cek, iv },
    )
    expect(Array.from(siegel)).toEqual(Array.from(independent))
  })
})

describe('a migration message: RSA and ML-KEM recipients in one envelope', () => {
  it('opens for the RSA-only recipient and for the ML-KEM recipient, and lists both', async () => {
    const bob = await kemIdentity('ML-KEM-768', 'bob@example.org')
    const { root, certificate: kemCertificate } = bob
    const rsa = Certificate.from(testPki.alice)
    const encrypted = await encryptMessage(message, [rsa, kemCertificate], {
      trustAnchors: [Certificate.from(testPki.root), root],
      intermediates: [Certificate.from(testPki.intermediate)],
    })
    const listed = listRecipients(encrypted)
    expect(listed).toHaveLength(2)
    expect(listed.map((r) => ('kem' in r ? r.kem : 'classical'))).toEqual([
      'classical',
      'ML-KEM-768',
    ])
    const forRsa = await decryptMessage(encrypted, {
      certificate: rsa,
      privateKey: await readPrivateKey(testPki.aliceKey),
    })
    const forKem = await decryptMessage(encrypted, {
      certificate: kemCertificate,
      privateKey: bob.privateKey,
    })
    expect(dec(forRsa.content)).toContain('Harvest now')
    expect(dec(forKem.content)).toBe(dec(forRsa.content))
    expect(forKem.keyEncryption).toBe('2.16.840.1.101.3.4.4.2')
  })
})
