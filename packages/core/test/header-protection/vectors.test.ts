import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import {
  loadIdentity,
  openMessage,
  type OpenedMessage,
  type VerificationResult,
} from '@siegel/core'
import { hpFile, hpPemBytes } from '../fixtures/header-protection.js'

// Inside every certificate's lifetime (2019-11-20 to 2052-09-27).
const at = new Date('2025-01-01T00:00:00Z')
const lampsCa = Certificate.from(hpFile('ca.rsa.crt'))
const draftCa = Certificate.from(hpFile('sample-ca.pem'))
const bob = await loadIdentity({
  certificate: hpFile('bob.encrypt.crt'),
  privateKey: hpFile('bob.decrypt.key'),
})
const draftBob = await loadIdentity({ pkcs12: hpPemBytes('bob.p12'), password: 'bob' })

const open = (name: string, anchor = lampsCa, identity = bob): Promise<OpenedMessage> =>
  openMessage(hpFile(name), { trustAnchors: [anchor], identities: [identity], at })

const signature = (opened: OpenedMessage): VerificationResult => {
  const layer = opened.layers.find((l) => l.kind === 'signed')
  if (layer?.kind !== 'signed') throw new Error('expected a signed layer')
  return layer.verification
}

const shown = (opened: OpenedMessage): Record<string, string> =>
  Object.fromEntries(opened.headers.shown.map((f) => [f.name.toLowerCase(), f.value]))

describe('LAMPS header protection samples (RFC 9216 keys)', () => {
  it.each([
    ['smime-one-part.eml', 'smime-one-part'],
    ['smime-enc-signed.eml', 'smime-enc-signed'],
  ])(
    '%s carries no protected headers: form none, every field only outside',
    async (name, subject) => {
      const opened = await open(name)
      expect(signature(opened).status).toBe('valid')
      expect(opened.headers.form).toBe('none')
      expect(opened.headers.protectedFields).toEqual([])
      expect(opened.headers.onlyOutside).toEqual(
        expect.arrayContaining(['subject', 'from', 'to', 'date', 'message-id']),
      )
      expect(shown(opened).subject).toBe(subject)
      expect(opened.headers.shown.every((f) => !f.protected)).toBe(true)
    },
  )

  it('smime-one-part-complex-injected: the injected headers of the draft are protected and bound', async () => {
    const opened = await open('smime-one-part-complex-injected.eml')
    const verification = signature(opened)
    expect(verification.status).toBe('valid')
    expect(verification.protectedSender).toEqual({
      claimed: ['alice@smime.example'],
      outer: ['alice@smime.example'],
    })
    expect(opened.headers.form).toBe('draft')
    expect(opened.headers.protectedFields).toEqual([
      'subject',
      'message-id',
      'from',
      'to',
      'date',
      'user-agent',
    ])
    expect(opened.headers.differences).toEqual([])
    expect(opened.headers.onlyOutside).toEqual([])
    expect(shown(opened).subject).toBe('smime-one-part-complex-injected')
    expect(opened.headers.legacyDisplay).toEqual([])
  })

  it('smime-multipart-injected: a detached signature over a protected header section', async () => {
    const opened = await open('smime-multipart-injected.eml')
    const verification = signature(opened)
    expect(verification.status).toBe('valid')
    expect(verification.coverage.form).toBe('detached')
    expect(verification.protectedSender?.claimed).toEqual(['alice@smime.example'])
    expect(opened.headers.form).toBe('draft')
    expect(opened.headers.differences).toEqual([])
    expect(opened.headers.onlyOutside).toEqual([])
    expect(shown(opened).subject).toBe('smime-multipart-injected')
  })

  it('smime-one-part-complex-wrapped: the RFC 8551 wrapping, the wrapped message shown', async () => {
    const opened = await open('smime-one-part-complex-wrapped.eml')
    expect(signature(opened).status).toBe('valid')
    expect(signature(opened).protectedSender?.claimed).toEqual(['alice@smime.example'])
    expect(opened.headers.form).toBe('rfc8551-wrapped')
    expect(opened.headers.content.contentType.mediaType).toBe('multipart/mixed')
    expect(opened.headers.protectedFields).toEqual([
      'subject',
      'message-id',
      'from',
      'to',
      'date',
      'user-agent',
    ])
    expect(opened.headers.differences).toEqual([])
    expect(shown(opened).subject).toBe('smime-one-part-complex-wrapped')
  })
})

describe('LAMPS header protection sample, signed and encrypted (RFC 9216 keys)', () => {
  it('smime-enc-signed-injected-strong-legacy: HP-Obscured/HP-Removed read, Legacy Display removed', async () => {
    const opened = await open('smime-enc-signed-injected-strong-legacy.eml')
    expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted', 'signed'])
    expect(signature(opened).status).toBe('valid')
    expect(opened.summary).toBe(
      'Encrypted (AES-128-CBC) · Signed by alice@smime.example · trusted via Sample LAMPS RSA Certification Authority',
    )
    expect(opened.headers.form).toBe('draft')
    expect(shown(opened).subject).toBe('smime-enc-signed-injected-strong-legacy')
    expect(opened.headers.protectedFields).toEqual([
      'subject',
      'message-id',
      'from',
      'to',
      'date',
      'user-agent',
    ])
    expect(opened.headers.differences).toEqual([
      {
        kind: 'obscured',
        name: 'subject',
        outer: ['[...]'],
        protected: ['smime-enc-signed-injected-strong-legacy'],
      },
      {
        kind: 'obscured',
        name: 'message-id',
        outer: ['<fdccb76a-49ed-50c5-9030-e4aeb83d7f04@lhp.example>'],
        protected: ['<smime-enc-signed-injected-strong-legacy@lhp.example>'],
      },
      {
        kind: 'removed',
        name: 'user-agent',
        outer: [],
        protected: ['Sample MUA Version 1.0'],
      },
    ])
    const [legacy] = opened.headers.legacyDisplay
    expect(legacy?.removed).toBe(true)
    expect(legacy?.element).toBe('Subject: smime-enc-signed-injected-strong-legacy\r\n\r\n')
    expect(
      legacy?.text.startsWith('This is the smime-enc-signed-injected-strong-legacy message.'),
    ).toBe(true)
  })
})

describe('LAMPS wrapped sample, signed and encrypted (RFC 9216 keys)', () => {
  it('smime-enc-signed-wrapped-strong: the wrapped message, obscured and removed fields', async () => {
    const opened = await open('smime-enc-signed-wrapped-strong.eml')
    expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted', 'signed'])
    expect(signature(opened).status).toBe('valid')
    expect(opened.headers.form).toBe('rfc8551-wrapped')
    expect(shown(opened).subject).toBe('smime-enc-signed-wrapped-strong')
    expect(opened.headers.differences.map((d) => [d.kind, d.name])).toEqual([
      ['obscured', 'subject'],
      ['obscured', 'message-id'],
      ['removed', 'user-agent'],
    ])
    expect(opened.headers.content.text).toContain(
      'This is the smime-enc-signed-wrapped-strong message.',
    )
  })
})

describe('protected-headers draft samples (draft-era keys)', () => {
  it.each([
    ['draft-smime-onepart-signed.eml', 'The FooCorp contract'],
    ['draft-smime-multipart-signed.eml', 'The FooCorp contract'],
  ])('%s: signed, the protected Subject is shown', async (name, subject) => {
    const opened = await open(name, draftCa, draftBob)
    expect(signature(opened).status).toBe('valid')
    expect(opened.headers.form).toBe('draft')
    expect(shown(opened).subject).toBe(subject)
    expect(opened.headers.differences.filter((d) => d.kind === 'altered')).toEqual([])
  })

  it.each([
    ['draft-smime-sign+enc.eml', true, false],
    ['draft-smime-sign+enc+legacy-disp.eml', true, true],
    ['draft-smime-enc+legacy-disp.eml', false, true],
  ])(
    '%s: the obscured outer Subject gives way to the protected one',
    async (name, signed, legacy) => {
      const opened = await open(name, draftCa, draftBob)
      expect(opened.layers[0]?.kind).toBe('encrypted')
      if (signed) expect(signature(opened).status).toBe('valid')
      expect(opened.headers.form).toBe('draft')
      expect(shown(opened).subject).toBe("BarCorp contract signed, let's go!")
      // The drafts wrote no record of the outer fields; their placeholder Subject `...` can only
      // be the sender's.
      expect(opened.headers.differences.find((d) => d.name === 'subject')).toEqual({
        kind: 'obscured',
        name: 'subject',
        outer: ['...'],
        protected: ["BarCorp contract signed, let's go!"],
      })
      expect(opened.summary).not.toContain('changed outside')
      expect(opened.headers.legacyDisplay.map((l) => [l.form, l.removed])).toEqual(
        legacy ? [['draft', true]] : [],
      )
    },
  )
})
