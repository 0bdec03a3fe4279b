import { describe, expect, it } from 'vitest'
import { decodeBase64, encodeBase64 } from '@siegel/mime'
import { decryptMessage, encryptMessage, signMessage } from '@siegel/core'
import { encryptPieces } from '../../src/encrypt/encrypt-message.js'
import { joinSigned, signToPieces } from '../../src/sign/sign-message.js'
import { signer } from '../helpers.js'

// Past the 3.6 MiB chunk size and no multiple of 16: the ciphertext is made in several chunks,
// chained across them, and the last one is padded.
const SIZE = 7 * 1024 * 1024 + 5

function mail(size: number): Uint8Array {
  const data = new Uint8Array(size)
  for (let i = 0; i < size; i++) data[i] = (i * 2654435761) >>> 24
  const head = new TextEncoder().encode(
    'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: chunks\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n',
  )
  return encodeBase64(data, { prefix: head })
}

/** WebCrypto with a counter for randomness, so that two encryptions can be compared by bytes. */
function deterministicCrypto(): Crypto {
  let counter = 0
  const getRandomValues = <T extends ArrayBufferView | null>(array: T): T => {
    const bytes = new Uint8Array(array!.buffer, array!.byteOffset, array!.byteLength)
    for (let i = 0; i < bytes.length; i++) bytes[i] = counter++ & 0xff
    return array
  }
  return { subtle: globalThis.crypto.subtle, getRandomValues } as Crypto
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const message = mail(SIZE)
const kek = { kek: new Uint8Array(32).fill(7), keyIdentifier: Uint8Array.of(1, 2, 3) }
const signingTime = new Date('2026-11-27T09:00:00Z')

describe('chunked content encryption', () => {
  it.each(['AES-256-CBC', 'AES-128-GCM'] as const)(
    'encrypts signed pieces to the bytes of encrypting the joined message (%s)',
    async (contentEncryption) => {
      const alice = await signer('alice')
      const pieces = await signToPieces(message, alice, {
        signingTime,
        crypto: deterministicCrypto(),
      })
      const joined = await signMessage(message, alice, {
        signingTime,
        crypto: deterministicCrypto(),
      })
      expect(sameBytes(joinSigned(pieces), joined)).toBe(true)
      const options = { kekRecipients: [kek], contentEncryption }
      const fromPieces = await encryptPieces(pieces, [], {
        ...options,
        crypto: deterministicCrypto(),
      })
      const fromJoined = await encryptMessage(joined, [], {
        ...options,
        crypto: deterministicCrypto(),
      })
      expect(sameBytes(fromPieces, fromJoined)).toBe(true)
      // They decrypt alike through WebCrypto (the crypto option) and the runtime's own cipher.
      const oneShot = await decryptMessage(fromPieces, kek, { crypto: globalThis.crypto })
      const chunked = await decryptMessage(fromPieces, kek)
      expect(sameBytes(oneShot.content, chunked.content)).toBe(true)
      expect(
        sameBytes(chunked.content, joined.subarray(joined.length - oneShot.content.length)),
      ).toBe(true)
    },
  )

  it.each(['AES-256-CBC', 'AES-256-GCM'] as const)(
    'decrypts chunk by chunk to the entity that was encrypted, with and without a crypto option (%s)',
    async (contentEncryption) => {
      const encrypted = await encryptMessage(message, [], {
        kekRecipients: [kek],
        contentEncryption,
      })
      // The encrypted entity: the message from its first content header on (RFC 8551 §3.1).
      const entity = message.subarray(new TextDecoder().decode(message).indexOf('Content-Type'))
      for (const options of [{}, { crypto: globalThis.crypto }]) {
        const decrypted = await decryptMessage(encrypted, kek, options)
        expect(sameBytes(decrypted.content, entity)).toBe(true)
      }
    },
  )

  it('refuses a bad CBC padding in the last chunk with ERR_SMIME_DECRYPTION_FAILED', async () => {
    const encrypted = await encryptMessage(message, [], {
      kekRecipients: [kek],
      contentEncryption: 'AES-256-CBC',
    })
    const text = new TextDecoder().decode(encrypted)
    const bodyStart = text.indexOf('\r\n\r\n') + 4
    const der = decodeBase64(encrypted.subarray(bodyStart)).bytes
    // The last byte of the next-to-last block: the padding length byte becomes 0xef or more.
    der[der.length - 17]! ^= 0xff
    const altered = concat(encrypted.subarray(0, bodyStart), encodeBase64(der))
    for (const options of [{}, { crypto: globalThis.crypto }])
      await expect(decryptMessage(altered, kek, options)).rejects.toMatchObject({
        code: 'ERR_SMIME_DECRYPTION_FAILED',
      })
  })

  it('refuses altered GCM content chunk by chunk as in one piece, with ERR_SMIME_DECRYPTION_FAILED', async () => {
    const encrypted = await encryptMessage(message, [], {
      kekRecipients: [kek],
      contentEncryption: 'AES-256-GCM',
    })
    // A base64 character deep inside the ciphertext, changed to another one.
    const altered = encrypted.slice()
    const at = altered.length - 1000
    altered[at] = altered[at] === 0x41 ? 0x42 : 0x41
    for (const options of [{}, { crypto: globalThis.crypto }])
      await expect(decryptMessage(altered, kek, options)).rejects.toMatchObject({
        code: 'ERR_SMIME_DECRYPTION_FAILED',
      })
  })
})
