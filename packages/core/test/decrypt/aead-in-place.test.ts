// decryptMessage moves an AEAD tag next to the ciphertext in the CMS bytes it decoded itself,
// instead of joining both in a copy; bytes that lie in the caller's buffer are never written.
import { describe, expect, it } from 'vitest'
import { decryptMessage, encryptMessage } from '@siegel/core'
import { dec, enc } from '../helpers.js'
import { vector } from '../vectors.js'

const keyIdentifier = Uint8Array.of(0xc0, 0xfe, 0xe0)
const opensslKek = Uint8Array.from({ length: 16 }, (_, i) => i)
const message =
  'From: alice@example.org\r\nTo: team@example.org\r\nSubject: secret\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nThe meeting is at noon.\r\n'

function pemBody(pem: Uint8Array): string {
  return dec(pem).replace(/-----[^-]+-----|\s/g, '')
}

function smime(transferEncoding: string, body: Uint8Array | string): Uint8Array {
  const head = enc(
    'Content-Type: application/pkcs7-mime; smime-type=authEnveloped-data\r\n' +
      `Content-Transfer-Encoding: ${transferEncoding}\r\n\r\n`,
  )
  const bytes = typeof body === 'string' ? enc(body) : body
  const out = new Uint8Array(head.length + bytes.length)
  out.set(head)
  out.set(bytes, head.length)
  return out
}

const derOf = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))

describe('AEAD tag placed in place', () => {
  it('opens OpenSSL AuthEnvelopedData with authenticated attributes sent as base64', async () => {
    const base64 = pemBody(vector('openssl-authenveloped/authenveloped_attrs.pem'))
    const kek = { kek: opensslKek, keyIdentifier }
    const result = await decryptMessage(smime('base64', base64), kek)
    expect(dec(result.content)).toBe('Hello AuthEnvelopedData world\n')
    const bad = pemBody(vector('openssl-authenveloped/bad_authenveloped_attrs.pem'))
    await expect(decryptMessage(smime('base64', bad), kek)).rejects.toMatchObject({
      code: 'ERR_SMIME_DECRYPTION_FAILED',
    })
  })

  it('leaves a binary body in the caller’s buffer untouched, and can open it again', async () => {
    const kek = globalThis.crypto.getRandomValues(new Uint8Array(32))
    const encrypted = dec(
      await encryptMessage(message, [], {
        kekRecipients: [{ kek, keyIdentifier }],
        contentEncryption: 'AES-256-GCM',
      }),
    )
    const der = derOf(encrypted.slice(encrypted.indexOf('\r\n\r\n') + 4).replace(/\s/g, ''))
    const input = smime('binary', der)
    const before = input.slice()
    for (let i = 0; i < 2; i++) {
      const result = await decryptMessage(input, { kek, keyIdentifier })
      expect(dec(result.content)).toContain('The meeting is at noon.')
    }
    expect(input).toEqual(before)
  })
})
