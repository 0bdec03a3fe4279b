import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { decryptMessage, signAndEncryptMessage, verifyMessage } from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { dec, root, signer } from '../helpers.js'

const intermediates = [Certificate.from(testPki.intermediate)]
const trust = { trustAnchors: [root], intermediates }
const message =
  'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: signed and sealed\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nThe contract is attached.\r\n'

async function bob(): Promise<{
  certificate: string
  privateKey: Awaited<ReturnType<typeof readPrivateKey>>
}> {
  return { certificate: testPki.bob, privateKey: await readPrivateKey(testPki.bobKey) }
}

describe('signAndEncryptMessage', () => {
  it('signs, then encrypts: the decrypted entity carries a valid signature', async () => {
    const out = await signAndEncryptMessage(
      message,
      await signer('alice'),
      [Certificate.from(testPki.bob)],
      {
        contentEncryption: 'AES-256-GCM',
        ...trust,
      },
    )
    expect(dec(out)).toContain('smime-type=authEnveloped-data')
    const decrypted = await decryptMessage(out, await bob())
    expect(decrypted.authenticated).toBe(true)
    expect(decrypted.entity.contentType.mediaType).toBe('multipart/signed')
    // The From header stayed outside (unprotected): the caller binds the signer to it.
    const verified = await verifyMessage(decrypted.content, {
      trustAnchors: [root],
      certificates: intermediates,
      claimedSenders: ['alice@example.org'],
    })
    expect(verified.status).toBe('valid')
    expect(dec(decrypted.content)).toContain('The contract is attached.')
  })

  it('triple-wraps: outer signature over the encrypted message, inner one after decryption', async () => {
    const out = await signAndEncryptMessage(
      message,
      await signer('alice'),
      [Certificate.from(testPki.bob)],
      {
        tripleWrap: true,
        ...trust,
      },
    )
    const outer = await verifyMessage(out, { trustAnchors: [root], certificates: intermediates })
    expect(outer.status).toBe('valid')
    const decrypted = await decryptMessage(out, await bob())
    const inner = await verifyMessage(decrypted.content, {
      trustAnchors: [root],
      certificates: intermediates,
      claimedSenders: ['alice@example.org'],
    })
    expect(inner.status).toBe('valid')
  })
})
