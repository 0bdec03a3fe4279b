import { describe, expect, it } from 'vitest'
import { Certificate, createSignature, readPrivateKey, verifySignature } from '@siegel/pki'
import { countingCrypto } from '../counting-crypto.js'
import { testPki } from '../fixtures/test-pki.js'

describe('verification keys', () => {
  it('are imported once per key and algorithm, and still verify correctly', async () => {
    const alice = Certificate.from(testPki.alice)
    const key = await (await readPrivateKey(testPki.aliceKey)).toCryptoKey({ usage: 'sign' })
    const data = new TextEncoder().encode('signed attributes')
    const { signature, algorithm, digest } = await createSignature(key, data)
    const { crypto, imports } = countingCrypto()
    const check = (bytes: Uint8Array) =>
      verifySignature(alice, bytes, signature, algorithm, { digest, crypto })
    expect(await check(data)).toEqual({ valid: true, digest })
    expect(await check(data)).toEqual({ valid: true, digest })
    expect(imports()).toBe(1)
    // The remembered key changes nothing about the answer.
    expect(await check(new TextEncoder().encode('other attributes'))).toMatchObject({
      valid: false,
      code: 'ERR_PKI_BAD_SIGNATURE',
    })
    // Another digest is another imported key.
    await verifySignature(alice, data, signature, algorithm, { digest: 'SHA-384', crypto })
    expect(imports()).toBe(2)
  })
})
