// Compressed layers against OpenSSL and Python's zlib: what protectMessage({ compress: true })
// writes is decrypted by openssl, decompressed by Python and its signature verified by openssl;
// layers OpenSSL wraps around a compressed entity (made by Python) are opened by openMessage.
import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { loadIdentity, openMessage, protectMessage } from '@siegel/core'
import { compressed } from '../fixtures/compressed.js'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'
import { root } from '../helpers.js'
import { openssl, scratch } from '../openssl.js'
import { pythonInflate } from '../python-zlib.js'

const pki = (name: string): string => `${testPkiDir}${name}`
const alice = await loadIdentity({
  certificate: testPki.alice,
  privateKey: testPki.aliceKey,
  chain: [testPki.intermediate],
})
const bob = await loadIdentity({ certificate: testPki.bob, privateKey: testPki.bobKey })
const latin1 = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes)

/** The body of a MIME entity, base64-decoded. */
function base64Body(entity: string): Uint8Array {
  const body = entity.slice(entity.indexOf('\r\n\r\n') + 4)
  return Uint8Array.from(atob(body.replace(/\s+/g, '')), (c) => c.charCodeAt(0))
}

/** The compressed entity of compressed.eml, without the outer headers. */
const compressedEntity = compressed.mail.replace(/^(From|To|Subject|MIME-Version):.*\r\n/gm, '')

describe('protectMessage({ compress: true }) read by OpenSSL and Python', () => {
  it('openssl decrypts, Python inflates, openssl cms -verify accepts the signature', async () => {
    const text = 'Bestellung\n' + 'LIN+1++4000862141404:SRS\n'.repeat(500)
    const eml = await protectMessage(
      { from: 'alice@example.org', to: 'bob@example.org', subject: 'Orders', text },
      {
        signWith: alice,
        encryptFor: [bob.certificate],
        compress: true,
        contentEncryption: 'AES-256-CBC',
        trustAnchors: [root],
        intermediates: [Certificate.from(testPki.intermediate)],
      },
    )
    const dir = scratch()
    const decrypted = openssl([
      'cms',
      '-decrypt',
      '-inform',
      'SMIME',
      '-in',
      dir.write('in.eml', eml),
      '-recip',
      pki('bob.pem'),
      '-inkey',
      pki('bob.key.pem'),
    ])
    expect(decrypted.ok, decrypted.stderr).toBe(true)
    const entity = latin1(decrypted.stdout)
    expect(entity).toMatch(/^Content-Type: application\/pkcs7-mime; smime-type=compressed-data/m)
    const signed = pythonInflate(base64Body(entity))
    expect(latin1(signed)).toMatch(/^Content-Type: multipart\/signed/m)
    const verified = openssl([
      'cms',
      '-verify',
      '-inform',
      'SMIME',
      '-in',
      dir.write('signed.eml', signed),
      '-CAfile',
      pki('root.pem'),
      '-purpose',
      'smimesign',
    ])
    expect(verified.ok, verified.stderr).toBe(true)
    expect(verified.stderr).toContain('Verification successful')
    expect(latin1(verified.stdout)).toContain('LIN+1++4000862141404:SRS')
  })
})

describe('openMessage opens layers OpenSSL wraps around a compressed entity', () => {
  it.each([
    ['detached', [] as string[]],
    ['opaque', ['-nodetach']],
  ])('a %s signature by openssl cms -sign over it', async (_, form) => {
    const dir = scratch()
    const run = openssl([
      'cms',
      '-sign',
      '-binary',
      ...form,
      '-in',
      dir.write('entity', compressedEntity),
      '-signer',
      pki('alice.pem'),
      '-inkey',
      pki('alice.key.pem'),
      '-certfile',
      pki('intermediate.pem'),
    ])
    expect(run.ok, run.stderr).toBe(true)
    const eml = 'From: alice@example.org\r\nTo: bob@example.org\r\n' + latin1(run.stdout)
    const opened = await openMessage(eml, { trustAnchors: [root] })
    expect(opened.layers.map((l) => l.kind)).toEqual(['signed', 'compressed'])
    const [signed] = opened.layers
    expect(signed?.kind === 'signed' && signed.verification.status).toBe('valid')
    expect(latin1(opened.message.raw)).toBe(compressed.entityText)
  })

  it('an envelope by openssl cms -encrypt around it', async () => {
    const dir = scratch()
    const run = openssl([
      'cms',
      '-encrypt',
      '-binary',
      '-aes-256-cbc',

      '-in',
      dir.write('entity', compressedEntity),
      '-recip',
      pki('bob.pem'),
    ])
    expect(run.ok, run.stderr).toBe(true)
    const opened = await openMessage(run.stdout, { identities: [bob] })
    expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted', 'compressed'])
    expect(latin1(opened.message.raw)).toBe(compressed.entityText)
  })
})
