import { describe, expect, it } from 'vitest'
import { PkiError, readPrivateKey } from '@siegel/pki'
import { countingCrypto } from '../counting-crypto.js'
import { testPki } from '../fixtures/test-pki.js'

const data = new TextEncoder().encode('signed attributes')

describe('PrivateKey.toCryptoKey', () => {
  it('imports once per usage and digest, and hands out the same non-extractable key', async () => {
    const key = await readPrivateKey(testPki.aliceKey)
    const { crypto, imports } = countingCrypto()
    const first = await key.toCryptoKey({ usage: 'sign', crypto })
    const again = await key.toCryptoKey({ usage: 'sign', crypto })
    expect(again).toBe(first)
    expect(first.extractable).toBe(false)
    expect(imports('pkcs8')).toBe(1)
    // The remembered key still signs: a signature the real WebCrypto verifies.
    const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', again, data)
    const spki = (await key.publicKeyInfo()) as Uint8Array<ArrayBuffer>
    const params = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
    const verifier = await crypto.subtle.importKey('spki', spki, params, false, ['verify'])
    expect(await crypto.subtle.verify(params, verifier, signature, data)).toBe(true)
    // Another digest, scheme or usage is another key.
    const sha384 = await key.toCryptoKey({ usage: 'sign', hash: 'SHA-384', crypto })
    const pss = await key.toCryptoKey({ usage: 'sign', rsaScheme: 'pss', crypto })
    const oaep = await key.toCryptoKey({ usage: 'decrypt', crypto })
    expect(new Set([first, sha384, pss, oaep]).size).toBe(4)
    expect([sha384, pss, oaep].map((k) => k.algorithm.name)).toEqual([
      'RSASSA-PKCS1-v1_5',
      'RSA-PSS',
      'RSA-OAEP',
    ])
    expect(imports('pkcs8')).toBe(4)
    await key.toCryptoKey({ usage: 'decrypt', crypto })
    expect(imports('pkcs8')).toBe(4)
  })

  it('keeps keys per key object and per WebCrypto implementation', async () => {
    const key = await readPrivateKey(testPki.aliceKey)
    const other = await readPrivateKey(testPki.aliceKey)
    const a = countingCrypto()
    const b = countingCrypto()
    const fromA = await key.toCryptoKey({ crypto: a.crypto })
    expect(await key.toCryptoKey({ crypto: b.crypto })).not.toBe(fromA)
    expect(await other.toCryptoKey({ crypto: a.crypto })).not.toBe(fromA)
    expect([a.imports('pkcs8'), b.imports('pkcs8')]).toEqual([2, 1])
  })

  it('does not remember a failed import: the next call imports afresh', async () => {
    const key = await readPrivateKey(testPki.aliceKey)
    const { crypto, imports, failNext } = countingCrypto()
    failNext()
    const refused = await key.toCryptoKey({ crypto }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(PkiError)
    expect((refused as PkiError).code).toBe('ERR_PKI_MALFORMED_KEY')
    const imported = await key.toCryptoKey({ crypto })
    expect(imported.type).toBe('private')
    expect(imports('pkcs8')).toBe(2)
  })
})
