import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { collectContent } from '@siegel/mime'
import {
  loadIdentity,
  openMessage,
  type OpenedMessage,
  type VerificationResult,
} from '@siegel/core'
import { hpFile } from '../fixtures/header-protection.js'

// Every sample of the draft-ietf-lamps-header-protection set (the messages that became
// RFC 9788 Appendix C), made with the RFC 9216 keys: Alice signs, Bob is a recipient. What each
// must show is read off its name, in the draft's naming scheme:
//   smime-one-part / smime-multipart   signed only (opaque signedData / multipart/signed)
//   smime-enc-signed                   signedData inside envelopedData
//   -complex     the payload is multipart/mixed (text and HTML alternatives, an image)
//   -injected    Injected Headers: the payload's root part carries the header fields and
//                protected-headers="v1" (reported as the `draft` form)
//   -wrapped     Wrapped Message: a message/rfc822 payload (RFC 8551 §3.1)
//   -minimal     hcp_minimal: outer Subject "[...]", recorded as HP-Obscured
//   -strong      hcp_strong: outer Subject "[...]" and a fresh random Message-ID (HP-Obscured),
//                User-Agent left out (HP-Removed), and for a reply In-Reply-To and References too
//   -legacy/-lgc a Legacy Display Element (hp-legacy-display="1") at the top of each text part
//   -reply/-rpl  a reply: In-Reply-To and References name the message it answers
// A sample without -injected or -wrapped has no protected header section. The protected Subject
// is the sample's name, the protected Message-ID <name@lhp.example>, From Alice, To Bob, and
// User-Agent "Sample MUA Version 1.0" (read from the samples decrypted with OpenSSL).

// For each -strong sample, the random Message-ID it put outside instead of the real one, as its
// outer header and its HP-Obscured record both say; '' for the others.
const SAMPLES: [name: string, outerMessageId: string][] = [
  ['smime-one-part', ''],
  ['smime-one-part-injected', ''],
  ['smime-one-part-wrapped', ''],
  ['smime-one-part-complex', ''],
  ['smime-one-part-complex-injected', ''],
  ['smime-one-part-complex-wrapped', ''],
  ['smime-multipart', ''],
  ['smime-multipart-injected', ''],
  ['smime-multipart-wrapped', ''],
  ['smime-multipart-complex', ''],
  ['smime-multipart-complex-injected', ''],
  ['smime-multipart-complex-wrapped', ''],
  ['smime-enc-signed', ''],
  ['smime-enc-signed-injected-minimal', ''],
  ['smime-enc-signed-injected-minimal-reply', ''],
  ['smime-enc-signed-injected-minimal-legacy', ''],
  ['smime-enc-signed-injected-minimal-legacy-reply', ''],
  ['smime-enc-signed-injected-strong', '27139e00-e05f-581d-a339-d2bd43bd0f42'],
  ['smime-enc-signed-injected-strong-reply', '0b3ea6dd-0e91-5a91-9bc0-3d553f892983'],
  ['smime-enc-signed-injected-strong-legacy', 'fdccb76a-49ed-50c5-9030-e4aeb83d7f04'],
  ['smime-enc-signed-injected-strong-legacy-reply', 'b10dcc75-cf43-5fd7-9e48-f932a9d68fb5'],
  ['smime-enc-signed-wrapped-minimal', ''],
  ['smime-enc-signed-wrapped-minimal-reply', ''],
  ['smime-enc-signed-wrapped-strong', '73a42f8e-8f5a-5c62-b982-82ace766fd32'],
  ['smime-enc-signed-wrapped-strong-reply', '0e210732-9184-5855-9a95-2a635560d3a6'],
  ['smime-enc-signed-complex', ''],
  ['smime-enc-signed-complex-injected-minimal', ''],
  ['smime-enc-signed-complex-injected-minimal-reply', ''],
  ['smime-enc-signed-complex-injected-minimal-legacy', ''],
  ['smime-enc-signed-complex-injected-minimal-legacy-reply', ''],
  ['smime-enc-signed-complex-injected-minimal-lgc-rpl', ''],
  ['smime-enc-signed-complex-injected-strong', '23abef5f-8781-5c95-a46c-61e3a4464d58'],
  ['smime-enc-signed-complex-injected-strong-reply', 'c6774fdb-3ef5-5293-ab2d-eca8b66b4bbf'],
  ['smime-enc-signed-complex-injected-strong-legacy', '9cfcaae2-9fec-5aca-9a29-c98da35b262d'],
  ['smime-enc-signed-complex-injected-strong-legacy-reply', 'acced3c9-111b-5a4f-bd80-34558da32b4d'],
  ['smime-enc-signed-complex-wrapped-minimal', ''],
  ['smime-enc-signed-complex-wrapped-minimal-reply', ''],
  ['smime-enc-signed-complex-wrapped-strong', '95b9bb39-c028-5ff4-99b1-f179cb5d7585'],
  ['smime-enc-signed-complex-wrapped-strong-reply', '38a0b7ba-76e0-5351-93e9-f44877e20e6e'],
]

interface Expected {
  encrypted: boolean
  form: 'none' | 'draft' | 'rfc8551-wrapped'
  complex: boolean
  hcp: 'minimal' | 'strong' | undefined
  legacy: boolean
  /** The message a reply answers: its name less -reply; -lgc-rpl answers the -legacy sample. */
  parent: string | undefined
}

function expected(name: string): Expected {
  const parent = name.endsWith('-reply')
    ? name.slice(0, -'-reply'.length)
    : name.endsWith('-lgc-rpl')
      ? name.replace(/-lgc-rpl$/, '-legacy')
      : undefined
  return {
    encrypted: name.startsWith('smime-enc-signed'),
    form: name.includes('-injected')
      ? 'draft'
      : name.includes('-wrapped')
        ? 'rfc8551-wrapped'
        : 'none',
    complex: name.includes('-complex'),
    hcp: name.includes('-minimal') ? 'minimal' : name.includes('-strong') ? 'strong' : undefined,
    legacy: /-(legacy|lgc)(-|$)/.test(name),
    parent,
  }
}

// Inside every certificate's lifetime (2019-11-20 to 2052-09-27).
const at = new Date('2025-01-01T00:00:00Z')
const anchor = Certificate.from(hpFile('ca.rsa.crt'))
const bob = await loadIdentity({
  certificate: hpFile('bob.encrypt.crt'),
  privateKey: hpFile('bob.decrypt.key'),
})

const open = (name: string): Promise<OpenedMessage> =>
  openMessage(hpFile(`${name}.eml`), { trustAnchors: [anchor], identities: [bob], at })

const signature = (opened: OpenedMessage): VerificationResult => {
  const layer = opened.layers.find((l) => l.kind === 'signed')
  if (layer?.kind !== 'signed') throw new Error('expected a signed layer')
  return layer.verification
}

const shownField = (opened: OpenedMessage, name: string) =>
  opened.headers.shown.find((f) => f.name.toLowerCase() === name)

describe('the LAMPS header protection draft sample set (RFC 9216 keys)', () => {
  it.each(SAMPLES)('%s', async (name, outerMessageId) => {
    const want = expected(name)
    const opened = await open(name)
    const isProtected = want.form !== 'none'

    // Decrypted where encrypted, and Alice's signature valid and trusted in every sample.
    expect(opened.layers.map((l) => l.kind)).toEqual(
      want.encrypted ? ['encrypted', 'signed'] : ['signed'],
    )
    const verification = signature(opened)
    expect(verification.status).toBe('valid')
    expect(verification.problems).toEqual([])
    // smime-multipart is multipart/signed; the others carry opaque signedData.
    expect(verification.coverage.form).toBe(
      name.startsWith('smime-multipart') ? 'detached' : 'opaque',
    )
    // Every envelope uses AES-128-CBC (OID 2.16.840.1.101.3.4.1.2 in each sample); nothing in
    // any sample is changed outside, so the summary carries no warning.
    expect(opened.summary).toBe(
      `${want.encrypted ? 'Encrypted (AES-128-CBC) · ' : ''}Signed by alice@smime.example · ` +
        'trusted via Sample LAMPS RSA Certification Authority',
    )
    expect(verification.signers.map((s) => s.sender.matches)).toEqual([true])
    // With a protected section, the signature is bound to its From (which here equals the
    // outer one); without one there is nothing to rebind.
    expect(verification.protectedSender).toEqual(
      isProtected
        ? { claimed: ['alice@smime.example'], outer: ['alice@smime.example'] }
        : undefined,
    )

    expect(opened.headers.form).toBe(want.form)
    // The protected Subject is the sample's name; without protection the outer one says the same.
    expect(shownField(opened, 'subject')).toEqual({
      name: 'Subject',
      value: name,
      protected: isProtected,
    })
    expect(shownField(opened, 'from')?.value).toBe('Alice <alice@smime.example>')
    expect(shownField(opened, 'message-id')?.value).toBe(`<${name}@lhp.example>`)

    // Every field of the message is in the protected section, or (without one) only outside.
    const fields = ['subject', 'message-id', 'from', 'to', 'date', 'user-agent']
    if (want.parent) fields.push('in-reply-to', 'references')
    expect(opened.headers.protectedFields).toEqual(isProtected ? fields : [])
    expect(opened.headers.onlyOutside).toEqual(isProtected ? [] : fields)
    if (want.parent) {
      // A reply names its parent, in the protected section even where hcp_strong removed it outside.
      expect(shownField(opened, 'in-reply-to')).toEqual({
        name: 'In-Reply-To',
        value: `<${want.parent}@lhp.example>`,
        protected: true,
      })
    }

    expect(opened.headers.differences).toEqual(differences(name, want, outerMessageId))
    expect(opened.headers.exposed?.map((f) => f.name.toLowerCase())).toEqual(exposed(want))
    if (want.hcp) expect(opened.headers.exposed?.[0]).toEqual({ name: 'Subject', value: '[...]' })

    // The text the reader sees, the Legacy Display Element (if any) taken out.
    const bodies = collectContent(opened.headers.content).bodyParts
    expect(bodies.map((p) => p.contentType.mediaType)).toEqual(
      want.complex ? ['text/plain', 'text/html'] : ['text/plain'],
    )
    const legacy = opened.headers.legacyDisplay
    expect(legacy.map((l) => [l.form, l.part.contentType.mediaType, l.removed])).toEqual(
      !want.legacy
        ? []
        : want.complex
          ? [
              ['rfc9788', 'text/plain', true],
              ['rfc9788', 'text/html', true],
            ]
          : [['rfc9788', 'text/plain', true]],
    )
    if (want.legacy) {
      // Each element repeats the protected Subject alone (hp-legacy-display="1" parts).
      expect(legacy[0]?.element).toBe(`Subject: ${name}\r\n\r\n`)
      expect(legacy[0]?.text.startsWith(`This is the ${name} message.`)).toBe(true)
      if (want.complex) {
        expect(legacy[1]?.element).toBe(
          `<div class="header-protection-legacy-display"><pre>Subject: ${name}</pre></div>`,
        )
        expect(legacy[1]?.text).toContain(`<p>This is the <b>${name}</b> message.</p>`)
        expect(legacy[1]?.text).not.toContain('header-protection-legacy-display')
      }
    } else {
      expect(bodies[0]?.text?.startsWith(`This is the ${name} message.`)).toBe(true)
    }
  })
})

// What the outer header section should differ in: nothing without a Header Confidentiality
// Policy; hcp_minimal obscures the Subject; hcp_strong also obscures the Message-ID and removes
// User-Agent (and a reply's In-Reply-To and References). In protected-field order.
function differences(name: string, want: Expected, outerMessageId: string) {
  if (!want.hcp) return []
  const found: object[] = [
    { kind: 'obscured', name: 'subject', outer: ['[...]'], protected: [name] },
  ]
  if (want.hcp === 'minimal') return found
  found.push(
    {
      kind: 'obscured',
      name: 'message-id',
      outer: [`<${outerMessageId}@lhp.example>`],
      protected: [`<${name}@lhp.example>`],
    },
    { kind: 'removed', name: 'user-agent', outer: [], protected: ['Sample MUA Version 1.0'] },
  )
  if (want.parent) {
    const parent = `<${want.parent}@lhp.example>`
    found.push(
      { kind: 'removed', name: 'in-reply-to', outer: [], protected: [parent] },
      { kind: 'removed', name: 'references', outer: [], protected: [parent] },
    )
  }
  return found
}

// The fields the sender says it put outside (HP-Obscured and HP-Removed read as a record of
// the outer header section): none recorded without a policy; under hcp_minimal every field;
// under hcp_strong all but the removed ones.
function exposed(want: Expected): string[] | undefined {
  if (!want.hcp) return undefined
  const names = ['subject', 'message-id', 'from', 'to', 'date']
  if (want.hcp === 'strong') return names
  return want.parent
    ? [...names, 'user-agent', 'in-reply-to', 'references']
    : [...names, 'user-agent']
}
