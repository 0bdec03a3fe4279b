import { describe, expect, it } from 'vitest'
import { SmimeError, signData, signMessage, verifyData, verifyMessage } from '@siegel/core'
import { importPrivateKey } from '@siegel/pki'
import { testPki } from '../fixtures/test-pki.js'

const dec = (b: Uint8Array): string => new TextDecoder().decode(b)

async function signedText(): Promise<string> {
  const signer = {
    certificate: testPki.alice,
    privateKey: await importPrivateKey(testPki.aliceKey),
  }
  return dec(await signMessage('From: alice@example.org\r\nSubject: x\r\n\r\nhello\r\n', signer))
}

function replaceSignature(signed: string, base64: string): string {
  return signed.replace(
    /(Content-Description: S\/MIME Cryptographic Signature\r\n\r\n)[^-]*/,
    `$1${base64}\r\n`,
  )
}

describe('verifyMessage on bad input', () => {
  it('rejects a message that is not multipart/signed with ERR_SMIME_NOT_SIGNED', async () => {
    await expect(verifyMessage('Subject: x\r\n\r\nplain')).rejects.toMatchObject({
      code: 'ERR_SMIME_NOT_SIGNED',
    })
  })

  it('rejects multipart/signed with one part with ERR_SMIME_MALFORMED_MESSAGE', async () => {
    const raw =
      'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n'
    await expect(verifyMessage(raw)).rejects.toMatchObject({ code: 'ERR_SMIME_MALFORMED_MESSAGE' })
  })

  it('rejects a garbage signature with ERR_SMIME_MALFORMED_CMS', async () => {
    await expect(
      verifyMessage(replaceSignature(await signedText(), 'AAECAwQF')),
    ).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_CMS',
    })
  })

  it('rejects a truncated signature with ERR_SMIME_MALFORMED_CMS', async () => {
    const signed = await signedText()
    const base64 = /Signature\r\n\r\n([^-]*)/.exec(signed)![1]!.replace(/\s/g, '')
    await expect(
      verifyMessage(replaceSignature(signed, base64.slice(0, 200))),
    ).rejects.toBeInstanceOf(SmimeError)
  })

  it('rejects input of the wrong type with ERR_SMIME_INVALID_INPUT', async () => {
    await expect(verifyMessage(null as unknown as string)).rejects.toMatchObject({
      code: 'ERR_SMIME_INVALID_INPUT',
    })
  })

  it('rejects a signer without a private key with ERR_SMIME_INVALID_INPUT', async () => {
    await expect(
      signMessage('Subject: x\r\n\r\nx', {
        certificate: testPki.alice,
        privateKey: undefined as never,
      }),
    ).rejects.toMatchObject({
      code: 'ERR_SMIME_INVALID_INPUT',
    })
  })

  it('rejects 8-bit multipart content with ERR_SMIME_UNSUPPORTED_CONTENT', async () => {
    const raw =
      'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n--b--\r\n'
    const signer = {
      certificate: testPki.alice,
      privateKey: await importPrivateKey(testPki.aliceKey),
    }
    await expect(signMessage(raw, signer)).rejects.toMatchObject({
      code: 'ERR_SMIME_UNSUPPORTED_CONTENT',
    })
  })
})

describe('verifyData on bad input', () => {
  it('rejects content given for a signature that carries content with ERR_SMIME_MALFORMED_CMS', async () => {
    const der = await signData(
      new Uint8Array([1, 2, 3]),
      { certificate: testPki.alice, privateKey: await importPrivateKey(testPki.aliceKey) },
      { detached: false },
    )
    await expect(verifyData(der, { content: new Uint8Array([1, 2, 3]) })).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_CMS',
    })
  })

  it('rejects a detached signature without content with ERR_SMIME_INVALID_INPUT', async () => {
    const der = await signData(new Uint8Array([1, 2, 3]), {
      certificate: testPki.alice,
      privateKey: await importPrivateKey(testPki.aliceKey),
    })
    await expect(verifyData(der)).rejects.toMatchObject({ code: 'ERR_SMIME_INVALID_INPUT' })
  })

  it('rejects other CMS content types with ERR_SMIME_MALFORMED_CMS', async () => {
    // ContentInfo { id-envelopedData, [0] SEQUENCE {} }
    const enveloped = Uint8Array.of(
      0x30,
      0x0f,
      0x06,
      0x09,
      0x2a,
      0x86,
      0x48,
      0x86,
      0xf7,
      0x0d,
      0x01,
      0x07,
      0x03,
      0xa0,
      0x02,
      0x30,
      0x00,
    )
    await expect(verifyData(enveloped)).rejects.toMatchObject({ code: 'ERR_SMIME_MALFORMED_CMS' })
  })

  it('reads PEM and rejects PEM without a CMS block', async () => {
    const der = await signData(
      new Uint8Array([7]),
      { certificate: testPki.alice, privateKey: await importPrivateKey(testPki.aliceKey) },
      { detached: false },
    )
    const pem = `-----BEGIN CMS-----\n${btoa(String.fromCharCode(...der))}\n-----END CMS-----\n`
    expect((await verifyData(pem)).signers[0]!.signature).toEqual({ valid: true })
    await expect(verifyData(testPki.alice)).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_CMS',
    })
  })

  it('rejects BER nested deeper than the limit with ERR_SMIME_MALFORMED_CMS', async () => {
    // 40 nested indefinite-length SEQUENCEs.
    const depth = 40
    const nested = new Uint8Array(depth * 4)
    for (let i = 0; i < depth; i++) nested.set([0x30, 0x80], i * 2)
    await expect(verifyData(nested)).rejects.toMatchObject({ code: 'ERR_SMIME_MALFORMED_CMS' })
  })

  it('reports a signed attribute that occurs twice as ERR_SMIME_BAD_ATTRIBUTES', async () => {
    const der = await signData(
      new Uint8Array([1]),
      { certificate: testPki.bob, privateKey: await importPrivateKey(testPki.bobKey) },
      { detached: false },
    )
    // Rename the signingTime attribute type (…09 05) to contentType (…09 03): a second contentType.
    const signingTime = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05]
    const at = indexOf(der, signingTime)
    expect(at).toBeGreaterThan(0)
    const forged = der.slice()
    forged[at + signingTime.length - 1] = 0x03
    const result = await verifyData(forged)
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_BAD_ATTRIBUTES',
    })
  })

  it('reports CMSAlgorithmProtection naming another digest as ERR_SMIME_BAD_ATTRIBUTES', async () => {
    const der = await signData(
      new Uint8Array([1]),
      { certificate: testPki.bob, privateKey: await importPrivateKey(testPki.bobKey) },
      { detached: false },
    )
    // The protection attribute's digest OID (sha256 …02 01) follows its attribute type; make it sha384.
    const protection = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x34]
    const start = indexOf(der, protection)
    const sha256 = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]
    const at = indexOf(der, sha256, start)
    const forged = der.slice()
    forged[at + sha256.length - 1] = 0x02
    const result = await verifyData(forged)
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_BAD_ATTRIBUTES',
    })
  })
})

function indexOf(haystack: Uint8Array, needle: readonly number[], from = 0): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}
