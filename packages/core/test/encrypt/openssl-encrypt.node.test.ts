import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { encryptMessage, type ContentEncryption, type RsaPadding } from '@siegel/core'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'
import { openssl, scratch } from '../openssl.js'

const pki = (name: string): string => `${testPkiDir}${name}`
const root = Certificate.from(testPki.root)
const intermediates = [Certificate.from(testPki.intermediate)]
const message =
  'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: secret\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nThe meeting is at noon.\r\n'

function opensslDecrypt(encrypted: Uint8Array, who: string): string {
  const dir = scratch()
  const input = dir.write('in.eml', encrypted)
  const run = openssl([
    'cms',
    '-decrypt',
    '-in',
    input,
    '-inform',
    'SMIME',
    '-recip',
    pki(`${who}.pem`),
    '-inkey',
    pki(`${who}.key.pem`),
  ])
  expect(run.stderr).toBe('')
  expect(run.ok).toBe(true)
  return run.stdout.toString()
}

const CONTENT: ContentEncryption[] = [
  'AES-256-GCM',
  'AES-128-GCM',
  'AES-256-CBC',
  'AES-192-CBC',
  'AES-128-CBC',
]
const PADDING: RsaPadding[] = ['oaep-sha256', 'oaep-sha1', 'pkcs1']

describe('openssl cms -decrypt opens what encryptMessage writes', () => {
  it.each(CONTENT.flatMap((c) => PADDING.map((p) => [c, p] as const)))(
    '%s to RSA with %s',
    async (contentEncryption, rsaPadding) => {
      const encrypted = await encryptMessage(message, [Certificate.from(testPki.alice)], {
        contentEncryption,
        rsaPadding,
        trustAnchors: [root],
        intermediates,
      })
      const text = new TextDecoder().decode(encrypted)
      expect(text).toContain('Subject: secret')
      expect(text).toContain(
        contentEncryption.endsWith('GCM') ? 'authEnveloped-data' : 'enveloped-data',
      )
      expect(opensslDecrypt(encrypted, 'alice')).toContain('The meeting is at noon.')
    },
  )

  it.each([
    ['bob', 'P-256'],
    ['dave', 'P-384'],
  ])('ECDH to %s (%s), GCM and CBC', async (who) => {
    for (const contentEncryption of ['AES-256-GCM', 'AES-128-CBC'] as const) {
      const encrypted = await encryptMessage(
        message,
        [Certificate.from(testPki[who as 'bob' | 'dave'])],
        { contentEncryption, trustAnchors: [root], intermediates },
      )
      expect(opensslDecrypt(encrypted, who)).toContain('noon')
    }
  })

  it('a message of almost 1 MB, GCM and CBC: the ciphertext is encoded in place, OpenSSL reads it back', async () => {
    const body = Array.from({ length: 40_000 }, (_, i) => `Zeile ${i} der Akte.`).join('\r\n')
    const large = `From: alice@example.org\r\nSubject: Akte\r\nContent-Type: text/plain\r\n\r\n${body}\r\n`
    expect(large.length).toBeGreaterThan(800_000)
    for (const contentEncryption of ['AES-256-GCM', 'AES-256-CBC'] as const) {
      const encrypted = await encryptMessage(large, [Certificate.from(testPki.alice)], {
        contentEncryption,
        trustAnchors: [root],
        intermediates,
      })
      const opened = opensslDecrypt(encrypted, 'alice')
      expect(opened).toContain('Zeile 0 der Akte.')
      expect(opened).toContain('Zeile 39999 der Akte.')
    }
  })

  it('names a recipient by subject key identifier', async () => {
    const encrypted = await encryptMessage(
      message,
      [
        { certificate: testPki.alice, identifyBy: 'subjectKeyIdentifier' },
        { certificate: testPki.bob, identifyBy: 'subjectKeyIdentifier' },
      ],
      { trustAnchors: [root], intermediates },
    )
    expect(opensslDecrypt(encrypted, 'alice')).toContain('noon')
    expect(opensslDecrypt(encrypted, 'bob')).toContain('noon')
  })
})
