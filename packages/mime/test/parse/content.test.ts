import { describe, expect, it } from 'vitest'
import {
  collectContent,
  encodeBase64,
  getHeader,
  getHeaderText,
  parseContentType,
  parseMessage,
} from '@siegel/mime'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))

const part = (headers: string, body: string): Uint8Array => enc(`${headers}\r\n\r\n${body}`)

describe('part content', () => {
  it('undoes base64 and quoted-printable into content', () => {
    expect(parseMessage(part('Content-Transfer-Encoding: base64', 'SGVs\r\nbG8=')).content).toEqual(
      enc('Hello'),
    )
    const qp = parseMessage(
      part(
        'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: Quoted-Printable',
        'Gr=C3=BC=\r\n=C3=9Fe',
      ),
    )
    expect(qp.transferEncoding).toBe('quoted-printable')
    expect(qp.text).toBe('Grüße')
  })

  it.each([
    ['iso-8859-1', latin1('Gr\xfc\xdfe'), 'Grüße'],
    ['windows-1252', latin1('\x80 5'), '€ 5'],
    ['koi8-r', latin1('\xf0\xd2\xc9\xd7\xc5\xd4'), 'Привет'],
    ['shift_jis', Uint8Array.from([0x93, 0xfa, 0x96, 0x7b]), '日本'],
    ['iso-2022-jp', latin1('\x1b$BF|K\\\x1b(B'), '日本'],
    ['ks_c_5601-1987', Uint8Array.from([0xc7, 0xd1]), '한'],
    ['"UTF-8"', enc('ü'), 'ü'],
  ])('decodes text in charset %s', (charset, bytes, expected) => {
    const head = enc(`Content-Type: text/plain; charset=${charset}\r\n\r\n`)
    const message = parseMessage(new Uint8Array([...head, ...bytes]))
    expect(message.text).toBe(expected)
    expect(message.problems).toEqual([])
  })

  it('reads US-ASCII or missing charsets as UTF-8 when the bytes are UTF-8, else windows-1252', () => {
    expect(parseMessage(part('Content-Type: text/plain; charset=us-ascii', 'Grüße')).text).toBe(
      'Grüße',
    )
    const legacy = new Uint8Array([...enc('Content-Type: text/plain\r\n\r\n'), 0x47, 0x72, 0xfc])
    expect(parseMessage(legacy).text).toBe('Grü')
  })

  it('records an unknown charset and falls back', () => {
    const message = parseMessage(part('Content-Type: text/plain; charset=x-klingon', 'Hallo'))
    expect(message.text).toBe('Hallo')
    expect(message.problems.map((p) => p.code)).toEqual(['UNKNOWN_CHARSET'])
  })

  it('has no text for non-text parts', () => {
    expect(parseMessage(part('Content-Type: image/png', 'x')).text).toBeUndefined()
  })

  it.each([
    ['Content-Disposition: attachment; filename="plain.txt"', 'plain.txt'],
    ['Content-Disposition: attachment; filename=token.txt', 'token.txt'],
    ["Content-Disposition: attachment; filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt", 'Grüße.txt'],
    ["Content-Disposition: attachment; filename*=iso-8859-1'de'Gr%FC%DFe.txt", 'Grüße.txt'],
    [
      "Content-Disposition: attachment;\r\n filename*0*=UTF-8''%E6%97%A5;\r\n filename*1*=%E6%9C%AC; filename*2=.pdf",
      '日本.pdf',
    ],
    ['Content-Disposition: attachment; filename="=?UTF-8?B?R3LDvMOfZS50eHQ=?="', 'Grüße.txt'],
    ['Content-Type: application/pdf; name="=?ISO-8859-1?Q?R=E9sum=E9.pdf?="', 'Résumé.pdf'],
    [
      'Content-Type: application/pdf; name="from-type.pdf"\r\nContent-Disposition: attachment; filename="from-disposition.pdf"',
      'from-disposition.pdf',
    ],
    [
      'Content-Disposition: attachment; filename="fallback.txt"; filename*=utf-8\'\'pr%C3%A9f%C3%A9r%C3%A9.txt',
      'préféré.txt',
    ],
  ])('reads the filename from %j', (headers, expected) => {
    expect(parseMessage(part(headers, 'x')).filename).toBe(expected)
  })

  it('reads the disposition and Content-ID', () => {
    const message = parseMessage(
      part('Content-Disposition: INLINE; size=3\r\nContent-ID: <img1@example.org>', 'x'),
    )
    expect(message.disposition).toEqual({ mediaType: 'inline', parameters: { size: '3' } })
    expect(message.contentId).toBe('img1@example.org')
  })

  it('parses an embedded message/rfc822 with ranges into the same input', () => {
    const inner = 'From: b@example.org\r\nSubject: inner\r\n\r\ninner body'
    const bytes = enc(
      `Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nouter\r\n--x\r\nContent-Type: message/rfc822\r\n\r\n${inner}\r\n--x--\r\n`,
    )
    const message = parseMessage(bytes)
    const embedded = message.children[1]!.embedded!
    expect(new TextDecoder().decode(embedded.raw)).toBe(inner)
    expect(embedded.headers.map((h) => h.decoded)).toEqual(['b@example.org', 'inner'])
    expect(collectContent(message).text).toBe('outer\ninner body')
  })

  it('collects text, html and attachments', () => {
    const bytes = enc(
      [
        'Content-Type: multipart/mixed; boundary=m',
        '',
        '--m',
        'Content-Type: multipart/alternative; boundary=a',
        '',
        '--a',
        'Content-Type: text/plain',
        '',
        'plain',
        '--a',
        'Content-Type: text/html',
        '',
        '<p>html</p>',
        '--a--',
        '--m',
        'Content-Type: text/plain',
        'Content-Disposition: attachment; filename=a.txt',
        '',
        'file',
        '--m--',
        '',
      ].join('\r\n'),
    )
    const content = collectContent(parseMessage(bytes))
    expect(content.text).toBe('plain')
    expect(content.html).toBe('<p>html</p>')
    expect(content.attachments.map((a) => [a.filename, a.text])).toEqual([['a.txt', 'file']])
  })
})

describe('parseContentType', () => {
  it('joins RFC 2231 continuations in section order', () => {
    expect(
      parseContentType('application/x-stuff; title*1="b"; title*0="a"; title*2*=%41')?.parameters,
    ).toEqual({ title: 'abA' })
  })

  it('reads an unquoted value with spaces up to the next semicolon', () => {
    expect(
      parseContentType('text/calendar; method=REQUEST; name=my invite.ics')?.parameters,
    ).toEqual({
      method: 'REQUEST',
      name: 'my invite.ics',
    })
  })

  it('keeps a boundary exactly, encoded-word look-alikes included', () => {
    expect(parseContentType('multipart/mixed; boundary="=?x?="')?.parameters.boundary).toBe('=?x?=')
  })
})

describe('large base64 attachments', () => {
  const data = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 2654435761) >>> 24)
  const attachment = (body: Uint8Array): Uint8Array =>
    new Uint8Array([
      ...enc('Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n'),
      ...body,
    ])

  it('decode to the same content, and read and compare like a value', () => {
    const parsed = parseMessage(attachment(encodeBase64(data)))
    expect(parsed.problems).toEqual([])
    expect(parsed.content).toEqual(data)
    expect(parsed.content).toBe(parsed.content) // decoded once, then kept
    expect(Object.keys(parsed)).toContain('content')
    expect({ ...parsed }.content).toEqual(data)
    const replaced = Uint8Array.of(1)
    parsed.content = replaced
    expect(parsed.content).toBe(replaced)
  })

  it('are left undecoded by the parse when the whole message is one, until first read', () => {
    const parsed = parseMessage(attachment(encodeBase64(data)))
    // Still the getter: nothing (not even building the returned message) has read it yet.
    expect(Object.getOwnPropertyDescriptor(parsed, 'content')?.get).toBeTypeOf('function')
    expect(parsed.content).toEqual(data)
    expect(Object.getOwnPropertyDescriptor(parsed, 'content')?.get).toBeUndefined()
  })

  it('report damaged base64 while parsing, before anyone reads the content', () => {
    const damaged = encodeBase64(data)
    damaged[1000] = 0x2a // "*"
    const parsed = parseMessage(attachment(damaged.subarray(0, damaged.length - 5)))
    expect(parsed.problems.map((p) => p.code)).toEqual(['INVALID_BASE64'])
    // Strict parsing refuses it at once, not when the content is first read.
    expect(() => parseMessage(attachment(damaged), { strict: true })).toThrow(/INVALID_BASE64/)
  })
})

describe('getHeader and getHeaderText', () => {
  const message = parseMessage(
    'Subject: =?UTF-8?Q?Unterlagen_f=C3=BCr_M=C3=A4rz?=\r\n' +
      'From: =?ISO-8859-1?Q?J=F6rg?= <joerg@example.org>\r\n' +
      'Content-Type: text/plain\r\n\r\nx',
  )

  it('getHeader gives the value as it stands, getHeaderText the text a person reads', () => {
    expect(getHeader(message, 'subject')).toBe('=?UTF-8?Q?Unterlagen_f=C3=BCr_M=C3=A4rz?=')
    expect(getHeaderText(message, 'Subject')).toBe('Unterlagen für März')
    expect(getHeaderText(message, 'from')).toBe('Jörg <joerg@example.org>')
    expect(getHeaderText(message, 'cc')).toBeUndefined()
  })
})
