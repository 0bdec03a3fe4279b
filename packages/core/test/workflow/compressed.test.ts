// Compressed layers (RFC 3274 CompressedData inside S/MIME, RFC 8551 §3.6) in openMessage and
// protectMessage: outermost, inside an encrypted layer, around a signed one; bombs refused.
import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import {
  loadIdentity,
  MESSAGES_DE,
  openMessage,
  protectMessage,
  SmimeLimitExceededError,
} from '@siegel/core'
import { compressed } from '../fixtures/compressed.js'
import { testPki } from '../fixtures/test-pki.js'
import { root } from '../helpers.js'

const alice = await loadIdentity({
  certificate: testPki.alice,
  privateKey: testPki.aliceKey,
  chain: [testPki.intermediate],
})
const bob = await loadIdentity({
  certificate: testPki.bob,
  privateKey: testPki.bobKey,
  chain: [testPki.intermediate],
})
const intermediate = Certificate.from(testPki.intermediate)
const text = 'UNB+UNOC:3+SENDER+RECEIVER\n' + "LIN+1++4000862141404:SRS'\n".repeat(2000)
const spec = { from: 'alice@example.org', to: 'bob@example.org', subject: 'Orders', text }

/** A message whose entity is the given CompressedData, as make.py wraps it. */
function compressedMail(der: Uint8Array): string {
  let binary = ''
  for (const b of der) binary += String.fromCharCode(b)
  return (
    'From: edi@example.org\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: application/pkcs7-mime; smime-type=compressed-data; name="smime.p7z"\r\n' +
    'Content-Transfer-Encoding: base64\r\n\r\n' +
    btoa(binary).replace(/.{76}/g, '$&\r\n') +
    '\r\n'
  )
}

describe('openMessage with a compressed layer', () => {
  it('opens a compressed-data message made by Python zlib', async () => {
    const opened = await openMessage(compressed.mail)
    expect(opened.layers).toEqual([
      {
        kind: 'compressed',
        compressionAlgorithm: '1.2.840.113549.1.9.16.3.8',
        compressedBytes: expect.any(Number) as number,
        decompressedBytes: compressed.entityText.length,
      },
    ])
    expect(new TextDecoder().decode(opened.message.raw)).toBe(compressed.entityText)
    expect(opened.message.contentType.mediaType).toBe('text/plain')
    expect(opened.summary).toBe('Not signed, not encrypted · Compressed')
    const german = await openMessage(compressed.mail, { messages: MESSAGES_DE })
    expect(german.summary).toBe('Weder signiert noch verschlüsselt · Komprimiert')
  })

  it('refuses a compressed bomb or a layer past maxDecompressedBytes with ERR_SMIME_LIMIT_EXCEEDED', async () => {
    const bomb = compressedMail(compressed.bomb1m)
    const error = await openMessage(bomb).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SmimeLimitExceededError)
    expect((error as SmimeLimitExceededError).limit).toBe('maxCompressionRatio')
    const small = await openMessage(compressed.mail, { maxDecompressedBytes: 1000 }).catch(
      (e: unknown) => e,
    )
    expect(small).toBeInstanceOf(SmimeLimitExceededError)
    expect((small as SmimeLimitExceededError).limit).toBe('maxDecompressedBytes')
  })

  it.each([
    [
      'an unknown algorithm (ERR_SMIME_UNSUPPORTED_ALGORITHM)',
      compressed.unknownAlgorithm,
      'ERR_SMIME_UNSUPPORTED_ALGORITHM',
    ],
    ['corrupt zlib (ERR_SMIME_MALFORMED_CMS)', compressed.badChecksum, 'ERR_SMIME_MALFORMED_CMS'],
    ['version 1 (ERR_SMIME_MALFORMED_CMS)', compressed.version1, 'ERR_SMIME_MALFORMED_CMS'],
  ] as const)('refuses a compressed layer with %s', async (_, der, code) => {
    await expect(openMessage(compressedMail(der))).rejects.toMatchObject({ code })
  })
})

describe('protectMessage({ compress: true })', () => {
  it('signs, compresses and encrypts; openMessage peels all three', async () => {
    const eml = await protectMessage(spec, {
      signWith: alice,
      encryptFor: [bob.certificate],
      compress: true,
      contentEncryption: 'AES-256-CBC',
      trustAnchors: [root],
      intermediates: [intermediate],
    })
    // The EDI text compresses: the message is far smaller than the text.
    expect(eml.length).toBeLessThan(text.length / 4)
    const opened = await openMessage(eml, { identities: [bob], trustAnchors: [root] })
    expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted', 'compressed', 'signed'])
    const [encrypted, , signed] = opened.layers
    expect(signed?.kind === 'signed' && signed.verification.status).toBe('valid')
    // A valid signature over all of the decompressed content vouches for the CBC ciphertext.
    expect(encrypted?.kind === 'encrypted' && encrypted.authenticated).toBe(true)
    expect(opened.summary).toBe(
      'Encrypted (AES-256-CBC) · Compressed · Signed by alice@example.org · trusted via Siegel Test Root CA',
    )
    expect(new TextDecoder().decode(opened.message.raw)).toContain("LIN+1++4000862141404:SRS'")
  })

  it('signs and compresses without encryption, keeping the outer headers outside', async () => {
    const eml = await protectMessage(spec, { signWith: alice, compress: true })
    const head = new TextDecoder().decode(eml.subarray(0, 400))
    expect(head).toContain('Subject: Orders')
    expect(head).toContain('smime-type=compressed-data')
    const opened = await openMessage(eml, { trustAnchors: [root] })
    expect(opened.layers.map((l) => l.kind)).toEqual(['compressed', 'signed'])
    expect(opened.summary).toMatch(/^Compressed · Signed by alice@example.org · trusted via/)
  })

  it('compresses alone when asked for nothing else', async () => {
    const eml = await protectMessage(spec, { compress: true })
    const opened = await openMessage(eml)
    expect(opened.layers.map((l) => l.kind)).toEqual(['compressed'])
    expect(new TextDecoder().decode(opened.message.raw)).toContain("LIN+1++4000862141404:SRS'")
  })
})
