import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeQuotedPrintable, encodeQuotedPrintable } from '@siegel/mime'

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)
const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('quoted-printable', () => {
  it('encodes non-ASCII as =XX and "=" itself', () => {
    expect(text(encodeQuotedPrintable(bytesOf('Grüße = 1')))).toBe('Gr=C3=BC=C3=9Fe =3D 1')
  })

  it('encodes white space at the end of a line (RFC 2045 §6.7 rule 3)', () => {
    expect(text(encodeQuotedPrintable(bytesOf('a \r\nb\t')))).toBe('a=20\r\nb=09')
  })

  it('protects "From " and a lone "." at the start of a line', () => {
    expect(text(encodeQuotedPrintable(bytesOf('From me\n.\n.x')))).toBe('=46rom me\r\n=2E\r\n.x')
  })

  it('keeps every encoded line within 76 characters', () => {
    const encoded = text(encodeQuotedPrintable(bytesOf('ä'.repeat(100) + ' x'.repeat(100))))
    for (const line of encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76)
  })

  it('decodes soft breaks, and keeps a malformed "=" as it is', () => {
    expect(text(decodeQuotedPrintable(bytesOf('Gr=C3=BC=\r\n=C3=9Fe =ZZ =\n')))).toBe('Grüße =ZZ ')
  })

  it('drops transport padding at the end of a line', () => {
    expect(text(decodeQuotedPrintable(bytesOf('a  \r\nb')))).toBe('a\r\nb')
  })

  it('round-trips any bytes, line breaks normalised to CRLF', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (bytes) => {
        expect(decodeQuotedPrintable(encodeQuotedPrintable(bytes))).toEqual(crlf(bytes))
      }),
    )
  })
})

function crlf(bytes: Uint8Array): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b === 0x0d && bytes[i + 1] === 0x0a) {
      out.push(0x0d, 0x0a)
      i++
    } else if (b === 0x0d || b === 0x0a) out.push(0x0d, 0x0a)
    else out.push(b)
  }
  return Uint8Array.from(out)
}
