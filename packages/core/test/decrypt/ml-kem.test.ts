// KEMRecipientInfo with ML-KEM: the example of RFC 9936 Appendix C, its intermediate values
// through Siegel's own steps, and malformed entries.
import { describe, expect, it } from 'vitest'
import {
  Certificate,
  decapsulateKey,
  decodePem,
  generateKeyPair,
  readPrivateKey,
} from '@siegel/pki'
import { decryptData, decryptMessage, listRecipients, openMessage } from '@siegel/core'
import { rfc9936 } from '../fixtures/pq-kem.js'
import { dec } from '../helpers.js'
import { deriveKek } from '../../src/lib/key-agreement.js'
import { aesWrap } from '../../src/lib/key-wrap.js'

const cms = decodePem(rfc9936.cms)[0]!.der
const certificate = Certificate.from(rfc9936.certificate)
const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
const identity = async (
  form: keyof typeof rfc9936.keys = 'seed',
): Promise<{
  certificate: Certificate
  privateKey: Awaited<ReturnType<typeof readPrivateKey>>
}> => ({
  certificate,
  privateKey: await readPrivateKey(rfc9936.keys[form]),
})

/** The offset of `needle` in `haystack` (the tests below alter the example at known fields). */
function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  throw new Error('needle not found')
}

describe('RFC 9936 Appendix C: ML-KEM-512 AuthEnvelopedData', () => {
  it.each(['seed', 'expanded', 'both'] as const)(
    'decrypts the example with the %s private key',
    async (form) => {
      const result = await decryptData(cms, await identity(form))
      expect(dec(result.content)).toBe(rfc9936.plaintext)
      expect(result.authenticated).toBe(true)
      expect(result.contentEncryption).toBe('AES-128-GCM')
      expect(result.keyEncryption).toBe('2.16.840.1.101.3.4.4.1')
      expect(result.recipient).toEqual({
        kind: 'subjectKeyIdentifier',
        keyIdentifier: hex(rfc9936.keyIdentifier),
        kem: 'ML-KEM-512',
      })
    },
  )

  it('opens as an S/MIME message too: decryptMessage, openMessage, listRecipients', async () => {
    const body = rfc9936.cms.replace(/-----[^-]+-----/g, '').trim()
    const eml =
      'Content-Type: application/pkcs7-mime; smime-type=authEnveloped-data; name=smime.p7m\r\n' +
      'Content-Transfer-Encoding: base64\r\n\r\n' +
      body.replace(/\n/g, '\r\n') +
      '\r\n'
    expect(listRecipients(eml)).toEqual([
      {
        kind: 'subjectKeyIdentifier',
        keyIdentifier: hex(rfc9936.keyIdentifier),
        kem: 'ML-KEM-512',
      },
    ])
    const me = await identity('both')
    expect(dec((await decryptMessage(eml, me)).content)).toBe(rfc9936.plaintext)
    const opened = await openMessage(eml, { identities: [{ ...me, chain: [] }] })
    expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted'])
    expect(dec(opened.message.raw)).toBe(rfc9936.plaintext)
  })

  it('reproduces every intermediate value of Appendix C.1 with Siegel’s own steps', async () => {
    const { privateKey } = await identity()
    const secret = await decapsulateKey(privateKey, rfc9936.kemCiphertext)
    expect(hex(secret)).toBe(hex(rfc9936.sharedSecret))
    const kek = await deriveKek(
      { kdf: 'hkdf', hash: 'SHA-256' },
      secret,
      rfc9936.oriInfo,
      16,
      undefined,
    )
    expect(hex(kek)).toBe(hex(rfc9936.kek))
    expect(hex(await aesWrap(kek, rfc9936.cek))).toBe(hex(rfc9936.encryptedCek))
  })
})

describe('malformed KEMRecipientInfo', () => {
  // The example's fields, found by their encodings (Appendix C.1 dump).
  const hkdf = Uint8Array.of(0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 9, 16, 3, 28)
  const mlKem512 = Uint8Array.of(0x06, 0x09, 0x60, 0x86, 0x48, 1, 0x65, 3, 4, 4, 1)
  const kekLength = Uint8Array.of(0x02, 0x01, 0x10, 0x30, 0x0b)

  async function codeOf(bytes: Uint8Array): Promise<string | undefined> {
    try {
      await decryptData(bytes, await identity())
      return undefined
    } catch (error) {
      return (error as { code?: string }).code
    }
  }

  it('names an unknown KEM as unsupported (ERR_SMIME_UNSUPPORTED_ALGORITHM)', async () => {
    const altered = cms.slice()
    altered[indexOf(altered, mlKem512) + mlKem512.length - 1] = 9
    await expect(decryptData(altered, await identity())).rejects.toMatchObject({
      code: 'ERR_SMIME_UNSUPPORTED_ALGORITHM',
      algorithm: '2.16.840.1.101.3.4.4.9',
    })
  })

  it('names an unknown KDF as unsupported (ERR_SMIME_UNSUPPORTED_ALGORITHM)', async () => {
    const altered = cms.slice()
    altered[indexOf(altered, hkdf) + hkdf.length - 1] = 99
    await expect(decryptData(altered, await identity())).rejects.toMatchObject({
      code: 'ERR_SMIME_UNSUPPORTED_ALGORITHM',
      algorithm: '1.2.840.113549.1.9.16.3.99',
    })
  })

  it('refuses a kekLength that does not fit the key wrap (ERR_SMIME_MALFORMED_CMS)', async () => {
    const altered = cms.slice()
    altered[indexOf(altered, kekLength) + 2] = 32
    expect(await codeOf(altered)).toBe('ERR_SMIME_MALFORMED_CMS')
  })

  it('refuses a KEMRecipientInfo of version 1 and a kekLength of 0 (ERR_SMIME_MALFORMED_CMS)', async () => {
    // Appendix C.1 dump: the KEMRecipientInfo's version INTEGER at offset 53, its content at 55.
    expect(Array.from(cms.subarray(53, 56))).toEqual([0x02, 0x01, 0x00])
    const version1 = cms.slice()
    version1[55] = 1
    expect(await codeOf(version1)).toBe('ERR_SMIME_MALFORMED_CMS')
    const zero = cms.slice()
    zero[indexOf(zero, kekLength) + 2] = 0
    expect(await codeOf(zero)).toBe('ERR_SMIME_MALFORMED_CMS')
  })

  it('refuses a truncated KEM ciphertext before decapsulating (ERR_SMIME_MALFORMED_CMS)', async () => {
    // kemct OCTET STRING 04 82 03 00 (768 bytes): declare 767 and drop its last byte. The
    // lengths of every enclosing structure shrink by one.
    const at = indexOf(cms, Uint8Array.of(0x04, 0x82, 0x03, 0x00))
    const altered = new Uint8Array(cms.length - 1)
    altered.set(cms.subarray(0, at + 4 + 767))
    altered.set(cms.subarray(at + 4 + 768), at + 4 + 767)
    altered[at + 3] = 0xff
    altered[at + 2] = 0x02
    for (const offset of [2, 19, 23, 30, 34, 51]) {
      // Two-byte long-form lengths (82 xx xx) of ContentInfo … KEMRecipientInfo.
      const length = (altered[offset]! << 8) | altered[offset + 1]!
      altered[offset] = (length - 1) >> 8
      altered[offset + 1] = (length - 1) & 0xff
    }
    expect(await codeOf(altered)).toBe('ERR_SMIME_MALFORMED_CMS')
  })

  it('refuses a private key of another parameter set with ERR_SMIME_INVALID_INPUT', async () => {
    const { privateKey } = await generateKeyPair({ algorithm: 'ML-KEM-768' })
    await expect(decryptData(cms, { certificate, privateKey })).rejects.toMatchObject({
      code: 'ERR_SMIME_INVALID_INPUT',
    })
  })

  it('fails a wrong content key like a wrong key (ERR_SMIME_DECRYPTION_FAILED)', async () => {
    const altered = cms.slice()
    const wrapped = indexOf(altered, rfc9936.encryptedCek)
    altered[wrapped] = altered[wrapped]! ^ 1
    expect(await codeOf(altered)).toBe('ERR_SMIME_DECRYPTION_FAILED')
  })

  it('fails an altered KEM ciphertext through implicit rejection (ERR_SMIME_DECRYPTION_FAILED)', async () => {
    const altered = cms.slice()
    const at = indexOf(altered, rfc9936.kemCiphertext.subarray(0, 16))
    altered[at] = altered[at]! ^ 0x80
    expect(await codeOf(altered)).toBe('ERR_SMIME_DECRYPTION_FAILED')
  })
})
