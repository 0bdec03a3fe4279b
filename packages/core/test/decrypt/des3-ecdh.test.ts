import { describe, expect, it } from 'vitest'
import { decryptMessage, loadIdentity, type Identity } from '@siegel/core'
import { des3EcdhMessages, p521Recipient } from '../fixtures/des3-ecdh.js'
import { testPki } from '../fixtures/test-pki.js'
import { dec } from '../helpers.js'

const identities: Record<'bob' | 'dave' | 'p521', Identity> = {
  bob: await loadIdentity({ certificate: testPki.bob, privateKey: testPki.bobKey }),
  dave: await loadIdentity({ certificate: testPki.dave, privateKey: testPki.daveKey }),
  p521: await loadIdentity(p521Recipient),
}

// `openssl cms -encrypt -des3` to an EC key: RFC 5753 ECDH with the RFC 3217 Triple-DES key wrap.
describe('ECDH key agreement with the Triple-DES key wrap (OpenSSL -des3)', () => {
  it.each(des3EcdhMessages)('%s with the %s KDF opens', async (_, __, scheme, who, eml) => {
    const result = await decryptMessage(eml, identities[who])
    expect(dec(result.content)).toContain('The meeting is at noon.')
    expect(result.contentEncryption).toBe('3DES-CBC')
    expect(result.keyEncryption).toBe(scheme)
    expect(result.authenticated).toBe(false)
  })

  it('refuses another EC key with ERR_SMIME_NOT_A_RECIPIENT', async () => {
    const [, , , , eml] = des3EcdhMessages[0]
    await expect(decryptMessage(eml, identities.dave)).rejects.toMatchObject({
      code: 'ERR_SMIME_NOT_A_RECIPIENT',
    })
  })
})
