import { describe, expect, it } from 'vitest'
import { Certificate, createSignature, readPrivateKey, verifySignature } from '@siegel/pki'
import { testPki } from '../fixtures/test-pki.js'

// A WebCrypto whose importKey calls are counted; everything else is the real implementation.
function countingCrypto(): { crypto: Crypto; imports: () => number } {
  let imports = 0
  const real = globalThis.crypto.subtle
  const subtle = new Proxy(real, {
    get(target, name) {
      if (name === 'importKey')
        return (...args: Parameters<SubtleCrypto['importKey']>) => {
          imports++
          return target.importKey(...args)
        }
      const value = Reflect.get(target, name) as unknown
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value
    },
  })
  const crypto = {
    subtle,
    getRandomValues: (a: Uint8Array) => globalThis.crypto.getRandomValues(a),
  }
  return { crypto: crypto as unknown as Crypto, imports: () => imports }
}

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
