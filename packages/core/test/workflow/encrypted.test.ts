import { describe, expect, it } from 'vitest'
import { CertificateDirectory, Certificate } from '@siegel/pki'
import {
  encryptMessage,
  IdentityRequiredError,
  listRecipients,
  loadIdentity,
  NotARecipientError,
  openMessage,
  protectMessage,
} from '@siegel/core'
import { composeMessage } from '@siegel/mime'
import { kekMessages, passwordMessages } from '../fixtures/kek-password.js'
import { testPki } from '../fixtures/test-pki.js'
import { root } from '../helpers.js'

const alice = await loadIdentity({
  certificate: testPki.alice,
  privateKey: testPki.aliceKey,
  chain: [testPki.intermediate],
})
const bob = await loadIdentity({
  certificate: testPki.bob,
  privateKey: testPki.bobKey,
  chain: [testPki.intermediate],
})
const intermediate = Certificate.from(testPki.intermediate)
const spec = {
  from: 'alice@example.org',
  to: 'bob@example.org',
  subject: 'Vertraulich',
  text: 'Nur für Bob.\n',
}

describe('protectMessage and openMessage with encryption', () => {
  it('signs, then encrypts to a recipient found by address in the address book, and to self', async () => {
    const directory = await CertificateDirectory.open()
    await directory.add(bob.certificate)
    const eml = await protectMessage(spec, {
      signWith: alice,
      encryptFor: ['bob@example.org'],
      directory,
      trustAnchors: [root],
      intermediates: [intermediate],
    })
    for (const reader of [bob, alice]) {
      const opened = await openMessage(eml, { identities: [reader], trustAnchors: [root] })
      expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted', 'signed'])
      expect(opened.summary).toMatch(
        /^Encrypted \(AES-\d+-(GCM|CBC)\) · Signed by alice@example.org · trusted via Siegel Test Root CA$/,
      )
      expect(new TextDecoder().decode(opened.message.raw)).toContain('Nur f=C3=BCr Bob.')
    }
  })

  it('marks CBC content without an inner signature as NOT authenticated (EFAIL)', async () => {
    const eml = await encryptMessage(composeMessage(spec), [bob.certificate], {
      contentEncryption: 'AES-256-CBC',
      trustAnchors: [root],
      intermediates: [intermediate],
    })
    const opened = await openMessage(eml, { identities: [bob] })
    expect(opened.layers).toEqual([
      expect.objectContaining({
        kind: 'encrypted',
        contentEncryption: 'AES-256-CBC',
        authenticated: false,
      }),
    ])
    expect(opened.summary).toBe('Encrypted (AES-256-CBC, NOT authenticated)')
  })

  it('counts CBC content as authenticated when a valid signature inside covers it', async () => {
    const signed = await protectMessage(spec, { signWith: alice })
    const eml = await encryptMessage(signed, [bob.certificate], {
      contentEncryption: 'AES-256-CBC',
      trustAnchors: [root],
      intermediates: [intermediate],
    })
    const opened = await openMessage(eml, { identities: [bob], trustAnchors: [root] })
    expect(opened.layers[0]).toMatchObject({ kind: 'encrypted', authenticated: true })
  })

  it('refuses an address without a certificate with ERR_SMIME_UNKNOWN_RECIPIENT', async () => {
    const directory = await CertificateDirectory.open()
    await expect(
      protectMessage(spec, { signWith: alice, encryptFor: ['nobody@example.org'], directory }),
    ).rejects.toMatchObject({
      code: 'ERR_SMIME_UNKNOWN_RECIPIENT',
    })
  })

  it('asks for identities when the message is encrypted', async () => {
    const eml = await protectMessage(spec, {
      encryptFor: [bob.certificate],
      trustAnchors: [root],
      intermediates: [intermediate],
    })
    const error = await openMessage(eml).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IdentityRequiredError)
    expect(error).toMatchObject({ code: 'ERR_SMIME_IDENTITY_REQUIRED' })
    expect((error as IdentityRequiredError).recipients).toEqual(listRecipients(eml))
    expect(listRecipients(eml)).toEqual([
      {
        kind: 'issuerAndSerialNumber',
        issuer: 'C=DE, O=Siegel Test, CN=Siegel Test Issuing CA',
        serialNumber: bob.certificate.serialNumber,
      },
    ])
  })

  it('lists the recipients of openssl-made mail to a password and to a shared key', () => {
    const [password] = passwordMessages
    const [kek] = kekMessages
    expect(listRecipients(password!.eml)).toEqual([{ kind: 'password' }])
    expect(listRecipients(kek!.eml)).toEqual([{ kind: 'kek', keyIdentifier: 'c0fee0' }])
    expect(() => listRecipients(composeMessage(spec))).toThrow(
      expect.objectContaining({ code: 'ERR_SMIME_NOT_ENCRYPTED' }),
    )
  })

  it('names a sender who is also a recipient once', async () => {
    const eml = await protectMessage(spec, {
      signWith: alice,
      encryptFor: [alice.certificate, bob.certificate],
      trustAnchors: [root],
      intermediates: [intermediate],
    })
    const dave = await loadIdentity({ certificate: testPki.dave, privateKey: testPki.daveKey })
    const refused = await openMessage(eml, { identities: [dave] }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(NotARecipientError)
    const serials = (refused as NotARecipientError).recipients.map((r) =>
      r.kind === 'issuerAndSerialNumber' ? r.serialNumber : r.kind,
    )
    expect(serials.sort()).toEqual(
      [alice.certificate.serialNumber, bob.certificate.serialNumber].sort(),
    )
  })

  it('checks recipients against the bundled anchors too, unless told not to', async () => {
    const untrusted = { encryptFor: [bob.certificate], intermediates: [intermediate] }
    // The test root is not bundled: with the bundled anchors alone, Bob's chain is checked and fails.
    await expect(protectMessage(spec, untrusted)).rejects.toThrow(/is not trusted: /)
    await expect(protectMessage(spec, { ...untrusted, bundledAnchors: false })).rejects.toThrow(
      /no trust anchors given/,
    )
  })

  it('takes the cipher and RSA padding the caller chose', async () => {
    const eml = await protectMessage(spec, {
      encryptFor: [alice.certificate],
      contentEncryption: 'AES-128-CBC',
      rsaPadding: 'oaep-sha256',
      trustAnchors: [root],
      intermediates: [intermediate],
    })
    const opened = await openMessage(eml, { identities: [alice] })
    expect(opened.layers[0]).toMatchObject({
      kind: 'encrypted',
      contentEncryption: 'AES-128-CBC',
      keyEncryption: '1.2.840.113549.1.1.7',
    })
  })

  it('encrypts by address with the CAs the address book learnt from signed mail', async () => {
    const directory = await CertificateDirectory.open()
    const fromAlice = await protectMessage(
      { ...spec, from: 'alice@example.org' },
      { signWith: alice },
    )
    await openMessage(fromAlice, { trustAnchors: [root], directory })
    expect(directory.lookup('alice@example.org')[0]!.intermediates).toHaveLength(1)
    // No intermediates given: the learnt ones complete Alice's path.
    const eml = await protectMessage(
      { ...spec, from: 'bob@example.org', to: 'alice@example.org' },
      { signWith: bob, encryptFor: ['alice@example.org'], directory, trustAnchors: [root] },
    )
    const opened = await openMessage(eml, { identities: [alice], trustAnchors: [root] })
    expect(opened.summary).toMatch(/^Encrypted \(AES-256-GCM\) · Signed by bob@example.org/)
  })

  it('signs, then encrypts to an agreed password and to self', async () => {
    const eml = await protectMessage(spec, {
      signWith: alice,
      passwordRecipients: [{ password: 'am Telefon vereinbart' }],
      trustAnchors: [root],
    })
    const byPassword = await openMessage(eml, {
      identities: [{ password: 'am Telefon vereinbart' }],
      trustAnchors: [root],
    })
    expect(byPassword.layers.map((l) => l.kind)).toEqual(['encrypted', 'signed'])
    expect(byPassword.summary).toMatch(/^Encrypted \(AES-256-GCM\) · Signed by alice@example.org/)
    const bySender = await openMessage(eml, { identities: [alice], trustAnchors: [root] })
    expect(bySender.layers.map((l) => l.kind)).toEqual(['encrypted', 'signed'])
    await expect(
      openMessage(eml, { identities: [{ password: 'falsch' }], trustAnchors: [root] }),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_DECRYPTION_FAILED' })
  })
})
