import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeWords, encodeWords, parseContentType, formatContentType } from '@siegel/mime'

// RFC 2047 §8 examples.
const RFC2047 = [
  ['(=?ISO-8859-1?Q?a?=)', '(a)'],
  ['(=?ISO-8859-1?Q?a?= b)', '(a b)'],
  ['(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)', '(ab)'],
  ['(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)', '(ab)'],
  ['(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)', '(ab)'],
  ['(=?ISO-8859-1?Q?a_b?=)', '(a b)'],
  ['(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)', '(a b)'],
  ['=?US-ASCII?Q?Keith_Moore?=', 'Keith Moore'],
  ['=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=', 'Keld Jørn Simonsen'],
  ['=?ISO-8859-1?Q?Andr=E9?= Pirard', 'André Pirard'],
  ['=?iso-8859-1?q?this=20is=20some=20text?=', 'this is some text'],
  ['=?UTF-8?B?R3LDvMOfZQ==?=', 'Grüße'],
] as const

describe('encoded words', () => {
  it.each(RFC2047)('decodes %j', (input, expected) => {
    expect(decodeWords(input)).toBe(expected)
  })

  it('joins a character split across two adjacent words', () => {
    expect(decodeWords('=?UTF-8?B?R3LD?= =?UTF-8?B?vA==?=')).toBe('Grü')
    expect(decodeWords('=?UTF-8?Q?a=C3?= =?ISO-8859-1?Q?=FC?=')).toBe('a\ufffdü')
  })

  it('leaves a word in an unknown charset as it was', () => {
    expect(decodeWords('=?x-unknown?Q?a?=')).toBe('=?x-unknown?Q?a?=')
  })

  it('leaves printable ASCII unencoded', () => {
    expect(encodeWords('Hello, world')).toBe('Hello, world')
  })

  it('keeps every encoded word within 75 characters', () => {
    for (const word of encodeWords('Grüße aus dem Landratsamt '.repeat(8)).split(' ')) {
      expect(word.length).toBeLessThanOrEqual(75)
    }
  })

  it('round-trips any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (s) => {
        expect(decodeWords(encodeWords(s))).toBe(s)
      }),
    )
  })
})

describe('content type', () => {
  it('parses quoted parameters, comments and case', () => {
    const type = parseContentType(
      'Multipart/Signed; protocol="application/pkcs7-signature" (sig); MICALG=sha-256;\r\n boundary="a \\"b\\""',
    )
    expect(type).toEqual({
      mediaType: 'multipart/signed',
      parameters: { protocol: 'application/pkcs7-signature', micalg: 'sha-256', boundary: 'a "b"' },
    })
  })

  it('formats what it parses', () => {
    const type = { mediaType: 'text/plain', parameters: { charset: 'utf-8', name: 'a b.txt' } }
    expect(formatContentType(type)).toBe('text/plain; charset=utf-8; name="a b.txt"')
    expect(parseContentType(formatContentType(type))).toEqual(type)
  })

  it('returns undefined for an empty value', () => {
    expect(parseContentType('  ')).toBeUndefined()
  })
})
