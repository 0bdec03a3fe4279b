import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey, verifySignatureOverDigest } from '@siegel/pki'
import { der } from '@siegel/pki/der'
import { testPki } from '../fixtures/test-pki.js'

const RSA_ENCRYPTION = { oid: '1.2.840.113549.1.1.1' }
const SHA256_WITH_RSA = { oid: '1.2.840.113549.1.1.11' }
const data = new TextEncoder().encode('Dies ist der signierte Inhalt.\r\n')

async function signed(): Promise<{ signature: Uint8Array; digest: Uint8Array }> {
  const key = await (await readPrivateKey(testPki.aliceKey)).toCryptoKey({ usage: 'sign' })
  const subtle = globalThis.crypto.subtle
  return {
    signature: new Uint8Array(await subtle.sign('RSASSA-PKCS1-v1_5', key, data)),
    digest: new Uint8Array(await subtle.digest('SHA-256', data)),
  }
}

describe('verifySignatureOverDigest', () => {
  const alice = Certificate.from(testPki.alice)

  it('checks an RSASSA-PKCS1-v1_5 signature that WebCrypto made over the data, from its digest', async () => {
    const { signature, digest } = await signed()
    for (const algorithm of [RSA_ENCRYPTION, SHA256_WITH_RSA])
      expect(verifySignatureOverDigest(alice, 'SHA-256', digest, signature, algorithm)).toEqual({
        valid: true,
        digest: 'SHA-256',
      })
  })

  it('refuses another digest, a changed signature, another key and a short signature', async () => {
    const { signature, digest } = await signed()
    const changedDigest = digest.slice()
    changedDigest[31]! ^= 1
    const changedSignature = signature.slice()
    changedSignature[100]! ^= 1
    const bad = { valid: false, code: 'ERR_PKI_BAD_SIGNATURE' }
    const check = (
      d: Uint8Array,
      s: Uint8Array,
      signer: Certificate = alice,
    ): ReturnType<typeof verifySignatureOverDigest> =>
      verifySignatureOverDigest(signer, 'SHA-256', d, s, RSA_ENCRYPTION)
    expect(check(changedDigest, signature)).toMatchObject(bad)
    expect(check(digest, changedSignature)).toMatchObject(bad)
    expect(check(digest, signature, Certificate.from(testPki.intermediate))).toMatchObject(bad)
    expect(check(digest, signature.subarray(1))).toMatchObject(bad)
    // The digest of another algorithm's length, named as SHA-256.
    expect(check(digest.subarray(0, 20), signature)).toMatchObject(bad)
  })

  it('checks nothing it cannot check from a digest alone', async () => {
    const { signature, digest } = await signed()
    const unsupported = { valid: false, code: 'ERR_PKI_UNSUPPORTED_ALGORITHM' }
    // sha512WithRSAEncryption over a SHA-256 digest; RSA-PSS; ECDSA.
    expect(
      verifySignatureOverDigest(alice, 'SHA-256', digest, signature, {
        oid: '1.2.840.113549.1.1.13',
      }),
    ).toMatchObject(unsupported)
    expect(
      verifySignatureOverDigest(alice, 'SHA-256', digest, signature, {
        oid: '1.2.840.113549.1.1.10',
      }),
    ).toMatchObject(unsupported)
    expect(
      verifySignatureOverDigest(alice, 'SHA-256', digest, signature, {
        oid: '1.2.840.10045.4.3.2',
      }),
    ).toMatchObject(unsupported)
  })

  it('refuses a key with a huge exponent before the BigInt work', () => {
    // An 8,192-bit modulus (allowed) and an 8,192-bit exponent: most of a second of work.
    const modulusBytes = 1024
    const modulus = new Uint8Array(modulusBytes).fill(0xff)
    modulus[0] = 0x7f
    const exponent = new Uint8Array(modulusBytes).fill(0x7f)
    const rsaKey = der.seq(der.uint(modulus), der.uint(exponent))
    const spki = der.seq(der.seq(der.oid(RSA_ENCRYPTION.oid), der.null()), der.bits(rsaKey))
    const started = performance.now()
    const check = verifySignatureOverDigest(
      spki,
      'SHA-256',
      new Uint8Array(32),
      new Uint8Array(modulusBytes).fill(1),
      RSA_ENCRYPTION,
    )
    expect(check).toMatchObject({ valid: false, code: 'ERR_PKI_BAD_SIGNATURE' })
    expect(performance.now() - started).toBeLessThan(50)
  })
})
