import { describe, expect, it } from 'vitest'
import {
  composeMessage,
  decodeBody,
  getHeader,
  MimeError,
  parseAddressList,
  parseMessage,
} from '@siegel/mime'

const dec = (b: Uint8Array): string => new TextDecoder().decode(b)
const fixedRandom = { getRandomValues: <T extends ArrayBufferView | null>(a: T): T => a }

describe('composeMessage', () => {
  const spec = {
    from: { name: 'Landratsamt Musterstadt', address: 'buergerservice@lra.example.de' },
    to: [{ name: 'Müller, Jörg', address: 'joerg@partner.example' }, 'b@example.org'],
    subject: 'Grüße aus dem Amt',
    date: new Date(Date.UTC(2026, 10, 27, 9, 5, 0)),
    text: 'Sehr geehrte Damen und Herren,\nanbei die Unterlagen.\nFrom here on: = and ü.\n',
  }

  it('writes a 7-bit, CRLF-only message with the standard headers', () => {
    const bytes = composeMessage(spec, { crypto: fixedRandom })
    expect(bytes.every((b) => b < 0x80)).toBe(true)
    const text = dec(bytes)
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
    for (const line of text.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78)
    expect(text).toContain('Date: Fri, 27 Nov 2026 09:05:00 +0000\r\n')
    expect(text).toContain('Message-ID: <00000000000000000000000000000000@lra.example.de>\r\n')
    expect(text).toContain(
      'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n',
    )
  })

  it('parses back to the same addresses, subject and text', () => {
    const message = parseMessage(composeMessage(spec))
    expect(message.problems).toEqual([])
    expect(parseAddressList(getHeader(message, 'from')!)).toEqual([spec.from])
    expect(parseAddressList(getHeader(message, 'to')!)).toEqual([
      spec.to[0],
      { address: 'b@example.org' },
    ])
    expect(message.headers.find((h) => h.name === 'Subject')!.decoded).toBe(spec.subject)
    expect(dec(decodeBody(message))).toBe(spec.text.replaceAll('\n', '\r\n'))
  })

  it('rejects an invalid address with ERR_MIME_INVALID_SPEC', () => {
    expect(() => composeMessage({ ...spec, from: 'not an address' })).toThrow(
      expect.objectContaining({ code: 'ERR_MIME_INVALID_SPEC' }),
    )
  })

  it('rejects a header value with a line break with ERR_MIME_INVALID_SPEC', () => {
    expect(() =>
      composeMessage({ ...spec, headers: [['X-Bad', 'a\r\nBcc: evil@example.org']] }),
    ).toThrow(MimeError)
  })

  it('rejects a spec without text with ERR_MIME_INVALID_SPEC', () => {
    expect(() => composeMessage({ from: 'a@example.org' } as never)).toThrow(
      expect.objectContaining({ code: 'ERR_MIME_INVALID_SPEC' }),
    )
  })
})

describe('parseAddressList', () => {
  it.each([
    ['a@example.org', [{ address: 'a@example.org' }]],
    [
      '"Doe, John" <j@example.org>, (c) b@example.org',
      [{ name: 'Doe, John', address: 'j@example.org' }, { address: 'b@example.org' }],
    ],
    [
      'Team: a@example.org, B <b@example.org>;, c@example.org',
      [
        { address: 'a@example.org', group: 'Team' },
        { name: 'B', address: 'b@example.org', group: 'Team' },
        { address: 'c@example.org' },
      ],
    ],
    ['=?UTF-8?Q?J=C3=B6rg?= <j@example.de>', [{ name: 'Jörg', address: 'j@example.de' }]],
    ['undisclosed-recipients:;', []],
  ])('parses %j', (value, expected) => {
    expect(parseAddressList(value)).toEqual(expected)
  })
})
