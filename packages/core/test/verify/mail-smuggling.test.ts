import { describe, expect, it } from 'vitest'
import { composeMessage } from '@siegel/mime'
import {
  Certificate,
  generateKeyPair,
  importPrivateKey,
  issueCertificate,
  type PrivateKey,
} from '@siegel/pki'
import { signMessage, verifyMessage, type Signer, type VerifyOptions } from '@siegel/core'
import { signer } from '../helpers.js'
import { testPki } from '../fixtures/test-pki.js'
import smuggling from '../fixtures/mail-smuggling.js'

type From = string | { name: string; address: string }

// RFC 6532 headers, so that internationalized and look-alike addresses reach the verifier as is.
const mail = (from: From): Uint8Array =>
  composeMessage(
    { from, to: 'staff@example.org', subject: 'Transfer', text: 'Pay it today.\n' },
    { utf8Headers: true },
  )

/** Signs `From: from` with `user` and verifies it; returns status, sender binding and chain. */
async function verdict(
  from: From,
  user: Signer,
  options: VerifyOptions,
): Promise<[string, boolean, string | undefined]> {
  const result = await verifyMessage(await signMessage(mail(from), user), {
    bundledAnchors: false,
    ...options,
  })
  const s = result.signers[0]!
  return [result.status, s.sender.matches, s.chain?.trusted ? 'trusted' : s.chain?.reason.code]
}

describe('verifyMessage: addresses smuggled past rfc822Name name constraints', () => {
  // A CA constrained to example.org and .example.org (packages/pki/test/adversarial-mail).
  const trustAnchors = [Certificate.from(smuggling.root)]
  const chain = [smuggling.ca]

  it.each([
    ['an SmtpUTF8Mailbox', 'utf8-only-evil'],
    ['a subject emailAddress without SAN', 'dn-email-outside-no-san'],
  ] as const)('is not valid for From: ceo@evil.com carried in %s', async (_, name) => {
    const user = {
      certificate: smuggling[name],
      privateKey: await importPrivateKey(smuggling[`${name}.key`]),
      chain,
    }
    // The certificate does bind the address; only the CA's constraint stops it.
    expect(await verdict({ name: 'CEO', address: 'ceo@evil.com' }, user, { trustAnchors })).toEqual(
      ['untrusted', true, 'ERR_PKI_NAME_CONSTRAINT'],
    )
  })
})

describe('verifyMessage: case and Unicode games on the sender', () => {
  const trustAnchors = [Certificate.from(testPki.root)]

  it.each([
    ['alice@example.org', 'valid'],
    ['alice@EXAMPLE.ORG', 'valid'],
    ['alice@example.org.', 'valid'],
    ['Alice@example.org', 'sender-mismatch'],
    ['ALICE@example.org', 'sender-mismatch'],
    ['alice@ｅxample.org', 'sender-mismatch'],
    ['alice@exаmple.org', 'sender-mismatch'], // Cyrillic а
    ['аlice@example.org', 'sender-mismatch'], // Cyrillic а
    ['alice\u200b@example.org', 'sender-mismatch'],
    [{ name: 'alice@example.org', address: 'mallory@example.org' }, 'sender-mismatch'],
    [{ name: 'ceo＠example.org', address: 'alice@example.org' }, 'sender-mismatch'],
    [{ name: 'ceo@example．org', address: 'alice@example.org' }, 'sender-mismatch'],
    [{ name: 'Alice Example', address: 'alice@example.org' }, 'valid'],
  ] as [From, string][])(
    'From: %o is %s for a certificate of alice@example.org',
    async (from, status) => {
      const [got] = await verdict(from, await signer('alice'), { trustAnchors })
      expect(got).toBe(status)
    },
  )

  it('lets local parts differ in ASCII case only when asked to', async () => {
    const alice = await signer('alice')
    const senderMatching = { localPart: 'ascii-case-insensitive' } as const
    expect(await verdict('ALICE@Example.org', alice, { trustAnchors, senderMatching })).toEqual([
      'valid',
      true,
      'trusted',
    ])
    const [fullwidth] = await verdict('ａlice@example.org', alice, { trustAnchors, senderMatching })
    expect(fullwidth).toBe('sender-mismatch')
  })
})

describe('verifyMessage: internationalized addresses (RFC 9598)', () => {
  async function idnPki(): Promise<{ root: Certificate; user: Signer }> {
    const rootPair = await generateKeyPair({ algorithm: 'P-256' })
    const userPair = await generateKeyPair({ algorithm: 'P-256' })
    const root = await issueCertificate({
      profile: 'ca',
      subject: { commonName: 'IDN Root' },
      publicKeyInfo: rootPair.publicKeyInfo,
      issuerKey: rootPair.privateKey,
    })
    const certificate = await issueCertificate({
      profile: 'smime',
      subject: { commonName: 'Jörg' },
      emails: ['jörg@bücher.example'],
      publicKeyInfo: userPair.publicKeyInfo,
      issuerKey: rootPair.privateKey,
      issuerCertificate: root,
    })
    return { root, user: { certificate, privateKey: await cryptoKey(userPair.privateKey) } }
  }

  it('binds U-label and A-label spellings of the domain, nothing else', async () => {
    const { root, user } = await idnPki()
    const options = { trustAnchors: [root] }
    expect(user.certificate).toBeInstanceOf(Certificate)
    expect((user.certificate as Certificate).subjectAltNames).toEqual([
      { type: 'smtpUtf8Mailbox', value: 'jörg@bücher.example' },
    ])
    for (const from of ['jörg@bücher.example', 'jörg@xn--bcher-kva.example'])
      expect((await verdict(from, user, options))[0]).toBe('valid')
    for (const from of ['Jörg@bücher.example', 'jörg@bucher.example', 'jorg@bücher.example'])
      expect((await verdict(from, user, options))[0]).toBe('sender-mismatch')
  })
})

async function cryptoKey(key: PrivateKey): Promise<CryptoKey> {
  return key.toCryptoKey()
}
