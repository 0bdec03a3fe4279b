import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Base64Encoder, encodeBase64 } from '@siegel/mime'

// encodeBase64 writes with the runtime's native encoder where it has one (Node's Buffer, the
// TC39 toBase64) when the pieces end on whole lines, else with its own loop. Either way the
// bytes must be those of plain base64 (btoa, RFC 4648 §4) folded into CRLF lines (RFC 2045 §6.8).
function reference(bytes: Uint8Array, lineLength: number): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  const text = btoa(binary)
  if (lineLength === 0 || text === '') return text
  const chars = Math.max(1, lineLength >> 2) * 4
  let out = ''
  for (let i = 0; i < text.length; i += chars) out += text.slice(i, i + chars) + '\r\n'
  return out
}

const decode = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes)

describe('encodeBase64, native or not', () => {
  it('gives plain base64 folded into lines, for pieces on line boundaries or not', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat(3000), { maxLength: 4 }),
        fc.constantFrom(76, 64, 8, 4, 0),
        fc.boolean(),
        (bytes, cuts, lineLength, alignCuts) => {
          const line = Math.max(1, lineLength >> 2) * 3
          // Cut points, optionally moved onto whole lines (where the native path applies).
          const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))]
            .map((c) => (alignCuts && lineLength > 0 ? c - (c % line) : c))
            .sort((a, b) => a - b)
          const pieces = [0, ...points].map((p, i, all) => bytes.subarray(p, all[i + 1]))
          const prefix = new TextEncoder().encode('Content-Transfer-Encoding: base64\r\n\r\n')
          expect(decode(encodeBase64(pieces, { lineLength }))).toBe(reference(bytes, lineLength))
          expect(decode(encodeBase64(pieces, { lineLength, prefix }))).toBe(
            decode(prefix) + reference(bytes, lineLength),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it('folds a large piece, encoded natively in several calls, like the reference', () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 7).map((_, i) => (i * 131) % 251)
    expect(decode(encodeBase64(bytes))).toBe(reference(bytes, 76))
  })

  it('streams the same bytes in pieces of any size', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.integer({ min: 1, max: 300 }),
        (bytes, size) => {
          const encoder = new Base64Encoder()
          let out = ''
          for (let i = 0; i < bytes.length; i += size)
            out += decode(encoder.push(bytes.subarray(i, i + size)))
          out += decode(encoder.finish())
          expect(out).toBe(reference(bytes, 76))
        },
      ),
      { numRuns: 200 },
    )
  })
})
