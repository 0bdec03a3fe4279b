import { describe, expect, it } from 'vitest'
import { encodeBase64 } from '@siegel/mime'
import { openMessage, signData, type OpenedMessage } from '@siegel/core'
import { dec, root, signer } from '../helpers.js'

const CRLF = '\r\n'

/** An opaque signature by the test PKI's Alice over `entity`, under `outer` header lines. */
async function signedMail(outer: string[], entity: string[]): Promise<string> {
  const content = new TextEncoder().encode(entity.join(CRLF))
  const der = await signData(content, await signer('alice'), { detached: false })
  return [
    ...outer,
    'MIME-Version: 1.0',
    'Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m',
    'Content-Transfer-Encoding: base64',
    '',
    dec(encodeBase64(der)),
  ].join(CRLF)
}

const open = async (eml: string): Promise<OpenedMessage> =>
  openMessage(eml, { trustAnchors: [root] })
const signedLayer = (opened: OpenedMessage) => {
  const layer = opened.layers[0]
  if (layer?.kind !== 'signed') throw new Error('expected a signed layer')
  return layer.verification
}

describe('header protection on crafted messages', () => {
  it('binds the signer to the protected From even when the outer From is the signer', async () => {
    // Alice signs a section that says it is from the boss: the outer From (Alice) must not
    // make that valid.
    const eml = await signedMail(
      ['From: alice@example.org', 'Subject: Pay'],
      [
        'Content-Type: text/plain; hp="clear"',
        'From: boss@example.org',
        'Subject: Pay',
        '',
        'Pay the invoice.',
        '',
      ],
    )
    const verification = signedLayer(await open(eml))
    expect(verification.status).toBe('sender-mismatch')
    expect(verification.signers[0]?.sender).toMatchObject({
      matches: false,
      claimed: ['boss@example.org'],
    })
    expect(verification.problems.map((p) => p.code)).toContain('ERR_SMIME_OUTER_SENDER_MISMATCH')
  })

  it('treats hp marks on an unsigned message as no protection', async () => {
    const eml = [
      'From: alice@example.org',
      'Subject: outer',
      'Content-Type: text/plain; hp="clear"; hp-legacy-display="1"',
      '',
      'Subject: outer',
      '',
      'Hello.',
    ].join(CRLF)
    const opened = await open(eml)
    expect(opened.headers.form).toBe('none')
    expect(opened.headers.legacyDisplay).toEqual([])
    expect(opened.headers.shown).toEqual([
      { name: 'From', value: 'alice@example.org', protected: false },
      { name: 'Subject', value: 'outer', protected: false },
    ])
  })

  it('removes nothing from a part without hp-legacy-display="1"', async () => {
    const eml = await signedMail(
      ['From: alice@example.org', 'Subject: Goodbye'],
      [
        'Content-Type: text/plain; hp="clear"',
        'From: alice@example.org',
        'Subject: Hello',
        '',
        'Subject: Hello',
        '',
        'Body.',
      ],
    )
    const opened = await open(eml)
    expect(signedLayer(opened).status).toBe('valid')
    expect(opened.headers.legacyDisplay).toEqual([])
    expect(opened.headers.differences).toEqual([
      { kind: 'altered', name: 'subject', outer: ['Goodbye'], protected: ['Hello'] },
    ])
  })

  it('keeps an HTML element that is not the first thing in the body', async () => {
    const eml = await signedMail(
      ['From: alice@example.org', 'Subject: Hello'],
      [
        'Content-Type: text/html; hp="clear"; hp-legacy-display="1"',
        'From: alice@example.org',
        'Subject: Hello',
        '',
        '<html><body><p>Wire the money to DE00 0000.</p>',
        '<div class="header-protection-legacy-display"><pre>Subject: Hello</pre></div></body></html>',
      ],
    )
    const opened = await open(eml)
    expect(opened.headers.legacyDisplay).toEqual([])
  })

  it('looks for the HTML element only in the first 64 KiB of the part', async () => {
    const element = '<div class="header-protection-legacy-display"><pre>Subject: Hello</pre></div>'
    const mail = (head: string): Promise<string> =>
      signedMail(
        ['From: alice@example.org', 'Subject: Hello'],
        [
          'Content-Type: text/html; hp="clear"; hp-legacy-display="1"',
          'From: alice@example.org',
          'Subject: Hello',
          '',
          `<html><head>${head}</head><body>${element}<p>Body.</p></body></html>`,
        ],
      )
    const near = (await open(await mail('<style></style>'))).headers.legacyDisplay
    expect(near.map((l) => l.removed)).toEqual([true])
    const far = await open(await mail(`<style>${'p{}'.repeat(22_000)}</style>`))
    expect(far.headers.legacyDisplay).toEqual([])
  })

  it('keeps an element whose Subject line differs from the protected Subject', async () => {
    const eml = await signedMail(
      ['From: alice@example.org', 'Subject: Hello'],
      [
        'Content-Type: text/plain; hp="clear"; hp-legacy-display="1"',
        'From: alice@example.org',
        'Subject: Hello',
        '',
        'Subject: Hello, and wire the money to DE00 0000',
        '',
        'Body.',
      ],
    )
    const [legacy] = (await open(eml)).headers.legacyDisplay
    expect(legacy).toMatchObject({
      removed: false,
      mismatched: ['Subject: Hello, and wire the money to DE00 0000'],
    })
    expect(legacy?.text).toContain('wire the money')
  })

  it('reads an HP-Removed list of the drafts as one removed field per name', async () => {
    // draft-ietf-lamps-header-protection's samples write `HP-Removed: User-Agent, In-Reply-To,
    // References`; a second HP-Removed field adds to the list.
    const eml = await signedMail(
      ['From: alice@example.org', 'Subject: [...]'],
      [
        'Content-Type: text/plain; protected-headers="v1"',
        'From: alice@example.org',
        'Subject: Hello',
        'User-Agent: Sample MUA',
        'In-Reply-To: <parent@example.org>',
        'Keywords: invoice',
        'HP-Obscured: Subject: [...]',
        'HP-Removed: User-Agent, In-Reply-To',
        'HP-Removed: Keywords',
        '',
        'Body.',
      ],
    )
    const { headers } = await open(eml)
    expect(headers.form).toBe('draft')
    expect(headers.exposed).toEqual([
      { name: 'From', value: 'alice@example.org' },
      { name: 'Subject', value: '[...]' },
    ])
    expect(headers.differences.map((d) => [d.kind, d.name])).toEqual([
      ['obscured', 'subject'],
      ['removed', 'user-agent'],
      ['removed', 'in-reply-to'],
      ['removed', 'keywords'],
    ])
  })

  it('removes a folded element line that matches once unfolded', async () => {
    const eml = await signedMail(
      ['From: alice@example.org', 'Subject: [...]'],
      [
        'Content-Type: text/plain; hp="clear"; hp-legacy-display="1"',
        'From: alice@example.org',
        'Subject: A rather long subject',
        '',
        'Subject: A rather',
        ' long subject',
        '',
        'Body.',
      ],
    )
    const [legacy] = (await open(eml)).headers.legacyDisplay
    expect(legacy).toMatchObject({ removed: true, text: 'Body.' })
  })
})
