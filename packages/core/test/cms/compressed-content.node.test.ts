// CompressedData as the content of SignedData and EnvelopedData (eContentType
// id-ct-compressedData, RFC 3274 §1.1), as Bouncy Castle writes it: OpenSSL signs and encrypts
// the bare CompressedData made by Python zlib; verifyData, decryptData and openMessage read it.
import * as asn1js from 'asn1js'
import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { decryptData, loadIdentity, openMessage, verifyData } from '@siegel/core'
import { compressed } from '../fixtures/compressed.js'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'
import { root } from '../helpers.js'
import { openssl, scratch } from '../openssl.js'

const COMPRESSED_DATA = '1.2.840.113549.1.9.16.1.9'
const pki = (name: string): string => `${testPkiDir}${name}`
const bob = await loadIdentity({ certificate: testPki.bob, privateKey: testPki.bobKey })
const intermediate = Certificate.from(testPki.intermediate)
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

/** The CompressedData inside a DER ContentInfo: the SEQUENCE in its [0]. */
function bare(contentInfo: Uint8Array): Uint8Array {
  const { result } = asn1js.fromBER(contentInfo)
  const inner = (result as asn1js.Sequence).valueBlock.value[1] as asn1js.Constructed
  return new Uint8Array(inner.valueBlock.value[0]!.toBER(false))
}

function opensslSign(content: Uint8Array, outform: 'DER' | 'SMIME'): Uint8Array {
  const dir = scratch()
  const run = openssl([
    'cms',
    '-sign',
    '-nodetach',
    '-binary',
    '-econtent_type',
    COMPRESSED_DATA,
    '-in',
    dir.write('content.der', content),
    '-outform',
    outform,
    '-signer',
    pki('alice.pem'),
    '-inkey',
    pki('alice.key.pem'),
  ])
  expect(run.ok, run.stderr).toBe(true)
  return new Uint8Array(run.stdout)
}

/**
 * OpenSSL's EnvelopedData of `content`, its encrypted content type then set to
 * id-ct-compressedData (openssl cms -encrypt writes id-data only; the type is not protected).
 */
function opensslEnvelope(content: Uint8Array): Uint8Array {
  const dir = scratch()
  const run = openssl([
    'cms',
    '-encrypt',
    '-binary',
    '-aes-256-cbc',
    '-outform',
    'DER',
    '-in',
    dir.write('content.der', content),
    pki('bob.pem'),
  ])
  expect(run.ok, run.stderr).toBe(true)
  const { result } = asn1js.fromBER(new Uint8Array(run.stdout))
  const wrapper = (result as asn1js.Sequence).valueBlock.value[1] as asn1js.Constructed
  const enveloped = wrapper.valueBlock.value[0] as asn1js.Sequence
  const info = enveloped.valueBlock.value.at(-1) as asn1js.Sequence
  info.valueBlock.value[0] = new asn1js.ObjectIdentifier({ value: COMPRESSED_DATA })
  return new Uint8Array(result.toBER(false))
}

describe('SignedData over CompressedData (openssl cms -sign -econtent_type)', () => {
  it('verifyData verifies it and returns the decompressed content', async () => {
    const signed = opensslSign(bare(compressed.entity), 'DER')
    const result = await verifyData(signed, { trustAnchors: [root], certificates: [intermediate] })
    expect(result.status).toBe('valid')
    expect(result.contentType).toBe(COMPRESSED_DATA)
    expect(result.decompressed).toEqual({
      contentType: '1.2.840.113549.1.7.1',
      compressionAlgorithm: '1.2.840.113549.1.9.16.3.8',
      compressedBytes: expect.any(Number) as number,
    })
    expect(text(result.content)).toBe(compressed.entityText)
  })

  it('openMessage opens the S/MIME form, reports the compressed layer and shows the entity', async () => {
    const smime = text(opensslSign(bare(compressed.entity), 'SMIME'))
    const eml = `From: alice@example.org\r\n${smime}`
    const opened = await openMessage(eml, { trustAnchors: [root], certificates: [intermediate] })
    expect(opened.layers.map((l) => l.kind)).toEqual(['signed', 'compressed'])
    const [layer, inflated] = opened.layers
    expect(inflated).toMatchObject({ decompressedBytes: compressed.entityText.length })
    expect(layer?.kind === 'signed' && layer.verification.status).toBe('valid')
    expect(text(opened.message.raw)).toBe(compressed.entityText)
  })

  it('verifyData refuses a signed bomb with ERR_SMIME_LIMIT_EXCEEDED', async () => {
    const signed = opensslSign(bare(compressed.bomb1m), 'DER')
    await expect(verifyData(signed, { trustAnchors: [root] })).rejects.toMatchObject({
      code: 'ERR_SMIME_LIMIT_EXCEEDED',
      limit: 'maxCompressionRatio',
    })
  })
})

describe('EnvelopedData around CompressedData', () => {
  it('decryptData decrypts and decompresses it', async () => {
    const result = await decryptData(opensslEnvelope(bare(compressed.entity)), bob)
    expect(result.contentType).toBe(COMPRESSED_DATA)
    expect(result.decompressed?.contentType).toBe('1.2.840.113549.1.7.1')
    expect(text(result.content)).toBe(compressed.entityText)
  })

  it('openMessage opens it as an encrypted and a compressed layer', async () => {
    const envelope = opensslEnvelope(bare(compressed.entity))
    const eml =
      'From: alice@example.org\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"\r\n' +
      'Content-Transfer-Encoding: base64\r\n\r\n' +
      Buffer.from(envelope).toString('base64').replace(/.{76}/g, '$&\r\n')
    const opened = await openMessage(eml, { identities: [bob] })
    expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted', 'compressed'])
    expect(opened.layers[1]).toMatchObject({
      decompressedBytes: compressed.entityText.length,
    })
    expect(text(opened.message.raw)).toBe(compressed.entityText)
  })

  it('decryptData refuses an encrypted bomb past maxDecompressedBytes', async () => {
    const envelope = opensslEnvelope(bare(compressed.bomb1m))
    await expect(
      decryptData(envelope, bob, { maxCompressionRatio: 5000, maxDecompressedBytes: 4096 }),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_LIMIT_EXCEEDED', limit: 'maxDecompressedBytes' })
  })
})
