// Messages made by `openssl cms -encrypt` with two entries for the same certificate, the first
// replaced by a wrong RSA v1.5 entry whose content key passes the CBC padding check: Siegel must
// open the right entry, whether the second is RSA v1.5 or RSA-OAEP.
import { describe, expect, it } from 'vitest'
import { Certificate, encryptRsaPkcs1v15, readPrivateKey } from '@siegel/pki'
import { decryptData } from '@siegel/core'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'
import { openssl, scratch } from '../openssl.js'
import { encryptedKeyOffsets, paddingPassingKey } from './wrong-entries.js'

const alice = Certificate.from(testPki.alice)
const content = 'Content-Type: text/plain\r\n\r\nThe meeting is at noon.\r\n'

/** DER EnvelopedData from `openssl cms -encrypt` with AES-256-CBC to the recipients given. */
function opensslEncrypt(recipientArgs: readonly string[]): Uint8Array {
  const input = scratch().write('msg.eml', content)
  const args = ['-binary', '-aes-256-cbc', '-in', input, '-outform', 'DER', ...recipientArgs]
  const run = openssl(['cms', '-encrypt', ...args])
  expect({ ok: run.ok, stderr: run.stderr }).toEqual({ ok: true, stderr: '' })
  return new Uint8Array(run.stdout)
}

const recip = ['-recip', `${testPkiDir}alice.pem`]
const CASES: [string, string[]][] = [
  ['two RSA v1.5 entries', [...recip, ...recip]],
  ['RSA v1.5, then RSA-OAEP', [...recip, ...recip, '-keyopt', 'rsa_padding_mode:oaep']],
]

describe('a wrong RSA v1.5 entry before the right one, in messages from OpenSSL', () => {
  it.each(CASES)('opens %s at the right entry', async (_, args) => {
    const identity = { certificate: alice, privateKey: await readPrivateKey(testPki.aliceKey) }
    for (let trial = 0; trial < 4; trial++) {
      const der = opensslEncrypt(args)
      const offsets = encryptedKeyOffsets(der)
      expect(offsets).toHaveLength(2)
      der.set(await encryptRsaPkcs1v15(alice, await paddingPassingKey(der)), offsets[0]!)
      const opened = await decryptData(der, identity)
      expect(new TextDecoder().decode(opened.content)).toBe(content)
    }
  })
})
