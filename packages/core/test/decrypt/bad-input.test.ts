import { describe, expect, it } from 'vitest'
import { decodeBase64 } from '@siegel/mime'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { decryptData, encryptMessage, type DecryptionIdentity } from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'

const message =
  'From: a@example.org\r\nSubject: s\r\nContent-Type: text/plain\r\n\r\nsecret text\r\n'

async function bob(): Promise<DecryptionIdentity> {
  return { certificate: testPki.bob, privateKey: await readPrivateKey(testPki.bobKey) }
}

/** The DER of an encrypted message made for bob (ECDH: no RSA v1.5 needed). */
async function cms(contentEncryption: 'AES-256-GCM' | 'AES-256-CBC'): Promise<Uint8Array> {
  const eml = await encryptMessage(message, [Certificate.from(testPki.bob)], {
    contentEncryption,
    allowUntrusted: true,
  })
  const text = new TextDecoder().decode(eml)
  return decodeBase64(new TextEncoder().encode(text.slice(text.indexOf('\r\n\r\n') + 4))).bytes
}

function indexOf(haystack: Uint8Array, needle: readonly number[]): number {
  outer: for (let i = 0; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

// The DER of the AES-256-GCM OID (2.16.840.1.101.3.4.1.46) and of AES-256-CBC (…1.42).
const GCM_OID = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2e]
const CBC_OID = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a]

describe('decryptData on altered or broken input', () => {
  it('fails closed on a flipped GCM tag bit: ERR_SMIME_DECRYPTION_FAILED, no plaintext', async () => {
    const der = await cms('AES-256-GCM')
    const tampered = der.slice()
    tampered[tampered.length - 1]! ^= 1 // the last byte is the mac
    await expect(decryptData(tampered, await bob())).rejects.toMatchObject({
      code: 'ERR_SMIME_DECRYPTION_FAILED',
    })
  })

  it('fails closed on altered GCM ciphertext', async () => {
    const der = await cms('AES-256-GCM')
    const tampered = der.slice()
    tampered[tampered.length - 20]! ^= 0x80 // inside the ciphertext, before the 16-byte mac
    await expect(decryptData(tampered, await bob())).rejects.toMatchObject({
      code: 'ERR_SMIME_DECRYPTION_FAILED',
    })
  })

  it('reports a bad CBC padding as ERR_SMIME_DECRYPTION_FAILED', async () => {
    const der = await cms('AES-256-CBC')
    const tampered = der.slice()
    tampered[tampered.length - 17]! ^= 0x01 // the last byte of the next-to-last block
    const result = await decryptData(tampered, await bob()).catch((e: unknown) => e)
    // Flipping that bit changes the padding byte: CBC cannot notice other changes.
    expect(result).toMatchObject({ code: 'ERR_SMIME_DECRYPTION_FAILED' })
  })

  it('names an unknown content cipher in ERR_SMIME_UNSUPPORTED_ALGORITHM', async () => {
    const der = await cms('AES-256-CBC')
    const at = indexOf(der, CBC_OID)
    const patched = der.slice()
    patched[at + 10] = 0x7f // 2.16.840.1.101.3.4.1.127: not a cipher
    await expect(decryptData(patched, await bob())).rejects.toMatchObject({
      code: 'ERR_SMIME_UNSUPPORTED_ALGORITHM',
      algorithm: '2.16.840.1.101.3.4.1.127',
    })
  })

  it('rejects a GCM tag length outside 12..16 as ERR_SMIME_MALFORMED_CMS', async () => {
    const der = await cms('AES-256-GCM')
    const at = indexOf(der, GCM_OID)
    const patched = der.slice()
    // GCMParameters: 30 11 04 0c <nonce> 02 01 10 → icvLen 4
    expect(patched[at + 11 + 2 + 2 + 12 + 2]).toBe(16)
    patched[at + 11 + 2 + 2 + 12 + 2] = 4
    await expect(decryptData(patched, await bob())).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_CMS',
    })
  })

  it('rejects every truncation with a typed error, never a crash or a result', async () => {
    const der = await cms('AES-256-GCM')
    const me = await bob()
    for (let length = 0; length < der.length; length += 7) {
      const error = await decryptData(der.subarray(0, length), me).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: expect.stringMatching(/^ERR_SMIME_/) as string })
    }
  })

  it('rejects a length field claiming 4 GiB as ERR_SMIME_MALFORMED_CMS', async () => {
    const absurd = Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x06, 0x00)
    await expect(decryptData(absurd, await bob())).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_CMS',
    })
  })

  it('rejects SignedData given as encrypted content with ERR_SMIME_MALFORMED_CMS', async () => {
    const signedOid = Uint8Array.of(0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d)
    const der = Uint8Array.of(...signedOid, 0x01, 0x07, 0x02, 0xa0, 0x00)
    await expect(decryptData(der, await bob())).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_CMS',
    })
  })
})
