import { describe, expect, it } from 'vitest'
import { readPrivateKey } from '@siegel/pki'
import { decryptMessage, encryptMessage } from '@siegel/core'
import { vector } from '../vectors.js'
import { dec } from '../helpers.js'

const message = 'Subject: x\r\nContent-Type: text/plain\r\n\r\nfür Dana\r\n'

describe('X25519 recipients (RFC 8418)', () => {
  it.each(['AES-256-GCM', 'AES-128-CBC'] as const)(
    'encrypts to the RFC 9216 X25519 certificate with HKDF and %s',
    async (contentEncryption) => {
      const certificate = vector('rfc9216-encrypted/dana.encrypt.crt')
      // The LAMPS sample CA is not a trust anchor here: only key usage and validity count.
      const encrypted = await encryptMessage(message, [{ certificate }], {
        contentEncryption,
        allowUntrusted: true,
      })
      const result = await decryptMessage(encrypted, {
        certificate,
        privateKey: await readPrivateKey(vector('rfc9216-encrypted/dana.decrypt.key')),
      })
      expect(result.keyEncryption).toBe('1.2.840.113549.1.9.16.3.19')
      expect(dec(result.content)).toContain('Dana')
    },
  )
})
