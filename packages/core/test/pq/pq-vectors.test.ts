// ML-DSA and SLH-DSA SignedData made by others: the RFC 9882 examples and OpenSSL 3.5's.
import { describe, expect, it } from 'vitest'
import { Certificate, decodePem } from '@siegel/pki'
import { der as encode, DerReader } from '@siegel/pki/der'
import { verifyData } from '@siegel/core'
import { draftNoSignedAttributes, openssl35, rfc9882 } from '../fixtures/pq.js'

const at = new Date('2026-01-01T00:00:00Z')
const der = (pem: string): Uint8Array => decodePem(pem)[0]!.der

/** verifyData of an RFC 9882 example: they carry no certificate, the signer's is the anchor. */
function verifyWithCertificate(
  cms: Uint8Array | string,
  certificatePem: string,
): ReturnType<typeof verifyData> {
  const root = Certificate.from(certificatePem)
  return verifyData(cms, { trustAnchors: [root], certificates: [root], bundledAnchors: false, at })
}

/** The SignedData with its (only) SignerInfo's signature replaced, lengths re-encoded. */
function withSignature(cms: Uint8Array, change: (signature: Uint8Array) => Uint8Array): Uint8Array {
  const reader = new DerReader('ERR_PKI_INVALID_INPUT', 'test')
  const [type, wrapper] = reader.sequence(reader.one(cms), 'ContentInfo')
  const fields = reader.sequence(reader.children(wrapper!)[0], 'SignedData')
  const info = reader.sequence(reader.children(fields[fields.length - 1]!)[0], 'SignerInfo')
  const signature = change(info[info.length - 1]!.content)
  const signerInfo = encode.seq(...info.slice(0, -1).map((t) => t.raw), encode.octets(signature))
  const signedData = encode.seq(...fields.slice(0, -1).map((t) => t.raw), encode.set(signerInfo))
  return encode.seq(type!.raw, encode.ctx(0, true, signedData))
}

describe('RFC 9882 Appendix B examples', () => {
  it.each(rfc9882)(
    'verifies the $name signed-data under its RFC 9881 certificate',
    async (example) => {
      // The examples carry no certificate: the signer's comes from RFC 9881 Appendix C.3.
      const result = await verifyWithCertificate(example.cms, example.certificate)
      expect(result.status).toBe('valid')
      expect(result.signers).toHaveLength(1)
      const [signer] = result.signers
      expect(signer!.signature).toEqual({ valid: true })
      expect(signer!.digestAlgorithm).toBe('SHA-512')
      expect(signer!.certificate?.publicKey.type).toBe(example.name)
      expect(new TextDecoder().decode(result.content)).toBe(
        `${example.name} signed-data example with signed attributes`,
      )
    },
  )

  it.each(draftNoSignedAttributes)(
    'verifies the draft $name example without signed attributes (signature over the content)',
    async (example) => {
      const result = await verifyWithCertificate(example.cms, example.certificate)
      expect(result.signers[0]!.signature).toEqual({ valid: true })
      expect(result.status).toBe('valid')
      expect(new TextDecoder().decode(result.content)).toBe(
        `${example.name} signed-data example without signed attributes`,
      )
    },
  )

  it('ignores digestAlgorithm without signed attributes (RFC 9882 §3.3), even a weak one', async () => {
    const example = draftNoSignedAttributes[2] // ML-DSA-87: SHA-256 would be too weak with attributes
    const bytes = der(example.cms)
    const sha512 = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03]
    let replaced = 0
    for (let i = 0; i + sha512.length <= bytes.length; i++)
      if (sha512.every((b, k) => bytes[i + k] === b)) {
        bytes[i + sha512.length - 1] = 0x01 // id-sha256
        replaced++
      }
    expect(replaced).toBe(2) // digestAlgorithms and the SignerInfo
    const result = await verifyWithCertificate(bytes, example.certificate)
    expect(result.signers[0]!.digestAlgorithm).toBe('SHA-256')
    expect(result.signers[0]!.signature).toEqual({ valid: true })
  })

  it('reports a changed signature as ERR_SMIME_BAD_SIGNATURE', async () => {
    const bytes = der(rfc9882[0].cms)
    bytes[bytes.length - 10]! ^= 1 // inside the signature, the last field of the SignerInfo
    const result = await verifyWithCertificate(bytes, rfc9882[0].certificate)
    expect(result.status).toBe('invalid')
    expect(result.signers[0]!.signature).toMatchObject({ code: 'ERR_SMIME_BAD_SIGNATURE' })
  })

  it('reports a truncated or lengthened signature as ERR_SMIME_BAD_SIGNATURE', async () => {
    const example = rfc9882[1]
    const untouched = withSignature(der(example.cms), (signature) => signature)
    expect((await verifyWithCertificate(untouched, example.certificate)).status).toBe('valid')
    for (const change of [
      (signature: Uint8Array) => signature.subarray(0, signature.length - 1),
      (signature: Uint8Array) => signature.subarray(0, 100),
      (signature: Uint8Array) => Uint8Array.of(...signature, 0),
      () => new Uint8Array(0),
    ]) {
      const result = await verifyWithCertificate(
        withSignature(der(example.cms), change),
        example.certificate,
      )
      expect(result.signers[0]!.signature).toMatchObject({
        valid: false,
        code: 'ERR_SMIME_BAD_SIGNATURE',
      })
    }
  })

  it('reports an unknown parameter-set OID as ERR_SMIME_UNSUPPORTED_ALGORITHM', async () => {
    const bytes = der(rfc9882[0].cms)
    // The SignerInfo's signatureAlgorithm is the last id-ml-dsa-44 in the message (the
    // example has no CMSAlgorithmProtection attribute naming it again).
    const oid = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11]
    let index = -1
    for (let i = bytes.length - oid.length; i >= 0 && index < 0; i--)
      if (oid.every((b, k) => bytes[i + k] === b)) index = i
    bytes[index + oid.length - 1] = 0x63 // 2.16.840.1.101.3.4.3.99
    const result = await verifyWithCertificate(bytes, rfc9882[0].certificate)
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_UNSUPPORTED_ALGORITHM',
    })
  })
})

describe('OpenSSL 3.5 signed-data (IETF hackathon)', () => {
  const root = Certificate.from(openssl35.root)

  it.each(openssl35.signed)(
    'verifies %s (digest %s) under the ML-DSA-44 root',
    async (type, digest, pem) => {
      const result = await verifyData(pem, { trustAnchors: [root], bundledAnchors: false, at })
      expect(result.signers[0]!.signature).toEqual({ valid: true })
      expect(result.signers[0]!.certificate?.publicKey.type).toBe(type)
      expect(result.signers[0]!.digestAlgorithm).toBe(digest)
      // The end entity is signed by the ML-DSA-44 root: the chain check verifies ML-DSA too.
      expect(result.signers[0]!.chain?.trusted).toBe(true)
      expect(new TextDecoder().decode(result.content)).toBe(openssl35.plaintext)
    },
  )

  it('reports SLH-DSA-SHAKE-128s with its SHA3-256 digest as ERR_SMIME_UNSUPPORTED_ALGORITHM', async () => {
    const result = await verifyData(openssl35.shake128s, {
      trustAnchors: [root],
      bundledAnchors: false,
      at,
    })
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_UNSUPPORTED_ALGORITHM',
    })
  })
})
