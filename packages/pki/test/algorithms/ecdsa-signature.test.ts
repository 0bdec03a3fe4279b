// ECDSA signatures between WebCrypto's r‖s and the DER ECDSA-Sig-Value of RFC 5480.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { derToRawSignature, rawToDerSignature } from '../../src/algorithms/ecdsa-signature.js'

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

describe('ECDSA signature encoding', () => {
  it('round-trips r‖s through DER for every curve size', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(32, 48, 66)
          .chain((size) =>
            fc.tuple(
              fc.constant(size),
              fc.uint8Array({ minLength: 2 * size, maxLength: 2 * size }),
            ),
          ),
        ([size, raw]) => {
          expect(derToRawSignature(rawToDerSignature(raw), size)).toEqual(raw)
        },
      ),
    )
  })

  it('writes minimal INTEGERs: leading zeros dropped, a zero byte before a high bit', () => {
    const raw = new Uint8Array(64)
    raw[1] = 0x01
    raw[32] = 0x80
    expect(hex(rawToDerSignature(raw))).toBe(
      '304402' + '1f01' + '00'.repeat(30) + '022100' + '80' + '00'.repeat(31),
    )
  })

  it.each([
    ['garbage', Uint8Array.of(1, 2, 3)],
    ['a SEQUENCE of one INTEGER', Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01)],
    ['three INTEGERs', Uint8Array.of(0x30, 0x09, 0x02, 0x01, 1, 0x02, 0x01, 1, 0x02, 0x01, 1)],
    ['an OCTET STRING for s', Uint8Array.of(0x30, 0x06, 0x02, 0x01, 1, 0x04, 0x01, 1)],
    ['an r longer than the curve', Uint8Array.of(0x30, 0x07, 0x02, 0x02, 1, 1, 0x02, 0x01, 1)],
    ['bytes after the value', Uint8Array.of(0x30, 0x06, 0x02, 0x01, 1, 0x02, 0x01, 1, 0)],
  ])('gives undefined for %s', (_, der) => {
    expect(derToRawSignature(der, 1)).toBeUndefined()
  })
})
