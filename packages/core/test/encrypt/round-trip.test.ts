import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import {
  decryptMessage,
  encryptMessage,
  NotARecipientError,
  type ContentEncryption,
  type DecryptionIdentity,
} from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { dec } from '../helpers.js'

const root = Certificate.from(testPki.root)
const trust = { trustAnchors: [root], intermediates: [Certificate.from(testPki.intermediate)] }
const message =
  'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: secret\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nThe meeting is at noon.\r\n'

async function identity(name: 'alice' | 'bob' | 'dave'): Promise<DecryptionIdentity> {
  return { certificate: testPki[name], privateKey: await readPrivateKey(testPki[`${name}Key`]) }
}

const CONTENT: ContentEncryption[] = [
  'AES-256-GCM',
  'AES-128-GCM',
  'AES-256-CBC',
  'AES-192-CBC', // Chromium's WebCrypto refuses AES-192: this runs the pure-JS fallback there
  'AES-128-CBC',
]

describe('encryptMessage → decryptMessage', () => {
  it.each(CONTENT)('%s to RSA (OAEP SHA-256), P-256 and P-384 at once', async (cipher) => {
    const encrypted = await encryptMessage(
      message,
      [Certificate.from(testPki.alice), Certificate.from(testPki.bob), testPki.dave].map((c) =>
        typeof c === 'string' ? { certificate: c } : c,
      ),
      { contentEncryption: cipher, rsaPadding: 'oaep-sha256', ...trust },
    )
    for (const who of ['alice', 'bob', 'dave'] as const) {
      const result = await decryptMessage(encrypted, await identity(who))
      expect(result.contentEncryption).toBe(cipher)
      expect(result.authenticated).toBe(cipher.endsWith('GCM'))
      expect(dec(result.content)).toContain('The meeting is at noon.')
      expect(result.entity.contentType.mediaType).toBe('text/plain')
      // Outer headers stay outside and are reported as unprotected.
      expect(result.entity.headers.some((h) => h.name === 'Subject')).toBe(false)
      expect(result.unprotectedHeaders.find((h) => h.name === 'Subject')?.value).toBe('secret')
    }
  })

  it('uses OAEP SHA-1 when asked, and names recipients by subject key identifier', async () => {
    const encrypted = await encryptMessage(
      message,
      [{ certificate: testPki.alice, identifyBy: 'subjectKeyIdentifier' }],
      { rsaPadding: 'oaep-sha1', ...trust },
    )
    const result = await decryptMessage(encrypted, await identity('alice'))
    expect(result.recipient).toEqual({
      kind: 'subjectKeyIdentifier',
      keyIdentifier: '030f315442c9135e4887a92d132c36a034572b9e',
    })
  })

  it('chooses GCM only when every recipient announced it, OAEP only where announced', async () => {
    const gcm = [{ oid: '2.16.840.1.101.3.4.1.46' }, { oid: '1.2.840.113549.1.1.7' }]
    const both = await encryptMessage(
      message,
      [
        { certificate: testPki.alice, capabilities: gcm },
        { certificate: testPki.bob, capabilities: gcm },
      ],
      trust,
    )
    expect(dec(both)).toContain('smime-type=authEnveloped-data')
    const result = await decryptMessage(both, await identity('alice'))
    expect(result.keyEncryption).toBe('1.2.840.113549.1.1.7')
    const mixed = await encryptMessage(
      message,
      [{ certificate: testPki.alice, capabilities: gcm }, { certificate: testPki.bob }],
      trust,
    )
    expect(dec(mixed)).toContain('smime-type=enveloped-data')
    expect((await decryptMessage(mixed, await identity('bob'))).contentEncryption).toBe(
      'AES-256-CBC',
    )
  })

  it('encrypts to self so the sender can read the sent copy', async () => {
    const encrypted = await encryptMessage(message, [Certificate.from(testPki.bob)], {
      encryptToSelf: Certificate.from(testPki.dave),
      ...trust,
    })
    expect(dec((await decryptMessage(encrypted, await identity('dave'))).content)).toContain('noon')
  })
})

describe('recipient checks', () => {
  it('refuses an untrusted recipient with ERR_SMIME_UNTRUSTED_RECIPIENT unless allowed', async () => {
    const alice = Certificate.from(testPki.alice)
    const mallory = Certificate.from(testPki.mallory)
    const other = { trustAnchors: [{ certificate: mallory, allowNonCa: true }] }
    await expect(encryptMessage(message, [alice], other)).rejects.toMatchObject({
      code: 'ERR_SMIME_UNTRUSTED_RECIPIENT',
    })
    // An end-entity certificate is no anchor unless the caller says so explicitly.
    await expect(
      encryptMessage(message, [alice], { trustAnchors: [mallory] }),
    ).rejects.toMatchObject({ code: 'ERR_PKI_REFUSED_ANCHOR' })
    await expect(encryptMessage(message, [alice])).rejects.toMatchObject({
      code: 'ERR_SMIME_UNTRUSTED_RECIPIENT',
    })
    const allowed = await encryptMessage(message, [alice], { allowUntrusted: true })
    expect(dec(allowed)).toContain('smime.p7m')
  })

  it('refuses a certificate not for encryption with ERR_SMIME_UNSUITABLE_RECIPIENT', async () => {
    await expect(
      encryptMessage(message, [Certificate.from(testPki.carol)], trust),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_UNSUITABLE_RECIPIENT' })
    await expect(
      encryptMessage(message, [Certificate.from(testPki.alice)], {
        ...trust,
        at: new Date('2040-01-01T00:00:00Z'),
      }),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_UNSUITABLE_RECIPIENT' })
  })

  it('rejects no recipients with ERR_SMIME_INVALID_INPUT', async () => {
    await expect(encryptMessage(message, [], trust)).rejects.toMatchObject({
      code: 'ERR_SMIME_INVALID_INPUT',
    })
  })
})

describe('decryptMessage refuses safely', () => {
  it('lists the recipients in ERR_SMIME_NOT_A_RECIPIENT', async () => {
    const encrypted = await encryptMessage(message, [Certificate.from(testPki.alice)], trust)
    const error = await decryptMessage(encrypted, await identity('bob')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NotARecipientError)
    expect((error as NotARecipientError).code).toBe('ERR_SMIME_NOT_A_RECIPIENT')
    expect((error as NotARecipientError).recipients).toEqual([
      {
        kind: 'issuerAndSerialNumber',
        issuer: expect.stringContaining('CN=') as string,
        serialNumber: Certificate.from(testPki.alice).serialNumber,
      },
    ])
  })

  it('says ERR_SMIME_NOT_ENCRYPTED for a plain message', async () => {
    await expect(decryptMessage(message, await identity('alice'))).rejects.toMatchObject({
      code: 'ERR_SMIME_NOT_ENCRYPTED',
    })
  })

  it('rejects identities without a key with ERR_SMIME_INVALID_INPUT', async () => {
    await expect(decryptMessage(message, [])).rejects.toMatchObject({
      code: 'ERR_SMIME_INVALID_INPUT',
    })
  })
})
