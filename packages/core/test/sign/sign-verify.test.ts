import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { composeMessage, decodeBody, parseMessage } from '@siegel/mime'
import { Certificate, importPrivateKey } from '@siegel/pki'
import { signMessage, verifyMessage } from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'

const root = Certificate.from(testPki.root)
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)

async function alice() {
  return {
    certificate: testPki.alice,
    privateKey: await importPrivateKey(testPki.aliceKey),
    chain: [testPki.intermediate],
  }
}

const message = composeMessage({
  from: { name: 'Alice Example', address: 'alice@example.org' },
  to: 'bob@example.org',
  subject: 'Unterlagen',
  text: 'Sehr geehrte Damen und Herren,\nanbei die Unterlagen.\n',
})

describe('signMessage → verifyMessage', () => {
  it('round-trips: valid signature, trusted chain, sender bound', async () => {
    const signed = await signMessage(message, await alice())
    const result = await verifyMessage(signed, { trustAnchors: [root] })
    expect(result.status).toBe('valid')
    expect(result.signers).toHaveLength(1)
    const [signer] = result.signers
    expect(signer!.signature).toEqual({ valid: true })
    expect(signer!.certificate?.subject).toBe('CN=Alice Example,O=Siegel Test,C=DE')
    expect(signer!.chain?.trusted).toBe(true)
    expect(signer!.sender).toEqual({
      matches: true,
      claimed: ['alice@example.org'],
      certificateAddresses: ['alice@example.org'],
    })
    expect(signer!.digestAlgorithm).toBe('SHA-256')
    expect(signer!.signingTime).toBeInstanceOf(Date)
    expect(result.coverage).toMatchObject({
      form: 'detached',
      coversEntireMessage: true,
      warnings: [],
    })
    expect(result.coverage.unsignedHeaders).toContain('Subject')
  })

  it('writes RFC 8551 multipart/signed with the outer headers kept outside', async () => {
    const signed = await signMessage(message, await alice())
    const parsed = parseMessage(signed)
    expect(parsed.problems).toEqual([])
    expect(parsed.contentType).toMatchObject({
      mediaType: 'multipart/signed',
      parameters: { protocol: 'application/pkcs7-signature', micalg: 'sha-256' },
    })
    expect(parsed.headers.map((h) => h.name)).toEqual([
      'Date',
      'From',
      'To',
      'Subject',
      'Message-ID',
      'MIME-Version',
      'Content-Type',
    ])
    expect(dec(parsed.children[0]!.raw)).toMatch(
      /^Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n/,
    )
    expect(parsed.children[1]!.contentType.mediaType).toBe('application/pkcs7-signature')
    expect(signed.every((b) => b < 0x80)).toBe(true)
  })

  it('reports a changed body as invalid with ERR_SMIME_DIGEST_MISMATCH', async () => {
    const signed = dec(await signMessage(message, await alice()))
    const tampered = signed.replace('anbei die Unterlagen', 'anbei die Rechnung!!')
    expect(tampered).not.toBe(signed)
    const result = await verifyMessage(tampered, { trustAnchors: [root] })
    expect(result.status).toBe('invalid')
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_DIGEST_MISMATCH',
    })
  })

  it('reports an untrusted chain when no anchor is given', async () => {
    const result = await verifyMessage(await signMessage(message, await alice()))
    expect(result.status).toBe('untrusted')
    expect(result.signers[0]!.signature.valid).toBe(true)
    expect(result.signers[0]!.chain).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_UNKNOWN_ISSUER' },
    })
  })

  it('reports a From address the certificate does not carry as sender-mismatch', async () => {
    const forged = dec(await signMessage(message, await alice())).replace(
      'From: Alice Example <alice@example.org>',
      'From: Chef <chef@example.org>',
    )
    const result = await verifyMessage(forged, { trustAnchors: [root] })
    expect(result.status).toBe('sender-mismatch')
    expect(result.signers[0]!.signature.valid).toBe(true)
    expect(result.signers[0]!.sender).toMatchObject({
      matches: false,
      claimed: ['chef@example.org'],
    })
  })

  it('signs with an EC P-256 key (ECDSA with SHA-256)', async () => {
    const bobMessage = composeMessage({
      from: 'bob@example.org',
      to: 'alice@example.org',
      text: 'Hallo',
    })
    const signed = await signMessage(bobMessage, {
      certificate: testPki.bob,
      privateKey: await importPrivateKey(testPki.bobKey),
      chain: [testPki.intermediate],
    })
    const result = await verifyMessage(signed, { trustAnchors: [root] })
    expect(result.status).toBe('valid')
  })

  it.each([
    ['Ed25519', 'carol', {}],
    ['RSA-PSS', 'alice', { rsaScheme: 'pss' }],
    ['ECDSA P-384', 'dave', {}],
  ] as const)('round-trips with %s', async (_, user, keyOptions) => {
    const from = `${user}@example.org`
    const signed = await signMessage(composeMessage({ from, to: 'x@example.org', text: 'Hallo' }), {
      certificate: testPki[user],
      privateKey: await importPrivateKey(testPki[`${user}Key`], keyOptions),
      chain: [testPki.intermediate],
    })
    const result = await verifyMessage(signed, { trustAnchors: [root] })
    expect(result.status).toBe('valid')
    const tampered = dec(signed).replace('Hallo', 'Hallo!')
    expect((await verifyMessage(tampered, { trustAnchors: [root] })).status).toBe('invalid')
  })

  it('canonicalises LF line endings and 8-bit text before signing', async () => {
    const raw = enc(
      'From: alice@example.org\nSubject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nGrüße\n',
    )
    const signed = await signMessage(raw, await alice())
    expect(signed.every((b) => b < 0x80)).toBe(true)
    const text = dec(signed)
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
    expect(text).toContain('Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n')
    expect((await verifyMessage(signed, { trustAnchors: [root] })).status).toBe('valid')
  })

  it('re-encodes any 8-bit or NUL byte, wherever it sits, and the result verifies', async () => {
    const signerInfo = await alice()
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(63),
        async (body, at) => {
          const bytes = new Uint8Array(body)
          bytes[at % bytes.length] = at % 2 === 0 ? 0 : 0xe4
          const head = enc(
            'From: alice@example.org\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n',
          )
          const signed = await signMessage(new Uint8Array([...head, ...bytes]), signerInfo)
          expect(signed.every((b) => b > 0 && b < 0x80)).toBe(true)
          const result = await verifyMessage(signed, { trustAnchors: [root] })
          expect(result.status).toBe('valid')
          expect(decodeBody(result.coverage.signedPart)).toEqual(bytes)
        },
      ),
      { numRuns: 25 },
    )
  })

  it('canonicalises any mix of CR, LF and CRLF in 7-bit text, and the result verifies', async () => {
    const signerInfo = await alice()
    const line = fc.stringMatching(/^[ -~]{0,40}$/)
    const breakChar = fc.constantFrom('\r', '\n', '\r\n')
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(line, breakChar), { minLength: 1, maxLength: 12 }),
        async (pieces) => {
          const text = pieces.map(([l, b]) => l + b).join('')
          const signed = await signMessage(
            enc(`From: alice@example.org\r\nContent-Type: text/plain\r\n\r\n${text}`),
            signerInfo,
          )
          const result = await verifyMessage(signed, { trustAnchors: [root] })
          expect(result.status).toBe('valid')
          const body = dec(result.coverage.signedPart.body)
          expect(body.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
          expect(body).toBe(text.replace(/\r\n|\r|\n/g, '\r\n'))
        },
      ),
      { numRuns: 40 },
    )
  })

  it('validates at the signingTime only when asked, and says so', async () => {
    const signingTime = new Date(Certificate.from(testPki.alice).notBefore.getTime() + 86_400_000)
    const signed = await signMessage(message, await alice(), { signingTime })
    const later = new Date(Certificate.from(testPki.alice).notAfter.getTime() + 86_400_000)
    const byDefault = await verifyMessage(signed, { trustAnchors: [root], at: later })
    expect(byDefault.signers[0]!).toMatchObject({
      validatedAt: later,
      validationTimeSource: 'option',
    })
    expect(byDefault.status).toBe('untrusted')
    const asked = await verifyMessage(signed, {
      trustAnchors: [root],
      at: later,
      useSigningTime: true,
    })
    expect(asked.signers[0]!).toMatchObject({
      validatedAt: signingTime,
      validationTimeSource: 'signingTime',
      signingTime,
    })
    expect(asked.status).toBe('valid')
  })

  it('validates at the given time, not at the signing time', async () => {
    const signed = await signMessage(message, await alice())
    const expired = new Date(Certificate.from(testPki.alice).notAfter.getTime() + 86_400_000)
    const result = await verifyMessage(signed, { trustAnchors: [root], at: expired })
    expect(result.status).toBe('untrusted')
    expect(result.signers[0]!.validatedAt).toEqual(expired)
    expect(result.signers[0]!.chain).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_EXPIRED' },
    })
  })
})
