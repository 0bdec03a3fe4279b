// Our output beside the samples RFC 9788 prints: the same message, protected by protectMessage,
// carries the same protected header section, the same HP-Outer record (Appendix C.3.1.2,
// hcp_baseline, signed and encrypted) and the same Legacy Display Element (Appendix E.1 text,
// E.2 HTML). The expected lines below are the RFC's; the message bodies are its sample texts.
import { describe, expect, it } from 'vitest'
import { protectMessage } from '@siegel/core'
import { parseMessage, type MimePart } from '@siegel/mime'
import { alice, bob, fieldLines, hpOuterLines, payloadOf } from './compose-cases.js'

const crlf = (lines: readonly string[]): string => lines.map((l) => `${l}\r\n`).join('')
const encrypt = { encryptFor: [bob.certificate], allowUntrusted: true } as const

/** The header fields of the RFC sample message, as the sender composed them. */
const C312_FIELDS = [
  'Subject: smime-signed-enc-hp-baseline',
  'Message-ID: <smime-signed-enc-hp-baseline@example>',
  'From: Alice <alice@smime.example>',
  'To: Bob <bob@smime.example>',
  'Date: Sat, 20 Feb 2021 10:09:02 -0500',
  'User-Agent: Sample MUA Version 1.0',
]
const C312 = crlf([
  ...C312_FIELDS,
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset="utf-8"',
  'Content-Transfer-Encoding: 7bit',
  '',
  'This is the',
  'smime-signed-enc-hp-baseline',
  'message.',
])

/** RFC 9788 Appendix C.3.1.2: the header section of the payload, once both layers are off. */
const C312_PAYLOAD = [
  ...C312_FIELDS,
  'HP-Outer: Subject: [...]',
  'HP-Outer: Message-ID: <smime-signed-enc-hp-baseline@example>',
  'HP-Outer: From: Alice <alice@smime.example>',
  'HP-Outer: To: Bob <bob@smime.example>',
  'HP-Outer: Date: Sat, 20 Feb 2021 10:09:02 -0500',
  'HP-Outer: User-Agent: Sample MUA Version 1.0',
]

const E_FIELDS = (kind: string): string[] => [
  'Date: Fri, 21 Jan 2022 20:40:48 -0500',
  'From: Alice <alice@example.net>',
  'To: Bob <bob@example.net>',
  'Subject: Dinner plans',
  `Message-ID: <${kind}-legacy-display@lhp.example>`,
]
const E_HP_OUTER = (kind: string): string[] =>
  E_FIELDS(kind).map((l) => `HP-Outer: ${l.startsWith('Subject:') ? 'Subject: [...]' : l}`)
const message = (kind: string, type: string, body: string): string =>
  crlf([...E_FIELDS(kind), 'MIME-Version: 1.0', `Content-Type: ${type}; charset="us-ascii"`, '']) +
  body

const headerLines = (part: MimePart): string[] => part.headers.map((h) => `${h.name}: ${h.value}`)

describe('protectMessage output beside RFC 9788 samples', () => {
  it('Appendix C.3.1.2 (signed and encrypted, hcp_baseline): the same protected header section', async () => {
    const eml = await protectMessage(C312, {
      signWith: alice,
      ...encrypt,
      headerProtection: { policy: 'hcp_baseline', legacyDisplay: false },
    })
    const { outer, payload } = await payloadOf(eml, 'signed+encrypted')
    expect(headerLines(payload).filter((l) => !/^Content-/i.test(l))).toEqual(C312_PAYLOAD)
    expect(payload.headers.find((h) => h.name === 'Content-Type')?.value).toBe(
      'text/plain; charset="utf-8"; hp="cipher"',
    )
    // The outer header section shows what HP-Outer records, and the RFC's sample the same.
    expect(fieldLines(outer).map((l) => `HP-Outer: ${l}`)).toEqual(C312_PAYLOAD.slice(6))
    expect(payload.text).toBe('This is the\r\nsmime-signed-enc-hp-baseline\r\nmessage.\r\n')
  })

  it('the same message signed only: the same fields, hp="clear", no HP-Outer, nothing obscured', async () => {
    const eml = await protectMessage(C312, { signWith: alice })
    const { outer, payload } = await payloadOf(eml, 'signed')
    expect(fieldLines(payload.headers)).toEqual(C312_FIELDS)
    expect(hpOuterLines(payload.headers)).toEqual([])
    expect(payload.contentType.parameters['hp']).toBe('clear')
    expect(fieldLines(outer)).toEqual(C312_FIELDS)
  })

  it('the same message under hcp_shy: names off the addresses, the Date in UTC', async () => {
    const eml = await protectMessage(C312, {
      ...encrypt,
      headerProtection: { policy: 'hcp_shy', legacyDisplay: false },
    })
    expect(fieldLines(parseMessage(eml).headers)).toEqual([
      'Subject: [...]',
      'Message-ID: <smime-signed-enc-hp-baseline@example>',
      'From: <alice@smime.example>',
      'To: <bob@smime.example>',
      'Date: Sat, 20 Feb 2021 15:09:02 +0000',
      'User-Agent: Sample MUA Version 1.0',
    ])
  })

  it('Appendix E.1: the text/plain Legacy Display Element', async () => {
    const body = "Let's meet at Rama's Roti Shop at 8pm and go to the park\r\nfrom there.\r\n"
    const eml = await protectMessage(message('text-plain', 'text/plain', body), encrypt)
    const { payload } = await payloadOf(eml, 'encrypted')
    expect(fieldLines(payload.headers)).toEqual(E_FIELDS('text-plain'))
    expect(hpOuterLines(payload.headers).map((l) => `HP-Outer: ${l}`)).toEqual(
      E_HP_OUTER('text-plain'),
    )
    expect(payload.contentType).toEqual({
      mediaType: 'text/plain',
      parameters: { charset: 'us-ascii', 'hp-legacy-display': '1', hp: 'cipher' },
    })
    expect(payload.transferEncoding).toBe('7bit')
    expect(payload.text).toBe('Subject: Dinner plans\r\n\r\n' + body)
  })

  it('Appendix E.2: the text/html Legacy Display Element', async () => {
    const html = (element: string): string =>
      '<html><head><title></title></head><body>\r\n' +
      element +
      "<p>\r\nLet's meet at Rama's Roti Shop at 8pm and go to the park\r\nfrom there.\r\n</p>\r\n" +
      '</body>\r\n</html>\r\n'
    const eml = await protectMessage(message('text-html', 'text/html', html('')), encrypt)
    const { payload } = await payloadOf(eml, 'encrypted')
    expect(fieldLines(payload.headers)).toEqual(E_FIELDS('text-html'))
    expect(hpOuterLines(payload.headers).map((l) => `HP-Outer: ${l}`)).toEqual(
      E_HP_OUTER('text-html'),
    )
    expect(payload.contentType.parameters).toEqual({
      charset: 'us-ascii',
      'hp-legacy-display': '1',
      hp: 'cipher',
    })
    expect(payload.text).toBe(
      html(
        '<div class="header-protection-legacy-display">\r\n' +
          '<pre>Subject: Dinner plans</pre>\r\n' +
          '</div>\r\n',
      ),
    )
  })
})
