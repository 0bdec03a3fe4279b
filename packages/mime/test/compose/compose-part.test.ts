import { describe, expect, it } from 'vitest'
import {
  collectContent,
  composeMessage,
  composePart,
  parseMessage,
  type MimePart,
} from '@siegel/mime'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)
const code = (code: string): unknown => expect.objectContaining({ code })
const from = 'a@example.org'
const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 5))

function sevenBitCanonical(bytes: Uint8Array): void {
  expect(bytes.every((b) => b < 0x80)).toBe(true)
  const text = dec(bytes)
  expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
  for (const line of text.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78)
}

describe('composeMessage: bodies', () => {
  const png = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff)

  it('writes text and HTML as multipart/alternative, text first', () => {
    const message = parseMessage(composeMessage({ from, date, text: 'plain', html: '<p>rich</p>' }))
    expect(message.contentType.mediaType).toBe('multipart/alternative')
    expect(message.children.map((c) => [c.contentType.mediaType, c.text])).toEqual([
      ['text/plain', 'plain'],
      ['text/html', '<p>rich</p>'],
    ])
    expect(message.problems).toEqual([])
  })

  it('puts inline images with a Content-ID in multipart/related with the HTML', () => {
    const bytes = composeMessage({
      from,
      date,
      text: 'plain',
      html: '<img src="cid:logo@example.org">',
      attachments: [
        {
          contentType: 'image/png',
          content: png,
          contentId: 'logo@example.org',
          filename: 'logo.png',
        },
      ],
    })
    sevenBitCanonical(bytes)
    const message = parseMessage(bytes)
    expect(message.contentType.mediaType).toBe('multipart/alternative')
    const related = message.children[1]!
    expect(related.contentType).toMatchObject({
      mediaType: 'multipart/related',
      parameters: { type: 'text/html' },
    })
    const image = related.children[1]!
    expect(image.contentId).toBe('logo@example.org')
    expect(image.disposition?.mediaType).toBe('inline')
    expect(image.transferEncoding).toBe('base64')
    expect(image.content).toEqual(png)
  })

  it('puts attachments in multipart/mixed after the body, with RFC 2231 and RFC 2047 names', () => {
    const bytes = composeMessage({
      from,
      date,
      text: 'see attached',
      attachments: [
        {
          content: png,
          filename: 'Übersicht der Maßnahmen für das Jahr 2026 (endgültig).pdf',
          contentType: 'application/pdf',
        },
        { content: 'a,b\n1,2\n', filename: 'plain.csv', contentType: 'text/csv' },
      ],
    })
    sevenBitCanonical(bytes)
    const text = dec(bytes)
    expect(text).toContain("filename*0*=utf-8''%C3%9Cbersicht")
    expect(text).toMatch(/name="=\?UTF-8\?[BQ]\?/)
    const message = parseMessage(bytes)
    expect(message.contentType.mediaType).toBe('multipart/mixed')
    const content = collectContent(message)
    expect(content.text).toBe('see attached')
    expect(content.attachments.map((a) => a.filename)).toEqual([
      'Übersicht der Maßnahmen für das Jahr 2026 (endgültig).pdf',
      'plain.csv',
    ])
    expect(content.attachments[0]!.content).toEqual(png)
    expect(content.attachments[1]!.text).toBe('a,b\r\n1,2\r\n')
    expect(message.problems).toEqual([])
  })

  it('attaches a message as message/rfc822 that parses as an embedded message', () => {
    const inner = composeMessage({
      from: 'b@example.org',
      date,
      subject: 'inner',
      text: 'inner text',
    })
    const bytes = composeMessage({
      from,
      date,
      text: 'forwarding',
      attachments: [{ message: inner, filename: 'fwd.eml' }],
    })
    const attached = parseMessage(bytes).children[1]!
    expect(attached.contentType.mediaType).toBe('message/rfc822')
    expect(attached.transferEncoding).toBe('7bit')
    expect(attached.filename).toBe('fwd.eml')
    expect(attached.raw.subarray(attached.raw.length - inner.length)).toEqual(inner)
    expect(attached.embedded!.text).toBe('inner text')
  })

  it('base64-encodes an 8-bit attached message over a 7-bit transport, and keeps it 8bit over 8bit', () => {
    const inner = enc('Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGrüße\r\n')
    const seven = parseMessage(composePart({ message: inner }))
    expect(seven.transferEncoding).toBe('base64')
    expect(seven.content).toEqual(inner)
    const eight = parseMessage(composePart({ message: inner }, { transport: '8bit' }))
    expect(eight.transferEncoding).toBe('8bit')
    expect(eight.embedded!.text).toBe('Grüße\r\n')
  })

  it('writes Sender, Reply-To, Cc, In-Reply-To and References, and never Bcc', () => {
    const text = dec(
      composeMessage({
        from: [from, 'c@example.org'],
        sender: 'secretary@example.org',
        replyTo: 'list@example.org',
        to: 'b@example.org',
        cc: 'c@example.org',
        bcc: 'hidden@example.org',
        inReplyTo: 'x1@example.org',
        references: ['x0@example.org', 'x1@example.org'],
        date,
        text: 'x',
      }),
    )
    expect(text).toContain(
      'From: a@example.org, c@example.org\r\nSender: secretary@example.org\r\nReply-To: list@example.org\r\nTo: b@example.org\r\nCc: c@example.org\r\n',
    )
    expect(text).toContain(
      'In-Reply-To: <x1@example.org>\r\nReferences: <x0@example.org> <x1@example.org>\r\n',
    )
    expect(text).not.toContain('hidden@example.org')
  })

  it('writes UTF-8 header text with utf8Headers (RFC 6532), encoded words otherwise', () => {
    const spec = { from: { name: 'Jörg', address: from }, date, subject: 'Grüße', text: 'x' }
    expect(dec(composeMessage(spec, { utf8Headers: true }))).toContain(
      'Subject: Grüße\r\nMessage-ID',
    )
    expect(dec(composeMessage(spec))).toMatch(/\r\nSubject: =\?UTF-8\?[BQ]\?[^?]+\?=\r\n/)
  })

  it('writes UTF-8 addresses only with utf8Headers, else rejects them with ERR_MIME_INVALID_SPEC', () => {
    const spec = { from: { name: 'Jörg', address: 'jörg@bücher.example' }, date, text: 'x' }
    expect(() => composeMessage(spec)).toThrow(code('ERR_MIME_INVALID_SPEC'))
    const message = parseMessage(composeMessage(spec, { utf8Headers: true }))
    expect(message.headers.find((h) => h.name === 'From')!.value).toBe(
      '"Jörg" <jörg@bücher.example>',
    )
  })

  it('folds long subjects at white space within 78 characters', () => {
    const subject = 'Ein sehr langer Betreff über viele Wörter, '.repeat(6)
    const bytes = composeMessage({ from, date, subject, text: 'x' })
    sevenBitCanonical(bytes)
    expect(parseMessage(bytes).headers.find((h) => h.name === 'Subject')!.decoded).toBe(subject)
  })

  it('rejects a message from several authors without a sender with ERR_MIME_INVALID_SPEC', () => {
    expect(() => composeMessage({ from: [from, 'b@example.org'], text: 'x' })).toThrow(
      code('ERR_MIME_INVALID_SPEC'),
    )
  })

  it('rejects an invalid message ID with ERR_MIME_INVALID_SPEC', () => {
    expect(() => composeMessage({ from, text: 'x', inReplyTo: '<x@y>' })).toThrow(
      code('ERR_MIME_INVALID_SPEC'),
    )
  })
})

describe('composePart: transfer encodings', () => {
  const leaf = (
    content: string | Uint8Array,
    options?: Parameters<typeof composePart>[1],
    contentType?: string,
  ): MimePart =>
    parseMessage(composePart(contentType ? { content, contentType } : { content }, options))

  it('writes text as quoted-printable over 7bit, or base64 when that is shorter', () => {
    expect(leaf('Grüße').transferEncoding).toBe('quoted-printable')
    const japanese = leaf('日本語のテキストです。'.repeat(10))
    expect(japanese.transferEncoding).toBe('base64')
    expect(japanese.text).toBe('日本語のテキストです。'.repeat(10))
  })

  it('keeps text as it is over an 8bit transport, and canonicalises its line breaks', () => {
    const part = leaf('Grüße\nzwei', { transport: '8bit' })
    expect(part.transferEncoding).toBe('8bit')
    expect(part.text).toBe('Grüße\r\nzwei')
    expect(leaf('plain', { transport: '8bit' }).transferEncoding).toBe('7bit')
  })

  it('falls back to quoted-printable for 8bit text with lines over 998 bytes', () => {
    expect(leaf('a'.repeat(1200) + 'ü', { transport: '8bit' }).transferEncoding).toBe(
      'quoted-printable',
    )
  })

  it('writes bytes as base64, or binary over a binary transport', () => {
    const bytes = Uint8Array.from([0, 1, 2, 0x0d, 0xff])
    expect(leaf(bytes).transferEncoding).toBe('base64')
    const binary = leaf(bytes, { transport: 'binary' })
    expect(binary.transferEncoding).toBe('binary')
    expect(binary.content).toEqual(bytes)
  })

  it('ends a quoted-printable body without line break in a soft break, so the text is exact', () => {
    const bytes = composePart({ content: 'no newline' })
    expect(dec(bytes).endsWith('no newline=\r\n')).toBe(true)
    expect(parseMessage(bytes).text).toBe('no newline')
  })

  it('honours a requested encoding, and rejects one the content or transport does not allow with ERR_MIME_INVALID_SPEC', () => {
    expect(
      parseMessage(composePart({ content: 'ascii', transferEncoding: '7bit' })).transferEncoding,
    ).toBe('7bit')
    expect(() => composePart({ content: 'Grüße', transferEncoding: '7bit' })).toThrow(
      code('ERR_MIME_INVALID_SPEC'),
    )
    expect(() => composePart({ content: 'x', transferEncoding: '8bit' })).toThrow(
      code('ERR_MIME_INVALID_SPEC'),
    )
  })

  it('chooses boundaries that occur in no part', () => {
    let calls = 0
    const colliding = {
      getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
        if (array) (array as unknown as Uint8Array).fill(calls++ === 0 ? 0 : 1)
        return array
      },
    }
    const first = '--=_siegel_000000000000000000000000'
    const bytes = composePart(
      { multipart: 'mixed', parts: [{ content: first, transferEncoding: '7bit' }] },
      { crypto: colliding },
    )
    const message = parseMessage(bytes)
    expect(message.contentType.parameters.boundary).toBe('=_siegel_010101010101010101010101')
    expect(message.children[0]!.text).toBe(first)
  })

  it('rejects an unknown shape, a bad media type or disposition with ERR_MIME_INVALID_SPEC', () => {
    expect(() => composePart({} as never)).toThrow(code('ERR_MIME_INVALID_SPEC'))
    expect(() => composePart({ content: 'x', contentType: 'nonsense' })).toThrow(
      code('ERR_MIME_INVALID_SPEC'),
    )
    expect(() => composePart({ content: 'x', disposition: 'evil' as never })).toThrow(
      code('ERR_MIME_INVALID_SPEC'),
    )
    expect(() => composePart({ multipart: 'mixed', parts: [] })).toThrow(
      code('ERR_MIME_INVALID_SPEC'),
    )
    expect(() => composePart({ content: 'x', filename: 'a\r\nb' })).toThrow(
      code('ERR_MIME_INVALID_SPEC'),
    )
  })

  it('rejects a part tree deeper than 64 levels with ERR_MIME_INVALID_SPEC', () => {
    let spec: Parameters<typeof composePart>[0] = { content: 'x' }
    for (let i = 0; i < 66; i++) spec = { multipart: 'mixed', parts: [spec] }
    expect(() => composePart(spec)).toThrow(code('ERR_MIME_INVALID_SPEC'))
  })
})
