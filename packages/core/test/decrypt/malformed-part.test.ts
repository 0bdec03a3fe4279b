import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import {
  decryptMessage,
  encryptMessage,
  openMessage,
  verifyMessage,
  type DecryptionIdentity,
} from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { dec } from '../helpers.js'

async function bob(): Promise<DecryptionIdentity> {
  return { certificate: testPki.bob, privateKey: await readPrivateKey(testPki.bobKey) }
}

const smime = (smimeType: string, base64: string): string =>
  'From: a@example.org\r\nMIME-Version: 1.0\r\n' +
  `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name=smime.p7m\r\n` +
  `Content-Transfer-Encoding: base64\r\n\r\n${base64}\r\n`

// What a broken part holds: not DER at all, and a ContentInfo cut short after its first bytes.
const garbage = btoa('this is no CMS at all, only text in base64')

async function truncated(): Promise<string> {
  const eml = dec(
    await encryptMessage(
      'Content-Type: text/plain\r\n\r\nsecret\r\n',
      [Certificate.from(testPki.bob)],
      { allowUntrusted: true },
    ),
  )
  const body = eml.slice(eml.indexOf('\r\n\r\n') + 4).replace(/\s+/g, '')
  return body.slice(0, 40)
}

describe('a pkcs7-mime part without readable CMS', () => {
  it('is ERR_SMIME_MALFORMED_CMS for decryptMessage, not ERR_SMIME_NOT_ENCRYPTED', async () => {
    for (const base64 of [garbage, await truncated()]) {
      await expect(
        decryptMessage(smime('enveloped-data', base64), await bob()),
      ).rejects.toMatchObject({ code: 'ERR_SMIME_MALFORMED_CMS' })
    }
  })

  it('is ERR_SMIME_MALFORMED_CMS for verifyMessage and openMessage, not "not signed"', async () => {
    await expect(verifyMessage(smime('signed-data', garbage))).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_CMS',
    })
    await expect(openMessage(smime('signed-data', garbage))).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_CMS',
    })
    await expect(
      openMessage(smime('enveloped-data', garbage), { identities: [] }),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_MALFORMED_CMS' })
  })

  it('leaves a plain message with a broken .p7m attachment plain for openMessage', async () => {
    const eml =
      'From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n' +
      '--b\r\nContent-Type: text/plain\r\n\r\nHallo\r\n--b\r\n' +
      'Content-Type: application/pkcs7-mime; name=x.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      `${garbage}\r\n--b--\r\n`
    const opened = await openMessage(eml)
    expect(opened.layers).toEqual([])
    // Asked to decrypt or verify it, the broken part is the answer.
    await expect(decryptMessage(eml, await bob())).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_CMS',
    })
    await expect(verifyMessage(eml)).rejects.toMatchObject({ code: 'ERR_SMIME_MALFORMED_CMS' })
  })

  it('still says ERR_SMIME_NOT_ENCRYPTED for a signed-data part', async () => {
    const signedOnly = smime('signed-data', 'MAsGCSqGSIb3DQEHAg==') // ContentInfo { signedData }
    await expect(decryptMessage(signedOnly, await bob())).rejects.toMatchObject({
      code: 'ERR_SMIME_NOT_ENCRYPTED',
    })
  })
})
