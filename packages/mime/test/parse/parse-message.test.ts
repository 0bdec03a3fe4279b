import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBody, getHeader, MimeError, parseMessage, type MimePart } from '@siegel/mime'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)

const SIGNED = [
  'From: alice@example.org',
  'Subject: signed',
  'MIME-Version: 1.0',
  'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256;',
  ' boundary="b1"',
  '',
  'preamble',
  '--b1',
  'Content-Type: text/plain',
  '',
  'Hello  ',
  '--b1 ',
  'Content-Type: application/pkcs7-signature',
  'Content-Transfer-Encoding: base64',
  '',
  'AQID',
  '--b1--',
  'epilogue',
  '',
].join('\r\n')

describe('parseMessage', () => {
  it('splits multipart/signed and keeps the exact bytes of the first part', () => {
    const bytes = enc(SIGNED)
    const message = parseMessage(bytes)
    expect(message.problems).toEqual([])
    expect(message.contentType.mediaType).toBe('multipart/signed')
    expect(message.children).toHaveLength(2)
    const [signed, signature] = message.children
    // RFC 2046 §5.1.1: the CRLF before the delimiter belongs to the delimiter.
    expect(dec(signed!.raw)).toBe('Content-Type: text/plain\r\n\r\nHello  ')
    expect(bytes.subarray(signed!.range.start, signed!.range.end)).toEqual(signed!.raw)
    expect(dec(signed!.body)).toBe('Hello  ')
    expect(decodeBody(signature!)).toEqual(new Uint8Array([1, 2, 3]))
  })

  it('unfolds headers and keeps their order and ranges', () => {
    const message = parseMessage(enc(SIGNED))
    expect(message.headers.map((h) => h.name)).toEqual([
      'From',
      'Subject',
      'MIME-Version',
      'Content-Type',
    ])
    const contentType = message.headers[3]!
    expect(contentType.value).toBe(
      'multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="b1"',
    )
    expect(dec(enc(SIGNED).subarray(contentType.range.start, contentType.range.end))).toMatch(
      /^Content-Type:[^]*"b1"\r\n$/,
    )
    expect(getHeader(message, 'SUBJECT')).toBe('signed')
  })

  it('reads bare LF line endings the same way', () => {
    const message = parseMessage(enc(SIGNED.replaceAll('\r\n', '\n')))
    expect(message.problems).toEqual([])
    expect(dec(message.children[0]!.raw)).toBe('Content-Type: text/plain\n\nHello  ')
  })

  it('decodes UTF-8 header bytes and RFC 2047 words', () => {
    const message = parseMessage(enc('Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= und Grüße\r\n\r\nx'))
    expect(message.headers[0]!.decoded).toBe('Grüße und Grüße')
  })

  it('records a missing close delimiter and keeps the last part', () => {
    const message = parseMessage(
      enc('Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\none\r\n--x\r\n\r\ntwo\r\n'),
    )
    expect(message.problems.map((p) => p.code)).toEqual(['MISSING_CLOSE_DELIMITER'])
    expect(message.children.map((c) => dec(c.body))).toEqual(['one', 'two\r\n'])
  })

  it('records a multipart without boundary parameter', () => {
    const message = parseMessage(enc('Content-Type: multipart/mixed\r\n\r\nbody'))
    expect(message.problems.map((p) => p.code)).toEqual(['MISSING_BOUNDARY_PARAMETER'])
  })

  it('ignores a boundary that is only the prefix of a longer one', () => {
    const message = parseMessage(
      enc('Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\n--xy\r\n--x--\r\n'),
    )
    expect(message.children.map((c) => dec(c.body))).toEqual(['--xy'])
  })

  it('turns problems into ERR_MIME_MALFORMED in strict mode', () => {
    const bytes = enc('Content-Type: multipart/mixed; boundary=x\r\n\r\nno delimiter')
    expect(parseMessage(bytes).problems.map((p) => p.code)).toEqual(['MISSING_FIRST_BOUNDARY'])
    expect(() => parseMessage(bytes, { strict: true })).toThrow(
      expect.objectContaining({ code: 'ERR_MIME_MALFORMED' }),
    )
  })

  it('takes a line that is no header as the start of the body', () => {
    const message = parseMessage(enc('Subject: x\r\nthis is not a header\r\nmore'))
    expect(message.problems.map((p) => p.code)).toEqual(['INVALID_HEADER_LINE'])
    expect(dec(message.body)).toBe('this is not a header\r\nmore')
  })

  it('rejects nesting over maxNestingDepth with ERR_MIME_NESTING_TOO_DEEP, and accepts it at the bound', () => {
    const nested = (depth: number): string => {
      let body = 'Content-Type: text/plain\r\n\r\nleaf'
      for (let i = depth; i > 0; i--)
        body = `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`
      return body
    }
    expect(() => parseMessage(nested(5), { maxNestingDepth: 5 })).not.toThrow()
    expect(() => parseMessage(nested(6), { maxNestingDepth: 5 })).toThrow(
      expect.objectContaining({ code: 'ERR_MIME_NESTING_TOO_DEEP' }),
    )
  })

  it('rejects more than maxParts parts with ERR_MIME_TOO_MANY_PARTS, and accepts it at the bound', () => {
    const parts = (n: number): string =>
      'Content-Type: multipart/mixed; boundary=x\r\n\r\n' +
      '--x\r\n\r\np\r\n'.repeat(n) +
      '--x--\r\n'
    expect(parseMessage(parts(9), { maxParts: 10 }).children).toHaveLength(9)
    expect(() => parseMessage(parts(10), { maxParts: 10 })).toThrow(
      expect.objectContaining({ code: 'ERR_MIME_TOO_MANY_PARTS' }),
    )
  })

  it('rejects a header block over maxHeaderBytes with ERR_MIME_HEADER_TOO_LARGE, and accepts it at the bound', () => {
    const header = 'X-A: ' + 'a'.repeat(93) + '\r\n' // 100 bytes
    expect(() =>
      parseMessage(header.repeat(10) + '\r\nbody', { maxHeaderBytes: 1000 }),
    ).not.toThrow()
    expect(() => parseMessage(header.repeat(11) + '\r\nbody', { maxHeaderBytes: 1000 })).toThrow(
      expect.objectContaining({ code: 'ERR_MIME_HEADER_TOO_LARGE' }),
    )
  })

  it.each([0, -1, 1.5, Number.NaN, '10'])(
    'rejects the limit option %j with ERR_MIME_INVALID_INPUT',
    (value) => {
      expect(() => parseMessage('x', { maxParts: value as number })).toThrow(
        expect.objectContaining({ code: 'ERR_MIME_INVALID_INPUT' }),
      )
    },
  )

  it('rejects input that is neither bytes nor a string with ERR_MIME_INVALID_INPUT', () => {
    expect(() => parseMessage(42 as unknown as string)).toThrow(MimeError)
  })

  it('never throws on arbitrary bytes in loose mode, and every part range points into the input', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom('', 'Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n'),
        (noise, prefix) => {
          const bytes = new Uint8Array([...enc(prefix), ...noise])
          const message = parseMessage(bytes)
          const check = (part: MimePart): void => {
            expect(bytes.subarray(part.range.start, part.range.end)).toEqual(part.raw)
            part.children.forEach(check)
          }
          check(message)
        },
      ),
    )
  })
})
