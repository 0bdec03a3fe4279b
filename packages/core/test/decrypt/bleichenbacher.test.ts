// The Bleichenbacher/Marvin property end to end: a malformed RSA v1.5 padding must be
// indistinguishable, in the error returned, from a wrong key (RFC 3218 §2.3).
import { describe, expect, it } from 'vitest'
import { decodeBase64, encodeBase64 } from '@siegel/mime'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { decryptMessage, encryptMessage } from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'

const message = 'Subject: x\r\nContent-Type: text/plain\r\n\r\nattack at dawn\r\n'
const alice = Certificate.from(testPki.alice)

const toBigInt = (bytes: Uint8Array): bigint =>
  BigInt(`0x0${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`)

function fromBase64url(text: string): Uint8Array {
  return decodeBase64(new TextEncoder().encode(text.replace(/-/g, '+').replace(/_/g, '/'))).bytes
}

/** The raw RSA public operation on an encoded message of our choice. */
async function rawEncrypt(em: Uint8Array): Promise<Uint8Array> {
  const spki = alice.publicKey.spki as Uint8Array<ArrayBuffer>
  const params = { name: 'RSA-OAEP', hash: 'SHA-256' }
  const key = await crypto.subtle.importKey('spki', spki, params, true, ['encrypt'])
  const jwk = await crypto.subtle.exportKey('jwk', key)
  const n = toBigInt(fromBase64url(jwk.n!))
  let e = toBigInt(fromBase64url(jwk.e!))
  let result = 1n
  let b = toBigInt(em) % n
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % n
    b = (b * b) % n
  }
  const hex = result.toString(16).padStart(512, '0')
  return Uint8Array.from({ length: 256 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16))
}

function encoded(keyLength: number, mutate?: (em: Uint8Array) => void): Uint8Array {
  const em = new Uint8Array(256)
  em[1] = 2
  for (let i = 2; i < 256 - keyLength - 1; i++) em[i] = 1 + (i % 200)
  for (let i = 256 - keyLength; i < 256; i++) em[i] = i & 0xff
  mutate?.(em)
  return em
}

/** An encrypted message to alice whose encryptedKey is replaced by `encryptedKey`. */
async function withEncryptedKey(encryptedKey: Uint8Array): Promise<Uint8Array> {
  const eml = new TextDecoder().decode(
    // GCM content: a random content key (implicit rejection) never passes the tag, whereas
    // under CBC one in a few hundred happens to end in valid padding and "decrypts".
    await encryptMessage(message, [alice], {
      rsaPadding: 'pkcs1',
      allowUntrusted: true,
      contentEncryption: 'AES-256-GCM',
    }),
  )
  const split = eml.indexOf('\r\n\r\n') + 4
  const der = decodeBase64(new TextEncoder().encode(eml.slice(split))).bytes.slice()
  // The encryptedKey OCTET STRING: 04 82 01 00, then 256 bytes.
  let at = -1
  for (let i = 0; i < der.length - 4 && at < 0; i++)
    if (der[i] === 4 && der[i + 1] === 0x82 && der[i + 2] === 1 && der[i + 3] === 0) at = i + 4
  der.set(encryptedKey, at)
  return new Uint8Array([...new TextEncoder().encode(eml.slice(0, split)), ...encodeBase64(der)])
}

describe('RSA v1.5: a bad padding looks like a wrong key', () => {
  it('gives the same error for malformed paddings, a wrong key length and a random key', async () => {
    const identity = { certificate: alice, privateKey: await readPrivateKey(testPki.aliceKey) }
    const cases = [
      await rawEncrypt(encoded(32, (em) => void (em[0] = 1))),
      await rawEncrypt(encoded(32, (em) => void (em[1] = 1))),
      await rawEncrypt(encoded(32, (em) => void (em[255 - 32] = 9))), // no separator
      await rawEncrypt(encoded(32, (em) => void (em[4] = 0))), // PS shorter than 8
      await rawEncrypt(encoded(16)), // well padded, but 16 bytes for AES-256
      await rawEncrypt(encoded(24)),
      crypto.getRandomValues(new Uint8Array(256)).map((b, i) => (i === 0 ? 0 : b)),
    ]
    const errors = []
    for (const encryptedKey of cases) {
      const error = (await decryptMessage(await withEncryptedKey(encryptedKey), identity).catch(
        (e: unknown) => e,
      )) as { code: string; message: string; cause?: unknown }
      errors.push({ code: error.code, message: error.message, cause: error.cause })
    }
    // A well-formed key of the right length decrypts (the control case).
    const good = await decryptMessage(
      await withEncryptedKey(await rawEncrypt(encoded(32))),
      identity,
    )
      .then(() => 'decrypted')
      .catch((e: unknown) => (e as { code: string }).code)
    // With the content key replaced, the tag check decides; no distinct error either way.
    expect(['decrypted', 'ERR_SMIME_DECRYPTION_FAILED']).toContain(good)
    for (const error of errors) expect(error).toEqual(errors[0])
    expect(errors[0]).toMatchObject({ code: 'ERR_SMIME_DECRYPTION_FAILED', cause: undefined })
  })
})
