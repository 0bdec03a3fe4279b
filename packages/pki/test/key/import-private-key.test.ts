import { describe, expect, it } from 'vitest'
import {
  Certificate,
  createSignature,
  decodePem,
  importPrivateKey,
  verifySignature,
} from '@siegel/pki'
import { testPki } from '../fixtures/test-pki.js'

const data = new TextEncoder().encode('signed bytes')

describe('importPrivateKey', () => {
  it('imports an RSA PKCS#8 PEM key as a non-extractable signing key', async () => {
    const key = await importPrivateKey(testPki.aliceKey)
    expect(key.extractable).toBe(false)
    expect(key.type).toBe('private')
    expect(key.algorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } })
    const signed = await createSignature(key, data)
    expect(
      await verifySignature(
        Certificate.from(testPki.alice),
        data,
        signed.signature,
        signed.algorithm,
        { digest: signed.digest },
      ),
    ).toEqual({
      valid: true,
      digest: 'SHA-256',
    })
  })

  it('imports DER the same as PEM', async () => {
    const key = await importPrivateKey(decodePem(testPki.aliceKey)[0]!.der, { hash: 'SHA-384' })
    expect(key.algorithm).toMatchObject({ hash: { name: 'SHA-384' } })
  })

  it('imports an EC P-256 key for ECDSA, and its signature verifies with the certificate', async () => {
    const key = await importPrivateKey(testPki.bobKey)
    expect(key.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' })
    const signed = await createSignature(key, data)
    const bob = Certificate.from(testPki.bob)
    expect((await verifySignature(bob, data, signed.signature, signed.algorithm)).valid).toBe(true)
    const tampered = data.slice()
    tampered[0] = tampered[0]! ^ 1
    expect(await verifySignature(bob, tampered, signed.signature, signed.algorithm)).toMatchObject({
      valid: false,
      code: 'ERR_PKI_BAD_SIGNATURE',
    })
  })

  it('imports an RSA key for decryption as RSA-OAEP', async () => {
    const key = await importPrivateKey(testPki.aliceKey, { usage: 'decrypt' })
    expect(key.algorithm.name).toBe('RSA-OAEP')
    expect(key.usages).toEqual(['decrypt'])
  })

  it('rejects garbage with ERR_PKI_MALFORMED_KEY', async () => {
    await expect(importPrivateKey(new Uint8Array([0x30, 0x03, 2, 1, 0]))).rejects.toMatchObject({
      code: 'ERR_PKI_MALFORMED_KEY',
    })
  })

  it('rejects a certificate given as key with ERR_PKI_INVALID_PEM', async () => {
    await expect(importPrivateKey(testPki.alice)).rejects.toMatchObject({
      code: 'ERR_PKI_INVALID_PEM',
    })
  })

  it('rejects an Ed25519 key for decryption with ERR_PKI_UNSUPPORTED_ALGORITHM', async () => {
    // RFC 8410 §10.3 example private key.
    const ed25519 =
      '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n'
    await expect(importPrivateKey(ed25519, { usage: 'decrypt' })).rejects.toMatchObject({
      code: 'ERR_PKI_UNSUPPORTED_ALGORITHM',
    })
    const key = await importPrivateKey(ed25519)
    expect(key.algorithm.name).toBe('Ed25519')
  })
})
