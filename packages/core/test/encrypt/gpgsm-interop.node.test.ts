import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { decryptData, encryptMessage, type ContentEncryption } from '@siegel/core'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'
import { gpgsmHome } from '../gpgsm.js'
import { root } from '../helpers.js'
import { scratch } from '../openssl.js'

const fingerprint = (await root.fingerprint('SHA-1')).replaceAll(':', '')
const gpgsm = gpgsmHome(fingerprint, [
  `${testPkiDir}root.pem`,
  `${testPkiDir}intermediate.pem`,
  `${testPkiDir}alice.pem`,
])
afterAll(() => gpgsm.close())
beforeAll(importAliceKey)
const trust = { trustAnchors: [root], intermediates: [Certificate.from(testPki.intermediate)] }
const message =
  'From: alice@example.org\r\nTo: alice@example.org\r\nSubject: gpgsm\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nGrüße aus dem Landratsamt.\r\n'

/** Imports alice's key into the gpgsm home. */
function importAliceKey(): void {
  gpgsm.importKey(`${testPkiDir}alice.pem`, `${testPkiDir}alice.key.pem`)
}

describe('gpgsm decrypts what Siegel encrypts (RSA, PKCS#1 v1.5 as gpgsm 2.2 reads it)', () => {
  it.each(['AES-256-CBC', 'AES-128-CBC', 'AES-192-CBC'] as ContentEncryption[])(
    '%s',
    async (contentEncryption) => {
      const encrypted = await encryptMessage(message, [Certificate.from(testPki.alice)], {
        contentEncryption,
        rsaPadding: 'pkcs1',
        ...trust,
      })
      const text = new TextDecoder().decode(encrypted)
      const base64 = text.slice(text.indexOf('\r\n\r\n') + 4)
      const dir = scratch()
      const der = dir.write(
        'msg.p7m',
        Uint8Array.from(atob(base64.replace(/\s+/g, '')), (c) => c.charCodeAt(0)),
      )
      const out = dir.path('out.txt')
      const result = gpgsm.run(
        ['--passphrase-fd', '0', '--decrypt', '--output', out, der],
        'test\n',
      )
      expect(result.stderr).not.toMatch(/error/i)
      expect(result.ok).toBe(true)
      expect(new TextDecoder().decode(dir.read('out.txt'))).toContain('Landratsamt')
    },
  )
})

describe('Siegel decrypts what gpgsm encrypts', () => {
  it('RSA (gpgsm writes PKCS#1 v1.5 key transport)', async () => {
    const dir = scratch()
    const input = dir.write('msg.txt', message)
    const out = dir.path('msg.p7m')
    const result = gpgsm.run(['--encrypt', '-r', 'alice@example.org', '--output', out, input])
    expect(result.ok).toBe(true)
    const decrypted = await decryptData(dir.read('msg.p7m'), {
      certificate: testPki.alice,
      privateKey: await readPrivateKey(testPki.aliceKey),
    })
    expect(new TextDecoder().decode(decrypted.content)).toBe(message)
    expect(decrypted.keyEncryption).toBe('1.2.840.113549.1.1.1')
  })
})
