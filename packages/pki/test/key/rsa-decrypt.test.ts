import { describe, expect, it } from 'vitest'
import { Certificate, encryptRsaPkcs1v15, readPrivateKey, type PrivateKey } from '@siegel/pki'
import { decryptRsaPkcs1v15 } from '../../src/key/rsa-decrypt.js'
import { fixture, fixtureText } from '../fixtures/openssl-fixtures.js'
import { testPki } from '../fixtures/test-pki.js'

const certificate = Certificate.from(fixtureText('full.pem'))

function toBigInt(bytes: Uint8Array): bigint {
  let hex = '0'
  for (const b of bytes) hex += b.toString(16).padStart(2, '0')
  return BigInt(`0x${hex}`)
}

function base64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/')
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0))
}

/** The raw RSA public operation on an encoded message of our choice (any padding, good or bad). */
async function rawEncrypt(em: Uint8Array): Promise<Uint8Array> {
  const spki = certificate.publicKey.spki as Uint8Array<ArrayBuffer>
  const key = await crypto.subtle.importKey(
    'spki',
    spki,
    { name: 'RSA-OAEP', hash: 'SHA-256' },
    true,
    ['encrypt'],
  )
  const jwk = await crypto.subtle.exportKey('jwk', key)
  const n = toBigInt(base64url(jwk.n!))
  const e = toBigInt(base64url(jwk.e!))
  let result = 1n
  let b = toBigInt(em) % n
  for (let x = e; x > 0n; x >>= 1n) {
    if (x & 1n) result = (result * b) % n
    b = (b * b) % n
  }
  const hex = result.toString(16).padStart(512, '0')
  return Uint8Array.from({ length: 256 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16))
}

/** EM = 00 02 PS 00 M with a PS of non-zero bytes, then `mutate` applied. */
function encoded(message: Uint8Array, mutate?: (em: Uint8Array) => void): Uint8Array {
  const em = new Uint8Array(256)
  em[1] = 2
  for (let i = 2; i < 256 - message.length - 1; i++) em[i] = 1 + ((i * 37) % 255)
  em.set(message, 256 - message.length)
  mutate?.(em)
  return em
}

const cek = Uint8Array.from({ length: 32 }, (_, i) => i + 100)
let key: PrivateKey

describe('decryptRsaPkcs1v15', () => {
  it('decrypts a well-padded key of the expected length', async () => {
    key = await readPrivateKey(fixture('full.key.pem'))
    const ciphertext = await rawEncrypt(encoded(cek))
    expect(await decryptRsaPkcs1v15(key, ciphertext, 32)).toEqual(cek)
  })

  // The Bleichenbacher property: every malformed padding gives a key of the expected length
  // that depends only on the private key and the ciphertext, like a wrong key would.
  const MALFORMED: [string, (em: Uint8Array) => void][] = [
    ['first byte not zero', (em) => void (em[0] = 1)],
    ['block type 1 instead of 2', (em) => void (em[1] = 1)],
    ['no zero separator', (em) => void (em[256 - 33] = 7)],
    ['separator too early (message too long)', (em) => void (em[100] = 0)],
    ['padding string shorter than 8 bytes', (em) => void (em[5] = 0)],
    ['message shorter than expected', (em) => void (em[256 - 17] = 0)],
  ]

  it.each(MALFORMED)('answers "%s" with a deterministic pseudo-random key', async (_, mutate) => {
    key = await readPrivateKey(fixture('full.key.pem'))
    const ciphertext = await rawEncrypt(encoded(cek, mutate))
    const first = await decryptRsaPkcs1v15(key, ciphertext, 32)
    const second = await decryptRsaPkcs1v15(key, ciphertext, 32)
    expect(first).toHaveLength(32)
    expect(first).not.toEqual(cek)
    expect(second).toEqual(first)
  })

  it('gives different synthetic keys for different ciphertexts and lengths', async () => {
    key = await readPrivateKey(fixture('full.key.pem'))
    const a = await decryptRsaPkcs1v15(
      key,
      await rawEncrypt(encoded(cek, (em) => void (em[0] = 1))),
      16,
    )
    const b = await decryptRsaPkcs1v15(
      key,
      await rawEncrypt(encoded(cek, (em) => void (em[0] = 2))),
      16,
    )
    expect(a).toHaveLength(16)
    expect(a).not.toEqual(b)
    // A correct 32-byte key read as a 16-byte key is a padding failure too.
    const c = await decryptRsaPkcs1v15(key, await rawEncrypt(encoded(cek)), 16)
    expect(c).not.toEqual(cek.subarray(16))
  })

  it('rejects misuse with typed errors', async () => {
    key = await readPrivateKey(fixture('full.key.pem'))
    await expect(decryptRsaPkcs1v15(key, new Uint8Array(257), 32)).rejects.toMatchObject({
      code: 'ERR_PKI_INVALID_INPUT',
    })
    await expect(decryptRsaPkcs1v15(key, new Uint8Array(256).fill(0xff), 32)).rejects.toMatchObject(
      {
        code: 'ERR_PKI_INVALID_INPUT',
      },
    )
    await expect(decryptRsaPkcs1v15(key, new Uint8Array(256), 250)).rejects.toMatchObject({
      code: 'ERR_PKI_INVALID_INPUT',
    })
    const ec = await readPrivateKey(fixture('ec-P-256.pkcs8.pem'))
    await expect(decryptRsaPkcs1v15(ec, new Uint8Array(32), 16)).rejects.toMatchObject({
      code: 'ERR_PKI_UNSUPPORTED_ALGORITHM',
    })
  })
})

describe('encryptRsaPkcs1v15', () => {
  it('pads with fresh random bytes each time, and decrypts back', async () => {
    key = await readPrivateKey(fixture('full.key.pem'))
    const secret = crypto.getRandomValues(new Uint8Array(32))
    const a = await encryptRsaPkcs1v15(certificate, secret)
    const b = await encryptRsaPkcs1v15(certificate.publicKey.spki, secret)
    expect(a).toHaveLength(256)
    expect(a).not.toEqual(b)
    expect(await decryptRsaPkcs1v15(key, a, 32)).toEqual(secret)
    expect(await decryptRsaPkcs1v15(key, b, 32)).toEqual(secret)
  })

  it('refuses a secret too long for the key, and keys that are not RSA', async () => {
    await expect(encryptRsaPkcs1v15(certificate, new Uint8Array(246))).rejects.toMatchObject({
      code: 'ERR_PKI_INVALID_INPUT',
    })
    const ec = Certificate.from(testPki.bob)
    expect(ec.publicKey.type).toBe('EC')
    await expect(encryptRsaPkcs1v15(ec, new Uint8Array(16))).rejects.toMatchObject({
      code: 'ERR_PKI_UNSUPPORTED_ALGORITHM',
    })
  })
})
