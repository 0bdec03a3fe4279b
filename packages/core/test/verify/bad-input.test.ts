import { describe, expect, it } from 'vitest'
import { SmimeError, signMessage, verifyMessage } from '@siegel/core'
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
