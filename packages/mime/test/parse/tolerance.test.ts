import { describe, expect, it } from 'vitest'
import { parseMessage } from '@siegel/mime'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)
const codes = (bytes: Uint8Array | string): string[] =>
  parseMessage(bytes).problems.map((p) => p.code)

describe('tolerance of real mail', () => {
  it('reads mixed line endings', () => {
    const message = parseMessage(
      enc(
        'Content-Type: multipart/mixed; boundary=b\n\r\n--b\r\n\nA\n--b\nContent-Type: text/html\r\n\r\nB\r\n--b--\n',
      ),
    )
    expect(message.children.map((c) => dec(c.body))).toEqual(['A', 'B'])
    expect(message.children[1]!.contentType.mediaType).toBe('text/html')
  })

  it('keeps junk before the first and after the last delimiter out of the parts', () => {
    const message = parseMessage(
      enc(
        'Content-Type: multipart/mixed; boundary=b\r\n\r\njunk\r\n--b\r\n\r\nA\r\n--b--\r\nmore junk',
      ),
    )
    expect(message.children.map((c) => dec(c.body))).toEqual(['A'])
    expect(message.problems).toEqual([])
  })

  it('takes "--boundary--" followed by junk as the close delimiter', () => {
    const message = parseMessage(
      enc('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nA\r\n--b-->\r\nepilogue'),
    )
    expect(message.children.map((c) => dec(c.body))).toEqual(['A'])
    expect(message.problems).toEqual([])
  })

  it('records invalid base64 and decodes what it can', () => {
    const message = parseMessage(enc('Content-Transfer-Encoding: base64\r\n\r\nSGV*sbG8=\r\n'))
    expect(dec(message.content)).toBe('Hello')
    expect(message.problems.map((p) => p.code)).toEqual(['INVALID_BASE64'])
  })

  it('records invalid quoted-printable and keeps the bad escape', () => {
    const message = parseMessage(enc('Content-Transfer-Encoding: quoted-printable\r\n\r\n100=%'))
    expect(dec(message.content)).toBe('100=%')
    expect(message.problems.map((p) => p.code)).toEqual(['INVALID_QUOTED_PRINTABLE'])
  })

  it('records an unknown transfer encoding and keeps the body', () => {
    const message = parseMessage(enc('Content-Transfer-Encoding: x-uuencode\r\n\r\nbody'))
    expect(dec(message.content)).toBe('body')
    expect(message.transferEncoding).toBe('x-uuencode')
    expect(message.problems.map((p) => p.code)).toEqual(['UNKNOWN_TRANSFER_ENCODING'])
  })

  it('reads a transfer encoding with junk after it', () => {
    expect(parseMessage(enc('Content-Transfer-Encoding: base64;\r\n\r\nQQ==')).content).toEqual(
      enc('A'),
    )
  })

  it('records 8-bit header bytes that are not UTF-8 and reads them as windows-1252', () => {
    const bytes = new Uint8Array([...enc('Subject: Gr'), 0xfc, 0xdf, 0x65, ...enc('\r\n\r\n')])
    const message = parseMessage(bytes)
    expect(message.headers[0]!.value).toBe('Grüße')
    expect(message.problems.map((p) => p.code)).toEqual(['INVALID_HEADER_ENCODING'])
  })

  it('decodes broken encoded words as far as they go', () => {
    const message = parseMessage('Subject: =?UTF-8?B?R3LDvMOfZQ?= =?UTF-8?Q?a=ZZ?= =?bogus\r\n\r\n')
    expect(message.headers[0]!.decoded).toBe('Grüßea=ZZ =?bogus')
  })

  it('records conflicting Content-Type fields and uses the first', () => {
    const message = parseMessage('Content-Type: text/plain\r\nContent-Type: text/html\r\n\r\nx')
    expect(message.contentType.mediaType).toBe('text/plain')
    expect(message.problems.map((p) => p.code)).toEqual(['CONFLICTING_HEADERS'])
    expect(message.headers).toHaveLength(2)
  })

  it('keeps duplicate fields in order', () => {
    const message = parseMessage('Received: a\r\nReceived: b\r\nX: 1\r\nReceived: c\r\n\r\n')
    expect(message.headers.map((h) => h.value)).toEqual(['a', 'b', '1', 'c'])
    expect(message.problems).toEqual([])
  })

  it('reads a header line wrapped without white space as a continuation', () => {
    const message = parseMessage(
      'Content-Type: application/zip;\r\nname="a.zip"\r\nContent-Disposition: attachment\r\n\r\nx',
    )
    expect(message.filename).toBe('a.zip')
    expect(message.problems.map((p) => p.code)).toEqual(['INVALID_HEADER_LINE'])
  })

  it('records a header block without the empty line after it', () => {
    expect(codes('Subject: only headers\r\n')).toEqual(['MISSING_HEADER_SEPARATOR'])
  })

  it('skips a byte order mark and an mbox From line', () => {
    const message = parseMessage(
      new Uint8Array([
        0xef,
        0xbb,
        0xbf,
        ...enc('From a@b Mon Jan 1 00:00:00 2024\nSubject: x\n\nbody'),
      ]),
    )
    expect(message.problems.map((p) => p.code)).toEqual(['BYTE_ORDER_MARK', 'MBOX_FROM_LINE'])
    expect(message.headers.map((h) => h.name)).toEqual(['Subject'])
    expect(message.range.start).toBe(0)
  })

  it('uses RFC 2045 text/plain for an unusable Content-Type, application/octet-stream when it names a file', () => {
    const bad = parseMessage('Content-Type: <html>\r\n\r\nx')
    expect(bad.contentType.mediaType).toBe('text/plain')
    expect(bad.problems.map((p) => p.code)).toEqual(['INVALID_CONTENT_TYPE'])
    const named = parseMessage('Content-Type: application; name=doc.xml.gz\r\n\r\nx')
    expect(named.contentType.mediaType).toBe('application/octet-stream')
    expect(named.filename).toBe('doc.xml.gz')
  })

  it('parses deep nesting within the limit', () => {
    let body = 'Content-Type: text/plain\r\n\r\nleaf'
    for (let i = 50; i > 0; i--)
      body = `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`
    let part = parseMessage(body)
    for (let i = 0; i < 50; i++) part = { ...part, ...part.children[0]! }
    expect(part.text).toBe('leaf')
  })
})
