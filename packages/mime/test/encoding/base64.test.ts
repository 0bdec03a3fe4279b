import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBase64, encodeBase64 } from '@siegel/mime'
import { checkBase64 } from '../../src/encoding/base64.js'

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)
const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s)

// RFC 4648 §10 test vectors.
const RFC4648 = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
] as const

describe('base64', () => {
  it.each(RFC4648)('encodes %j as %j (RFC 4648 §10)', (plain, encoded) => {
    expect(text(encodeBase64(bytesOf(plain), { lineLength: 0 }))).toBe(encoded)
    expect(text(decodeBase64(encoded).bytes)).toBe(plain)
  })

  it('folds lines at 76 characters with CRLF', () => {
    const encoded = text(encodeBase64(new Uint8Array(200).fill(0xab)))
    const lines = encoded.split('\r\n')
    expect(lines.pop()).toBe('')
    expect(lines.slice(0, -1).every((l) => l.length === 76)).toBe(true)
    expect(lines.every((l) => l.length <= 76)).toBe(true)
  })

  it('skips white space and counts stray characters when decoding', () => {
    const result = decodeBase64('Zm9v\r\n Ym!Fy')
    expect(text(result.bytes)).toBe('foobar')
    expect(result.invalidCharacters).toBe(1)
    expect(result.truncated).toBe(false)
  })

  it.each([-1, 1.5, Number.NaN])(
    'rejects the line length %j with ERR_MIME_INVALID_INPUT',
    (lineLength) => {
      expect(() => encodeBase64(new Uint8Array(3), { lineLength })).toThrow(
        expect.objectContaining({ code: 'ERR_MIME_INVALID_INPUT' }),
      )
    },
  )

  it('reports a cut-off group', () => {
    expect(decodeBase64('Zm9vY').truncated).toBe(true)
  })

  it('round-trips any bytes at any line length', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.integer({ min: 0, max: 100 }),
        (bytes, lineLength) => {
          const decoded = decodeBase64(encodeBase64(bytes, { lineLength }))
          expect(decoded.bytes).toEqual(bytes)
          expect(decoded.invalidCharacters).toBe(0)
        },
      ),
    )
  })

  it('agrees with the runtime btoa', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        expect(text(encodeBase64(bytes, { lineLength: 0 }))).toBe(
          btoa(String.fromCharCode(...bytes)),
        )
      }),
    )
  })

  it('encodes data given in pieces exactly as the joined data, after a prefix of any length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }),
        fc.uint8Array({ maxLength: 7 }),
        fc.integer({ min: 0, max: 80 }),
        (pieces, prefix, lineLength) => {
          const joined = Uint8Array.from(pieces.flatMap((p) => [...p]))
          const expected = encodeBase64(joined, { lineLength })
          const encoded = encodeBase64(pieces, { lineLength, prefix })
          expect(encoded.subarray(0, prefix.length)).toEqual(prefix)
          expect(text(encoded.subarray(prefix.length))).toBe(text(expected))
        },
      ),
    )
  })

  it('folds pieces into 76-character lines like one block, with a CRLF after the last', () => {
    const bytes = Uint8Array.from({ length: 200 }, (_, i) => i)
    const lines = text(
      encodeBase64([bytes.subarray(0, 1), bytes.subarray(1, 58), bytes.subarray(58)]),
    )
    // 200 bytes are 67 groups: three full lines of 19 groups, then 10 groups.
    expect(lines.split('\r\n').map((l) => l.length)).toEqual([76, 76, 76, 40, 0])
  })

  it('checks without decoding exactly what decoding reports', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...'QUJD+/=\r\n \t*-.\u00e9'.split('')), { maxLength: 60 }),
        (chars) => {
          const bytes = Uint8Array.from(chars.join(''), (c) => c.charCodeAt(0))
          const { bytes: _, ...reported } = decodeBase64(bytes)
          expect(checkBase64(bytes)).toEqual(reported)
        },
      ),
    )
  })
})
