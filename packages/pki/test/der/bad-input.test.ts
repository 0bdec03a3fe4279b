import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  assertDer,
  DerError,
  DerReader,
  MAX_DER_DEPTH,
  octetStringContent,
  readRoot,
  type DerContext,
} from '@siegel/pki/der'
import { arbitraryTree, encodeTree, nestedOctetStrings, readTree } from './trees.js'

const DER: DerContext = { code: 'ERR_PKI_INVALID_INPUT', what: 'test', strict: true }
const BER: DerContext = { code: 'ERR_PKI_INVALID_INPUT', what: 'test' }
const hex = (text: string): Uint8Array =>
  Uint8Array.from(text.match(/[0-9a-f]{2}/g) ?? [], (pair) => parseInt(pair, 16))

/** Reads everything in `bytes`; only DerErrors may come out. */
function readAll(bytes: Uint8Array, context: DerContext): void {
  try {
    readTree(bytes, readRoot(bytes, context), context)
  } catch (error) {
    expect(error).toBeInstanceOf(DerError)
    expect(['ERR_PKI_INVALID_INPUT', 'ERR_PKI_DER_TOO_DEEP']).toContain((error as DerError).code)
  }
}

describe('DER reader on hostile input', () => {
  it('answers random edits and truncations with a DerError, in BER and DER mode', () => {
    const edits = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 6,
    })
    fc.assert(
      fc.property(
        arbitraryTree,
        fc.boolean(),
        edits,
        fc.nat(),
        (tree, indefinite, changes, cut) => {
          const bytes = encodeTree(tree, indefinite)
          for (const [at, value] of changes) bytes[at % bytes.length] = value
          const mutated = bytes.subarray(0, 1 + (cut % bytes.length))
          readAll(mutated, BER)
          readAll(mutated, DER)
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('answers random bytes with a DerError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        readAll(bytes, BER)
        readAll(bytes, DER)
      }),
      { numRuns: 2000 },
    )
  })

  it('stops 20,000 nested OCTET STRINGs with ERR_PKI_DER_TOO_DEEP, not a stack overflow', () => {
    const bytes = nestedOctetStrings(20_000, hex('04 01 2a'))
    const root = readRoot(bytes, BER)
    expect(() => octetStringContent(bytes, root, BER)).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_DER_TOO_DEEP' }),
    )
    const reader = new DerReader('ERR_PKI_MALFORMED_PKCS12', 'PKCS#12')
    expect(() => reader.octets(reader.one(bytes), 'content')).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_DER_TOO_DEEP' }),
    )
    // Constructed strings are not DER at all.
    expect(() => readRoot(bytes, DER)).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
    )
  })

  it('counts indefinite-length levels as well', () => {
    const depth = 20_000
    const bytes = new Uint8Array(depth * 4)
    for (let i = 0; i < depth; i++) bytes.set([0x30, 0x80], i * 2)
    expect(() => readRoot(bytes, BER)).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_DER_TOO_DEEP' }),
    )
  })

  it('reads nesting up to MAX_DER_DEPTH and joins BER OCTET STRING pieces in order', () => {
    const pieces = hex('24 80 04 01 01 24 06 04 01 02 04 01 03 04 01 04 00 00')
    expect(octetStringContent(pieces, readRoot(pieces, BER), BER)).toEqual(hex('01 02 03 04'))
    const deep = nestedOctetStrings(MAX_DER_DEPTH, hex('04 01 2a'))
    expect(octetStringContent(deep, readRoot(deep, BER), BER)).toEqual(hex('2a'))
    const tooDeep = nestedOctetStrings(MAX_DER_DEPTH + 1, hex('04 01 2a'))
    expect(() => octetStringContent(tooDeep, readRoot(tooDeep, BER), BER)).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_DER_TOO_DEEP' }),
    )
    const foreign = hex('24 03 02 01 01')
    expect(() => octetStringContent(foreign, readRoot(foreign, BER), BER)).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT', offset: 2 }),
    )
  })
})

describe('strict DER', () => {
  it.each([
    ['an indefinite length', '30 80 05 00 00 00'],
    ['a long-form length under 128', '04 81 01 2a'],
    ['a length with a leading zero octet', '04 82 00 81' + ' 00'.repeat(129)],
    ['a BOOLEAN TRUE other than FF', '01 01 01'],
    ['a BOOLEAN of two octets', '01 02 00 00'],
    ['a constructed OCTET STRING', '24 03 04 01 2a'],
    ['a constructed UTF8String', '2c 03 0c 01 41'],
    ['an empty INTEGER', '02 00'],
    ['a BIT STRING with 8 unused bits', '03 02 08 00'],
    ['a BIT STRING whose unused bits are not zero', '03 02 01 01'],
    ['an empty BIT STRING with unused bits', '03 01 01'],
    ['a NULL with content', '05 01 00'],
  ])('refuses %s, which BER allows', (_, text) => {
    const bytes = hex(text)
    expect(() => assertDer(bytes, DER)).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
    )
    if (!text.startsWith('01 02') && !text.startsWith('02 00') && !text.startsWith('03 02 08'))
      expect(() => readRoot(bytes, BER)).not.toThrow()
  })

  it.each([
    ['an OID subidentifier with a leading 0x80', '06 03 2a 80 03'],
    ['an OID ending inside a subidentifier', '06 02 2a 86'],
    ['an empty OID', '06 00'],
    ['a constructed OID', '26 03 06 01 2a'],
    ['a tag number under 31 in the high form', '9f 1e 00'],
    ['a high tag number with a leading 0x80', '9f 80 1f 00'],
    ['the reserved length octet 0xff', '04 ff'],
  ])('refuses %s in BER too', (_, text) => {
    const bytes = hex(text)
    for (const context of [BER, DER])
      expect(() => readRoot(bytes, context)).toThrow(
        expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
      )
  })

  it('reads the DER forms of the same values', () => {
    for (const text of [
      '01 01 ff',
      '01 01 00',
      '02 01 00',
      '02 02 00 80',
      '02 02 00 01',
      '02 01 ff',
      '03 02 04 f0',
      '03 01 00',
      '05 00',
      '04 81 80' + ' 00'.repeat(128),
      '9f 1f 00',
    ])
      expect(() => assertDer(hex(text), DER), text).not.toThrow()
  })

  it('applies the rules throughout a DerReader with strict set', () => {
    const strict = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'certificate', { strict: true })
    const lenient = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'certificate')
    const bytes = hex('30 06 30 80 02 01 01 00 00'.replace('30 06', '30 07'))
    expect(lenient.children(lenient.sequence(lenient.one(bytes), 'outer')[0]!)).toHaveLength(1)
    expect(() => strict.sequence(strict.one(bytes), 'outer')).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_MALFORMED_CERTIFICATE', offset: 2 }),
    )
  })
})
