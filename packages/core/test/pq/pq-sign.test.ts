import { describe, expect, it } from 'vitest'
import { composeMessage } from '@siegel/mime'
import {
  Certificate,
  generateKeyPair,
  importPrivateKey,
  issueCertificate,
  writePrivateKey,
} from '@siegel/pki'
import {
  loadIdentity,
  protectMessage,
  signData,
  signMessage,
  verifyData,
  verifyMessage,
  type Signer,
} from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { pqAlice, pqRoot } from './pq-pki.js'

const content = new TextEncoder().encode('Bescheid vom 3. Dezember\r\n')
const rsaRoot = Certificate.from(testPki.root)

async function rsaAlice(): Promise<Signer> {
  return {
    certificate: testPki.alice,
    privateKey: await importPrivateKey(testPki.aliceKey),
    chain: [testPki.intermediate],
  }
}

/** The offset of the first OCTET STRING of exactly `length` bytes (a signature) in `der`. */
function signatureOffset(der: Uint8Array, length: number): number {
  const header = [0x04, 0x82, length >> 8, length & 0xff]
  for (let i = der.length - length; i >= 0; i--)
    if (header.every((b, k) => der[i + k] === b)) return i + 4
  throw new Error(`no ${length}-byte OCTET STRING`)
}

describe('signData → verifyData with ML-DSA and SLH-DSA', () => {
  it.each([
    ['ML-DSA-44', 'SHA-512'],
    ['ML-DSA-65', 'SHA-512'],
    ['ML-DSA-87', 'SHA-512'],
    ['SLH-DSA-SHA2-128f', 'SHA-256'],
    ['SLH-DSA-SHA2-128s', 'SHA-256'],
    ['SLH-DSA-SHA2-192f', 'SHA-512'],
  ] as const)(
    'round-trips %s with digest %s (pure mode over signed attributes)',
    async (algorithm, digest) => {
      const alice = await pqAlice(algorithm)
      const root = (await pqRoot()).certificate
      const cms = await signData(content, alice, { detached: false })
      const result = await verifyData(cms, { trustAnchors: [root], bundledAnchors: false })
      expect(result.status).toBe('valid')
      const [signer] = result.signers
      expect(signer!.signature).toEqual({ valid: true })
      expect(signer!.digestAlgorithm).toBe(digest)
      expect(signer!.certificate?.publicKey.type).toBe(algorithm)
      expect(result.content).toEqual(content)
    },
    60_000,
  )

  it('announces the post-quantum signature algorithms only when the signer asks', async () => {
    const alice = await pqAlice('ML-DSA-44')
    const root = (await pqRoot()).certificate
    const options = { trustAnchors: [root], bundledAnchors: false }
    const quiet = await verifyData(await signData(content, alice, { detached: false }), options)
    const quietOids = quiet.signers[0]!.capabilities.map((c) => c.oid)
    expect(quietOids.filter((oid) => oid.startsWith('2.16.840.1.101.3.4.3.'))).toEqual([])
    const announcing = { ...alice, announcePostQuantumSignatures: true }
    const loud = await verifyData(await signData(content, announcing, { detached: false }), options)
    const capabilities = loud.signers[0]!.capabilities
    expect(capabilities.map((c) => c.oid)).toEqual([
      ...quietOids,
      ...[19, 18, 17, 24, 25, 22, 23, 20, 21].map((n) => `2.16.840.1.101.3.4.3.${n}`),
    ])
    // RFC 9882 §2: the parameters are absent.
    expect(capabilities.every((c) => c.parameters === undefined)).toBe(true)
  })

  it('refuses to sign messages with an SLH-DSA SHAKE key (its CMS digest is SHAKE)', async () => {
    const pair = await generateKeyPair({ algorithm: 'SLH-DSA-SHAKE-128f' })
    const certificate = await issueCertificate({
      profile: 'ca',
      subject: { commonName: 'SHAKE' },
      publicKeyInfo: pair.publicKeyInfo,
      issuerKey: pair.privateKey,
    })
    await expect(
      signData(content, { certificate, privateKey: pair.privateKey }),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_UNSUPPORTED_ALGORITHM' })
  })
})

describe('an ML-DSA identity', () => {
  it('signs through loadIdentity and protectMessage (no CryptoKey involved)', async () => {
    const alice = await pqAlice('ML-DSA-65')
    const pem = await writePrivateKey(alice.privateKey, { password: 'pq', iterations: 1000 })
    const me = await loadIdentity({
      certificate: alice.certificate.toPem(),
      privateKey: pem,
      password: 'pq',
    })
    expect(me.privateKey.type).toBe('ML-DSA-65')
    const sent = await protectMessage(
      { from: 'alice@example.org', to: 'bob@example.org', subject: 'PQ', text: 'Hallo\n' },
      { signWith: me },
    )
    const result = await verifyMessage(sent, { trustAnchors: [(await pqRoot()).certificate] })
    expect(result.status).toBe('valid')
    expect(result.signers[0]!.certificate?.publicKey.type).toBe('ML-DSA-65')
  })
})

describe('a message signed by an RSA and an ML-DSA signer (RFC 5652 §5.1, RFC 4853)', () => {
  const message = composeMessage({
    from: { name: 'Alice Example', address: 'alice@example.org' },
    to: 'bob@example.org',
    subject: 'Zwei Unterschriften',
    text: 'Klassisch und post-quanten-sicher unterschrieben.\n',
  })

  it('verifies with one verdict per signer', async () => {
    const pq = await pqAlice('ML-DSA-44')
    const signed = await signMessage(message, [await rsaAlice(), pq])
    const anchors = [rsaRoot, (await pqRoot()).certificate]
    const result = await verifyMessage(signed, { trustAnchors: anchors })
    expect(result.status).toBe('valid')
    expect(result.signers).toHaveLength(2)
    const types = result.signers.map((s) => s.certificate?.publicKey.type).sort()
    expect(types).toEqual(['ML-DSA-44', 'RSA'])
    for (const signer of result.signers) {
      expect(signer.signature).toEqual({ valid: true })
      expect(signer.chain?.trusted).toBe(true)
      expect(signer.sender.matches).toBe(true)
    }
  })

  it('keeps the RSA verdict when the ML-DSA signature is broken, and the other way round', async () => {
    const pq = await pqAlice('ML-DSA-44')
    const cms = await signData(content, [await rsaAlice(), pq], { detached: false })
    const anchors = [rsaRoot, (await pqRoot()).certificate]
    for (const [broken, length] of [
      ['ML-DSA-44', 2420],
      ['RSA', 256],
    ] as const) {
      const bytes = cms.slice()
      const at = length === 256 ? signatureOffsetShort(bytes) : signatureOffset(bytes, length)
      bytes[at + 5]! ^= 1
      const result = await verifyData(bytes, { trustAnchors: anchors, bundledAnchors: false })
      expect(result.status).toBe('invalid')
      const verdicts = Object.fromEntries(
        result.signers.map((s) => [s.certificate?.publicKey.type, s.signature]),
      )
      const other = broken === 'RSA' ? 'ML-DSA-44' : 'RSA'
      expect(verdicts[broken]).toMatchObject({ valid: false, code: 'ERR_SMIME_BAD_SIGNATURE' })
      expect(verdicts[other]).toEqual({ valid: true })
    }
  })
})

/** The RSA-2048 signature: the last OCTET STRING of 256 bytes (04 82 01 00). */
function signatureOffsetShort(der: Uint8Array): number {
  return signatureOffset(der, 256)
}
