import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import {
  MESSAGES_DE,
  loadIdentity,
  openMessage,
  verifyMessage,
  type OpenedMessage,
  type VerificationResult,
} from '@siegel/core'
import { hpFile } from '../fixtures/header-protection.js'
import { wrapSigned } from '../helpers.js'

// Inside every certificate's lifetime (2019-11-20 to 2052-09-27); the RFC 9216 CA is the anchor.
const at = new Date('2025-01-01T00:00:00Z')
const ca = Certificate.from(hpFile('ca.rsa.crt'))
const bob = await loadIdentity({
  certificate: hpFile('bob.encrypt.crt'),
  privateKey: hpFile('bob.decrypt.key'),
})
const open = (name: string, messages?: typeof MESSAGES_DE): Promise<OpenedMessage> =>
  openMessage(hpFile(name), {
    trustAnchors: [ca],
    identities: [bob],
    at,
    ...(messages ? { messages } : {}),
  })

const signature = (opened: OpenedMessage): VerificationResult => {
  const layer = opened.layers.find((l) => l.kind === 'signed')
  if (layer?.kind !== 'signed') throw new Error('expected a signed layer')
  return layer.verification
}
const shown = (opened: OpenedMessage): Record<string, string> =>
  Object.fromEntries(opened.headers.shown.map((f) => [f.name.toLowerCase(), f.value]))
const TRUSTED = 'trusted via Sample LAMPS RSA Certification Authority'
const FIELDS = ['date', 'from', 'to', 'subject', 'message-id']

describe('RFC 9788 messages (openssl cms, RFC 9216 keys)', () => {
  it('signed with hp="clear": every field protected, the signer bound to the protected From', async () => {
    const opened = await open('rfc9788-signed.eml')
    expect(signature(opened).status).toBe('valid')
    expect(signature(opened).protectedSender).toEqual({
      claimed: ['alice@smime.example'],
      outer: ['alice@smime.example'],
    })
    expect(opened.headers).toMatchObject({
      form: 'rfc9788',
      hp: 'clear',
      protectedFields: FIELDS,
      onlyOutside: [],
      differences: [],
      exposed: undefined,
      legacyDisplay: [],
    })
    expect(opened.headers.shown.every((f) => f.protected)).toBe(true)
    expect(shown(opened).subject).toBe('The FooCorp contract')
    expect(opened.summary).toBe(`Signed by alice@smime.example · ${TRUSTED}`)
  })

  it('signed and encrypted with hp="cipher": the obscured Subject gives way, Legacy Display removed', async () => {
    const opened = await open('rfc9788-enc-signed.eml')
    expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted', 'signed'])
    expect(signature(opened).status).toBe('valid')
    expect(opened.headers.form).toBe('rfc9788')
    expect(opened.headers.hp).toBe('cipher')
    expect(shown(opened).subject).toBe('Dinner plans')
    // HP-Outer says the sender put `[...]` outside: its policy, not a change on the way.
    expect(opened.headers.differences).toEqual([
      { kind: 'obscured', name: 'subject', outer: ['[...]'], protected: ['Dinner plans'] },
    ])
    expect(opened.headers.exposed).toContainEqual({ name: 'Subject', value: '[...]' })
    expect(opened.headers.exposed).toHaveLength(5)
    expect(opened.headers.shown.some((f) => f.name.toLowerCase() === 'hp-outer')).toBe(false)
    const [plain, html] = opened.headers.legacyDisplay
    expect(plain).toMatchObject({ form: 'rfc9788', removed: true, mismatched: [] })
    expect(plain?.text).toBe('Let us meet at Rama at 8pm.')
    expect(html?.removed).toBe(true)
    expect(html?.text).not.toContain('Subject:')
    expect(html?.text).toContain('<p>Let us meet at Rama at 8pm.</p>')
    expect(opened.summary).toBe(
      `Encrypted (AES-256-CBC) · Signed by alice@smime.example · ${TRUSTED}`,
    )
  })

  it('encrypted only with hp="cipher": protected fields shown, no signer to bind', async () => {
    const opened = await open('rfc9788-enc.eml')
    expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted'])
    expect(shown(opened).subject).toBe('Quarterly figures')
    expect(opened.headers.differences.map((d) => d.kind)).toEqual(['obscured'])
  })

  it('RFC 8551 §3.1 message/rfc822 wrapping: the wrapped message is the content', async () => {
    const opened = await open('rfc8551-wrapped.eml')
    expect(signature(opened).status).toBe('valid')
    expect(opened.headers.form).toBe('rfc8551-wrapped')
    expect(opened.headers.content.text).toBe('The contract is signed.\r\n')
    expect(shown(opened).subject).toBe('Wrapped contract')
    expect(opened.headers.protectedFields).toEqual(FIELDS)
  })

  it('verifyMessage binds the signer to the protected From too', async () => {
    const result = await verifyMessage(hpFile('rfc9788-signed.eml'), { trustAnchors: [ca], at })
    expect(result.status).toBe('valid')
    expect(result.protectedSender?.claimed).toEqual(['alice@smime.example'])
  })
})

describe('tampering', () => {
  it('an outer Subject changed after signing is a finding; the protected one is shown', async () => {
    const opened = await open('rfc9788-signed-subject-altered.eml')
    expect(signature(opened).status).toBe('valid')
    expect(shown(opened).subject).toBe('The FooCorp contract')
    expect(opened.headers.differences).toEqual([
      {
        kind: 'altered',
        name: 'subject',
        outer: ['The FooCorp contract is extended'],
        protected: ['The FooCorp contract'],
      },
    ])
    expect(opened.summary).toBe(
      `Signed by alice@smime.example · ${TRUSTED} · Header fields changed outside the protection: subject`,
    )
    expect(signature(opened).coverage.warnings.map((w) => w.code)).toContain('HEADER_MISMATCH')
    const de = await open('rfc9788-signed-subject-altered.eml', MESSAGES_DE)
    expect(de.summary).toContain('Außerhalb des Schutzes geänderte Kopfzeilen: subject')
  })

  it('an outer Subject changed after encryption is altered, not obscured (HP-Outer disagrees)', async () => {
    const opened = await open('rfc9788-enc-subject-altered.eml')
    expect(opened.headers.differences).toEqual([
      {
        kind: 'altered',
        name: 'subject',
        outer: ['Invoice overdue'],
        protected: ['Quarterly figures'],
      },
    ])
    expect(shown(opened).subject).toBe('Quarterly figures')
    expect(opened.summary).toContain('Header fields changed outside the protection: subject')
  })

  it('a protected From other than the outer From is ERR_SMIME_OUTER_SENDER_MISMATCH, never valid', async () => {
    const opened = await open('rfc9788-signed-from-altered.eml')
    const verification = signature(opened)
    expect(verification.status).toBe('sender-mismatch')
    expect(verification.problems.map((p) => p.code)).toContain('ERR_SMIME_OUTER_SENDER_MISMATCH')
    expect(verification.signers[0]?.sender.matches).toBe(true)
    expect(verification.protectedSender).toEqual({
      claimed: ['alice@smime.example'],
      outer: ['mallory@attacker.example'],
    })
    expect(shown(opened).from).toBe('Alice <alice@smime.example>')
    expect(opened.headers.differences.map((d) => [d.kind, d.name])).toEqual([['altered', 'from']])
    expect(opened.summary).toBe(
      `Signed by alice@smime.example · ${TRUSTED} · the From outside (mallory@attacker.example) is NOT the signed From (alice@smime.example) · Header fields changed outside the protection: from`,
    )
    const de = await open('rfc9788-signed-from-altered.eml', MESSAGES_DE)
    expect(de.summary).toContain('der Absender außen (mallory@attacker.example) ist NICHT')
    const alone = await verifyMessage(hpFile('rfc9788-signed-from-altered.eml'), {
      trustAnchors: [ca],
      at,
    })
    expect(alone.status).toBe('sender-mismatch')
    expect(alone.problems.map((p) => p.code)).toContain('ERR_SMIME_OUTER_SENDER_MISMATCH')
  })

  it('a field added outside an encrypted message, not in HP-Outer, is reported as added', async () => {
    const eml = hpFile('rfc9788-enc.eml').replace(
      'Subject: [...]',
      'Subject: [...]\r\nReply-To: payments@attacker.example',
    )
    const opened = await openMessage(eml, { trustAnchors: [ca], identities: [bob], at })
    expect(opened.headers.differences).toContainEqual({
      kind: 'added',
      name: 'reply-to',
      outer: ['payments@attacker.example'],
      protected: [],
    })
    expect(opened.headers.shown).toContainEqual({
      name: 'Reply-To',
      value: 'payments@attacker.example',
      protected: false,
    })
    expect(opened.headers.onlyOutside).toContain('reply-to')
  })

  it('a protected section signed beside unsigned parts protects nothing (MIME wrapping)', async () => {
    const wrapped = wrapSigned(hpFile('rfc9788-signed.eml'), { before: 'Pay the invoice now.' })
    const opened = await openMessage(wrapped, { trustAnchors: [ca], at })
    expect(signature(opened).status).toBe('partially-signed')
    expect(signature(opened).protectedSender).toBeUndefined()
    expect(opened.headers.form).toBe('none')
    expect(opened.headers.shown.every((f) => !f.protected)).toBe(true)
  })

  it('a Legacy Display Element with a line the protected headers lack stays in the text', async () => {
    const opened = await open('rfc9788-legacy-altered.eml')
    expect(signature(opened).status).toBe('valid')
    const [legacy] = opened.headers.legacyDisplay
    expect(legacy?.removed).toBe(false)
    expect(legacy?.mismatched).toEqual(['Reply-To: payments@attacker.example'])
    expect(legacy?.text).toContain('Reply-To: payments@attacker.example')
    expect(legacy?.text).toBe(legacy?.part.text)
    expect(opened.summary).toContain(
      'The header lines at the top of the text do not match the protected headers',
    )
  })
})
