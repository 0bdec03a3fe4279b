import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeBase64 } from '@siegel/mime'
import { base64Length, Base64Writer } from '../../src/lib/base64-writer.js'

/** The pieces' bytes written through a Base64Writer after `head`, as the encryption writes them. */
function written(head: Uint8Array, pieces: readonly Uint8Array[]): Uint8Array {
  let total = 0
  for (const piece of pieces) total += piece.length
  const out = new Uint8Array(head.length + base64Length(total))
  out.set(head)
  const writer = new Base64Writer(out, head.length)
  for (const piece of pieces) writer.push(piece)
  return writer.finish()
}

describe('Base64Writer', () => {
  it('writes the bytes of one encodeBase64 call, however the data is cut into pieces', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.array(fc.nat({ max: 600 }), { maxLength: 8 }),
        (data, head, cuts) => {
          const points = [...new Set(cuts.map((c) => Math.min(c, data.length)))].sort(
            (a, b) => a - b,
          )
          const pieces: Uint8Array[] = []
          let at = 0
          for (const point of [...points, data.length]) {
            pieces.push(data.subarray(at, point))
            at = point
          }
          const expected = encodeBase64(data, { prefix: head })
          const actual = written(head, pieces)
          expect(actual).toEqual(expected)
          expect(actual.length).toBe(head.length + base64Length(data.length))
        },
      ),
    )
  })

  it('encodes a piece of several MiB a window at a time, the same as in one call', () => {
    const data = new Uint8Array(3 * 1024 * 1024 + 7)
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) >>> 2
    const actual = written(new Uint8Array(0), [data.subarray(0, 5), data.subarray(5)])
    const expected = encodeBase64(data)
    // Compared by hand: the matcher's diff of megabytes is slow.
    let same = actual.length === expected.length
    for (let i = 0; same && i < actual.length; i++) same = actual[i] === expected[i]
    expect(same).toBe(true)
  })
})
