import { describe, expect, it } from 'vitest'
import {
  Certificate,
  createCertificateRequest,
  createSignature,
  generateKeyPair,
  issueCertificate,
  pqSignatureParams,
  verifyCertificate,
  verifySignature,
  type KeyPairAlgorithm,
} from '@siegel/pki'
import { der, DerReader } from '@siegel/pki/der'
import { mlDsaExamples, openssl35, pemDer, slhDsaExample } from '../fixtures/pq.js'
import { signatureCheckCost } from '../../src/trust/signature-cache.js'

const reader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'test')
const data = new TextEncoder().encode('signed attributes, or a TBSCertificate')

/** A signed X.509 structure's parts (RFC 5280 §4.1.1): what was signed, how, the signature. */
function signedParts(bytes: Uint8Array): { tbs: Uint8Array; oid: string; signature: Uint8Array } {
  const [tbs, algorithm, bits] = reader.sequence(reader.one(bytes), 'signed')
  return {
    tbs: tbs!.raw,
    oid: reader.oid(reader.sequence(algorithm, 'algorithm')[0], 'oid'),
    signature: bits!.content.subarray(1),
  }
}

function flipLast(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice()
  copy[copy.length - 1]! ^= 1
  return copy
}

describe('ML-DSA and SLH-DSA certificate signatures', () => {
  const selfSigned = [
    ...mlDsaExamples.map((e) => [`RFC 9881 ${e.name}`, e.cert] as const),
    ['RFC 9909 SLH-DSA-SHA2-128s', slhDsaExample.cert] as const,
  ]
  it.each(selfSigned)(
    'verifies the self-signature of the %s example certificate',
    async (_, pem) => {
      const cert = Certificate.from(pem)
      const { tbs, oid, signature } = signedParts(cert.der)
      expect(await verifySignature(cert, tbs, signature, { oid })).toMatchObject({ valid: true })
      expect(await verifySignature(cert, tbs, flipLast(signature), { oid })).toMatchObject({
        valid: false,
        code: 'ERR_PKI_BAD_SIGNATURE',
      })
    },
  )

  it.each([
    ['ML-DSA-65', openssl35.mlDsa65],
    ['SLH-DSA-SHA2-128s', openssl35.slhDsa128s],
  ])('trusts the OpenSSL 3.5 %s end entity under its ML-DSA-44 root', async (type, pem) => {
    const root = Certificate.from(openssl35.root)
    const ee = Certificate.from(pem)
    expect(ee.publicKey.type).toBe(type)
    const at = new Date('2026-01-01T00:00:00Z')
    const verdict = await verifyCertificate(ee, { anchors: [root], at })
    expect(verdict.trusted).toBe(true)
  })

  it('rejects a forged certificate (one byte of its ML-DSA-44 signature, or of what it signs)', async () => {
    const root = Certificate.from(openssl35.root)
    const genuine = pemDer(openssl35.slhDsa128s)
    const at = new Date('2026-01-01T00:00:00Z')
    const badSignature = Certificate.from(flipLast(genuine))
    const forgedName = genuine.slice()
    const at_ = new TextDecoder('latin1').decode(forgedName).indexOf('slh-dsa-sha2-128s.cms')
    forgedName[at_]! ^= 0x20 // 's' → 'S' in the subjectAltName
    for (const cert of [badSignature, Certificate.from(forgedName)]) {
      const verdict = await verifyCertificate(cert, { anchors: [root], at })
      expect(verdict).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_BAD_SIGNATURE' } })
    }
  })
})

describe('verifySignature with bad ML-DSA/SLH-DSA input', () => {
  const cert = Certificate.from(mlDsaExamples[0].cert)
  const { tbs, oid, signature } = signedParts(cert.der)

  it('gives ERR_PKI_BAD_SIGNATURE for a truncated signature and a wrong-length key', async () => {
    expect(await verifySignature(cert, tbs, signature.subarray(0, 2419), { oid })).toMatchObject({
      valid: false,
      code: 'ERR_PKI_BAD_SIGNATURE',
    })
    const key = reader.sequence(reader.one(cert.publicKey.spki), 'spki')[1]!.content
    const shortKey = der.seq(der.seq(der.oid(oid)), der.bits(key.subarray(1, 1312)))
    expect(await verifySignature(shortKey, tbs, signature, { oid })).toMatchObject({
      valid: false,
      code: 'ERR_PKI_BAD_SIGNATURE',
    })
  })

  it('gives ERR_PKI_UNSUPPORTED_ALGORITHM for parameters, another set or an unknown OID', async () => {
    const unsupported = { valid: false, code: 'ERR_PKI_UNSUPPORTED_ALGORITHM' }
    const withNull = { oid, parameters: Uint8Array.of(5, 0) }
    expect(await verifySignature(cert, tbs, signature, withNull)).toMatchObject(unsupported)
    const ml65 = { oid: '2.16.840.1.101.3.4.3.18' }
    expect(await verifySignature(cert, tbs, signature, ml65)).toMatchObject(unsupported)
    const unknown = { oid: '2.16.840.1.101.3.4.3.99' }
    expect(await verifySignature(cert, tbs, signature, unknown)).toMatchObject(unsupported)
  })

  it('gives ERR_PKI_WEAK_ALGORITHM for a digest below the parameter set (RFC 9882 §3.3)', async () => {
    const ml87 = Certificate.from(mlDsaExamples[2].cert)
    const parts = signedParts(ml87.der)
    const check = await verifySignature(
      ml87,
      parts.tbs,
      parts.signature,
      { oid: parts.oid },
      {
        digest: 'SHA-256',
      },
    )
    expect(check).toMatchObject({ valid: false, code: 'ERR_PKI_WEAK_ALGORITHM' })
  })
})

describe('every parameter set', () => {
  const sets: [string, string, number, number][] = [
    ['ML-DSA-44', '17', 1312, 2420],
    ['ML-DSA-65', '18', 1952, 3309],
    ['ML-DSA-87', '19', 2592, 4627],
    ['SLH-DSA-SHA2-128s', '20', 32, 7856],
    ['SLH-DSA-SHA2-128f', '21', 32, 17088],
    ['SLH-DSA-SHA2-192s', '22', 48, 16224],
    ['SLH-DSA-SHA2-192f', '23', 48, 35664],
    ['SLH-DSA-SHA2-256s', '24', 64, 29792],
    ['SLH-DSA-SHA2-256f', '25', 64, 49856],
    ['SLH-DSA-SHAKE-128s', '26', 32, 7856],
    ['SLH-DSA-SHAKE-128f', '27', 32, 17088],
    ['SLH-DSA-SHAKE-192s', '28', 48, 16224],
    ['SLH-DSA-SHAKE-192f', '29', 48, 35664],
    ['SLH-DSA-SHAKE-256s', '30', 64, 29792],
    ['SLH-DSA-SHAKE-256f', '31', 64, 49856],
  ]
  it.each(sets)(
    'loads %s (OID .%s) and runs it on a forged signature',
    async (name, arc, pk, sig) => {
      const oid = `2.16.840.1.101.3.4.3.${arc}`
      expect(pqSignatureParams(name)).toMatchObject({
        oid,
        publicKeyBytes: pk,
        signatureBytes: sig,
      })
      const spki = der.seq(der.seq(der.oid(oid)), der.bits(new Uint8Array(pk).fill(1)))
      // BAD_SIGNATURE, not UNSUPPORTED_ALGORITHM: the key type matched and the code ran.
      const check = await verifySignature(spki, data, new Uint8Array(sig), { oid })
      expect(check).toMatchObject({ valid: false, code: 'ERR_PKI_BAD_SIGNATURE' })
    },
  )
})

// The "s" and SHAKE sets sign in seconds each (pure JavaScript): pq-slow.node.test.ts has them.
const fast: KeyPairAlgorithm[] = [
  'ML-DSA-44',
  'ML-DSA-65',
  'ML-DSA-87',
  'SLH-DSA-SHA2-128f',
  'SLH-DSA-SHA2-192f',
  'SLH-DSA-SHA2-256f',
]

describe('generateKeyPair, createSignature, issueCertificate', () => {
  it.each(fast)('round-trips a %s signature', async (algorithm) => {
    const { privateKey, publicKeyInfo } = await generateKeyPair({ algorithm })
    expect(privateKey.type).toBe(algorithm)
    const created = await createSignature(privateKey, data)
    expect(
      await verifySignature(publicKeyInfo, data, created.signature, created.algorithm),
    ).toEqual({
      valid: true,
      digest: undefined,
    })
    expect(
      await verifySignature(publicKeyInfo, flipLast(data), created.signature, created.algorithm),
    ).toMatchObject({ valid: false, code: 'ERR_PKI_BAD_SIGNATURE' })
  })

  it('issues an ML-DSA-65 CA and an ML-DSA-44 S/MIME certificate that the trust engine accepts', async () => {
    const { rootPair, root } = await testRoot('ML-DSA-65')
    expect(root.signatureAlgorithm).toBe('2.16.840.1.101.3.4.3.18')
    const alice = await generateKeyPair({ algorithm: 'ML-DSA-44' })
    const csr = await createCertificateRequest(alice.privateKey, {
      subject: { commonName: 'Alice' },
      emails: ['alice@example.org'],
    })
    const request = signedParts(csr.der)
    const spki = reader.sequence(reader.one(request.tbs), 'CertificationRequestInfo')[2]!.raw
    expect(spki).toEqual(alice.publicKeyInfo)
    const popCheck = await verifySignature(spki, request.tbs, request.signature, {
      oid: request.oid,
    })
    expect(popCheck.valid).toBe(true)
    const ee = await issueAlice(alice.publicKeyInfo, rootPair.privateKey, root)
    expect(ee.keyUsage).toEqual(['digitalSignature'])
    const verdict = await verifyCertificate(ee, {
      anchors: [root],
      purpose: 'smime-sign',
      email: 'alice@example.org',
    })
    expect(verdict.trusted).toBe(true)
  })
})

describe('the cost of a signature check in the path-building budget', () => {
  it('prices SLH-DSA by its size and hash, everything else at one', () => {
    const cost = (name: string): number =>
      signatureCheckCost({ oid: pqSignatureParams(name)?.oid ?? name })
    expect(cost('1.2.840.113549.1.1.11')).toBe(1) // sha256WithRSAEncryption
    expect(cost('ML-DSA-87')).toBe(1)
    expect(cost('SLH-DSA-SHA2-128s')).toBe(1)
    expect(cost('SLH-DSA-SHA2-128f')).toBe(2)
    expect(cost('SLH-DSA-SHA2-256f')).toBe(4)
    expect(cost('SLH-DSA-SHAKE-256f')).toBe(12)
  })

  it('refuses an SLH-DSA-SHA2-128f path whose two units the budget lacks, and trusts it with them', async () => {
    const { rootPair, root } = await testRoot('SLH-DSA-SHA2-128f')
    const alice = await generateKeyPair({ algorithm: 'ML-DSA-44' })
    const ee = await issueAlice(alice.publicKeyInfo, rootPair.privateKey, root)
    const verify = (maxSignatureChecks: number) =>
      verifyCertificate(ee, { anchors: [root], budget: { maxSignatureChecks } })
    expect(await verify(1)).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_BUDGET_EXCEEDED' },
    })
    expect(await verify(2)).toMatchObject({ trusted: true })
  })
})

/** A self-signed post-quantum CA of `algorithm`, with its key pair. */
async function testRoot(algorithm: string) {
  const rootPair = await generateKeyPair({ algorithm } as Parameters<typeof generateKeyPair>[0])
  const root = await issueCertificate({
    profile: 'ca',
    subject: { commonName: `${algorithm} Test Root` },
    publicKeyInfo: rootPair.publicKeyInfo,
    issuerKey: rootPair.privateKey,
  })
  return { rootPair, root }
}

/** Alice's S/MIME certificate for `publicKeyInfo`, issued by `root`. */
function issueAlice(
  publicKeyInfo: Uint8Array,
  issuerKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'],
  root: Certificate,
): Promise<Certificate> {
  return issueCertificate({
    profile: 'smime',
    subject: { commonName: 'Alice' },
    emails: ['alice@example.org'],
    publicKeyInfo,
    issuerKey,
    issuerCertificate: root,
  })
}
