// What protectMessage writes with header protection (RFC 9788), for every Header
// Confidentiality Policy and every kind of protection: the hp parameter, the protected header
// fields, the HP-Outer record, the obscured outer header section and the Legacy Display Element.
import { describe, expect, it } from 'vitest'
import {
  decryptMessage,
  encryptMessage,
  openMessage,
  protectMessage,
  signAndEncryptMessage,
  signMessage,
} from '@siegel/core'
import { parseMessage, type MimePart } from '@siegel/mime'
import { signer, root } from '../helpers.js'
import {
  alice,
  bob,
  compose,
  fieldLines,
  hpOuterLines,
  kinds,
  original,
  payloadOf,
  policies,
  type Kind,
} from './compose-cases.js'

const originalLines = fieldLines(parseMessage(original).headers)
const SUBJECT = 'Bescheid über die Baugenehmigung 4711'

/** The outer header fields each policy leaves for an encrypted message (RFC 9788 §3.2). */
const outerFor = {
  hcp_no_confidentiality: originalLines,
  hcp_baseline: originalLines
    .filter((l) => !/^(Keywords|Comments):/.test(l))
    .map((l) => (l.startsWith('Subject:') ? 'Subject: [...]' : l)),
  hcp_shy: originalLines
    .filter((l) => !/^(Keywords|Comments):/.test(l))
    .map((l) =>
      l.startsWith('Subject:')
        ? 'Subject: [...]'
        : l.startsWith('From:')
          ? 'From: <alice@example.org>'
          : l.startsWith('To:')
            ? 'To: <bob@example.org>'
            : l,
    ),
}

/** The obscured user-facing fields a legacy reader is shown in the body. */
const legacyFor = {
  hcp_no_confidentiality: [],
  hcp_baseline: [`Subject: ${SUBJECT}`],
  hcp_shy: [
    'From: Alice Amtmann <alice@example.org>',
    'To: Bob Bürger <bob@example.org>',
    `Subject: ${SUBJECT}`,
  ],
}

function textParts(payload: MimePart): MimePart[] {
  return payload.contentType.mediaType === 'multipart/alternative' ? payload.children : [payload]
}

describe.each(kinds)('%s', (kind: Kind) => {
  it.each(policies)(
    '%s: protected headers, hp, HP-Outer, outer fields, legacy display',
    async (policy) => {
      const eml = await compose(kind, policy)
      const { outer, payload } = await payloadOf(eml, kind)
      const encrypted = kind !== 'signed'
      // RFC 9788 §2.1.1: the payload's Content-Type says whether it travelled encrypted.
      expect(payload.contentType.parameters['hp']).toBe(encrypted ? 'cipher' : 'clear')
      // §2: every non-structural field, as written, inside the signature or encryption.
      expect(fieldLines(payload.headers)).toEqual(originalLines)
      const shown = fieldLines(outer)
      // §3.2: a signed-only message shows everything; encryption shows what the policy leaves.
      expect(shown).toEqual(encrypted ? outerFor[policy] : originalLines)
      // §2.2: HP-Outer records exactly the outer fields, and only for encrypted messages.
      expect(hpOuterLines(payload.headers)).toEqual(encrypted ? shown : [])
      // §2.1.2, §4.2: a Legacy Display Element exactly where encryption hid a user-facing field.
      const legacy = encrypted ? legacyFor[policy] : []
      for (const part of textParts(payload)) {
        const text = part.text!.replace(/\r\n/g, '\n')
        const flag = part.contentType.parameters['hp-legacy-display']
        if (legacy.length === 0) {
          expect(flag).toBeUndefined()
          expect(text).not.toContain('header-protection-legacy-display')
          expect(text.startsWith('Subject:')).toBe(false)
        } else if (part.contentType.mediaType === 'text/plain') {
          expect(flag).toBe('1')
          expect(text).toBe(
            legacy.join('\n') + '\n\nSehr geehrter Herr Bürger,\nanbei der Bescheid.\n',
          )
        } else {
          expect(flag).toBe('1')
          const pre = legacy.map(
            (l) => `<pre>${l.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</pre>\n`,
          )
          expect(text).toBe(
            '<html><head><title></title></head><body>\n' +
              `<div class="header-protection-legacy-display">\n${pre.join('')}</div>\n` +
              '<p>Sehr geehrter Herr Bürger,</p>\n</body></html>\n',
          )
        }
      }
    },
  )

  it('opens with every layer intact (the signature covers the protected headers)', async () => {
    const eml = await compose(kind, 'hcp_baseline')
    const opened = await openMessage(eml, { identities: [bob], trustAnchors: [root] })
    const expected =
      kind === 'signed'
        ? ['signed']
        : kind === 'encrypted'
          ? ['encrypted']
          : ['encrypted', 'signed']
    expect(opened.layers.map((l) => l.kind)).toEqual(expected)
    if (kind !== 'encrypted')
      expect(opened.summary).toContain('Signed by alice@example.org · trusted via')
    expect(opened.message.headers.find((h) => h.name === 'Subject')?.decoded).toBe(SUBJECT)
  })
})

describe('switches', () => {
  it('writes no Legacy Display Element with legacyDisplay: false', async () => {
    const eml = await compose('encrypted', 'hcp_baseline', {
      headerProtection: { policy: 'hcp_baseline', legacyDisplay: false },
    })
    const { payload } = await payloadOf(eml, 'encrypted')
    expect(hpOuterLines(payload.headers)).toContain('Subject: [...]')
    for (const part of textParts(payload)) {
      expect(part.contentType.parameters['hp-legacy-display']).toBeUndefined()
      expect(part.text).not.toContain(SUBJECT)
    }
  })

  it('composes as before with headerProtection: false', async () => {
    const eml = await compose('signed+encrypted', 'hcp_baseline', { headerProtection: false })
    const { outer, payload } = await payloadOf(eml, 'signed+encrypted')
    expect(fieldLines(outer)).toEqual(originalLines)
    expect(fieldLines(payload.headers)).toEqual([])
    expect(payload.contentType.parameters['hp']).toBeUndefined()
  })

  it('uses hcp_baseline when no policy is named', async () => {
    const eml = await protectMessage(original, {
      encryptFor: [bob.certificate],
      allowUntrusted: true,
    })
    expect(fieldLines(parseMessage(eml).headers)).toEqual(outerFor.hcp_baseline)
  })

  it('leaves compress-only messages alone: header protection needs a signature or encryption', async () => {
    const eml = await protectMessage(original, { compress: true })
    expect(fieldLines(parseMessage(eml).headers)).toEqual(originalLines)
  })

  it('offers the same protection in signMessage and encryptMessage, off by default', async () => {
    const signed = parseMessage(
      await signMessage(original, await signer('alice'), { headerProtection: true }),
    )
    expect(signed.children[0]!.contentType.parameters['hp']).toBe('clear')
    const plain = parseMessage(await signMessage(original, await signer('alice')))
    expect(plain.children[0]!.contentType.parameters['hp']).toBeUndefined()
    const encrypted = await encryptMessage(original, [alice.certificate], {
      headerProtection: { policy: 'hcp_shy' },
      allowUntrusted: true,
    })
    expect(fieldLines(parseMessage(encrypted).headers)).toEqual(outerFor.hcp_shy)
  })

  it('hcp_shy leaves a group, bare addresses and an unreadable Date as written', async () => {
    const raw =
      'From: alice@example.org\r\nTo: undisclosed-recipients:;\r\nDate: sometime soon\r\n' +
      'Subject: Termin\r\nContent-Type: text/plain\r\n\r\nHallo\r\n'
    const eml = await protectMessage(raw, {
      encryptFor: [bob.certificate],
      allowUntrusted: true,
      headerProtection: { policy: 'hcp_shy' },
    })
    expect(fieldLines(parseMessage(eml).headers)).toEqual([
      'From: alice@example.org',
      'To: undisclosed-recipients:;',
      'Date: sometime soon',
      'Subject: [...]',
    ])
    // Only the Subject was hidden, so only the Subject is repeated for legacy readers.
    const { payload } = await payloadOf(eml, 'encrypted')
    expect(payload.text).toBe('Subject: Termin\r\n\r\nHallo\r\n')
  })

  it('copies header fields written in raw UTF-8 (RFC 6532) in 7-bit RFC 2047 form', async () => {
    const raw = new TextEncoder().encode(
      'From: Jörg Müller <joerg@example.org>\r\nTo: bob@example.org\r\nSubject: Großer Anhang\r\n' +
        'Content-Type: text/plain; charset=utf-8\r\n\r\nAnbei.\r\n',
    )
    const eml = await protectMessage(raw, {
      signWith: alice,
      encryptFor: [bob.certificate],
      allowUntrusted: true,
    })
    const { payload } = await payloadOf(eml, 'signed+encrypted')
    expect(payload.raw.every((b) => b < 0x80)).toBe(true)
    const decoded = payload.headers.map((h) => `${h.name}: ${h.decoded}`)
    expect(decoded).toEqual(
      expect.arrayContaining([
        'From: Jörg Müller <joerg@example.org>',
        'Subject: Großer Anhang',
        'HP-Outer: Subject: [...]',
        'HP-Outer: From: Jörg Müller <joerg@example.org>',
      ]),
    )
  })

  it('signAndEncryptMessage puts the protected headers into the signed entity, not around it', async () => {
    const eml = await signAndEncryptMessage(original, await signer('alice'), [bob.certificate], {
      headerProtection: { policy: 'hcp_baseline' },
      allowUntrusted: true,
    })
    expect(fieldLines(parseMessage(eml).headers)).toEqual(outerFor.hcp_baseline)
    const signedLayer = (await decryptMessage(eml, bob)).entity
    expect(signedLayer.contentType.mediaType).toBe('multipart/signed')
    expect(fieldLines(signedLayer.headers)).toEqual([])
    const { payload } = await payloadOf(eml, 'signed+encrypted')
    expect(payload.contentType.parameters['hp']).toBe('cipher')
    expect(fieldLines(payload.headers)).toEqual(originalLines)
    expect(hpOuterLines(payload.headers)).toEqual(outerFor.hcp_baseline)
  })

  it('with an opaque signature inside the encryption, as RFC 9788 Appendix C.3 nests it', async () => {
    const eml = await compose('signed+encrypted', 'hcp_baseline', { form: 'opaque' })
    const opened = await openMessage(eml, { identities: [bob], trustAnchors: [root] })
    expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted', 'signed'])
    expect(opened.summary).toContain('Signed by alice@example.org · trusted via')
    expect(opened.message.contentType.parameters['hp']).toBe('cipher')
    expect(fieldLines(opened.message.headers)).toEqual(originalLines)
    expect(hpOuterLines(opened.message.headers)).toEqual(outerFor.hcp_baseline)
  })

  it('keeps a Bcc field out of the encryption, where every recipient would read it', async () => {
    const raw =
      'From: alice@example.org\r\nTo: bob@example.org\r\nBcc: chef@example.org\r\n' +
      'Subject: Termin\r\nContent-Type: text/plain\r\n\r\nHallo\r\n'
    const eml = await protectMessage(raw, { encryptFor: [bob.certificate], allowUntrusted: true })
    const { payload } = await payloadOf(eml, 'encrypted')
    expect(new TextDecoder().decode(payload.raw)).not.toContain('chef@example.org')
    expect(fieldLines(payload.headers)).toEqual([
      'From: alice@example.org',
      'To: bob@example.org',
      'Subject: Termin',
    ])
  })

  it('wraps an already signed message as it is: its payload lies inside its own signature', async () => {
    const signed = await compose('signed', 'hcp_baseline', { headerProtection: false })
    const eml = await protectMessage(signed, {
      encryptFor: [bob.certificate],
      allowUntrusted: true,
    })
    const { outer, payload } = await payloadOf(eml, 'signed+encrypted')
    expect(fieldLines(outer)).toEqual(originalLines)
    const signedLayer = (await decryptMessage(eml, bob)).entity
    expect(signedLayer.contentType.parameters['hp']).toBeUndefined()
    expect(fieldLines(signedLayer.headers)).toEqual([])
    expect(payload.contentType.parameters['hp']).toBeUndefined()
  })

  it('rejects an unknown policy or legacyDisplay with ERR_SMIME_INVALID_INPUT', async () => {
    for (const headerProtection of [{ policy: 'hcp_strict' }, { legacyDisplay: 'yes' }]) {
      await expect(
        protectMessage(original, { signWith: alice, headerProtection } as never),
      ).rejects.toMatchObject({ code: 'ERR_SMIME_INVALID_INPUT' })
    }
  })

  it('rejects a raw message that already carries protected headers with ERR_SMIME_INVALID_INPUT', async () => {
    const once = await compose('signed', 'hcp_baseline')
    const entity = parseMessage(once).children[0]!.raw
    await expect(protectMessage(entity, { signWith: alice })).rejects.toMatchObject({
      code: 'ERR_SMIME_INVALID_INPUT',
    })
    // With header protection off it is signed as it is.
    const again = await protectMessage(entity, { signWith: alice, headerProtection: false })
    expect(new TextDecoder().decode(again)).toContain('hp="clear"')
  })
})
