import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decodeBase64, encodeBase64, parseMessage } from '@siegel/mime'
import { latin1, tryUtf8 } from '../../src/lib/bytes.js'
import { decodeText, decodeUtf8, decodeWindows1252 } from '../../src/lib/charset.js'
import { MAX_STRING_LENGTH } from '../../src/lib/string-limit.js'
import { lowerStringLimit, restoreStringLimit } from '../helpers/string-limit.js'

// The runtime's limit (2^29 − 24 characters) needs half a gigabyte of text to reach; each
// decoder is taken to a lowered one instead (see ../helpers/string-limit.ts).
const LIMIT = 256 * 1024
const limitError = expect.objectContaining({ code: 'ERR_MIME_LIMIT_EXCEEDED' })

beforeEach(() => lowerStringLimit(LIMIT))
afterEach(restoreStringLimit)

const filled = (length: number, byte: number): Uint8Array => new Uint8Array(length).fill(byte)
// A two-byte UTF-8 character ("é"), so the text is half as long as its bytes.
const twoByteUtf8 = (characters: number): Uint8Array => {
  const bytes = new Uint8Array(characters * 2)
  for (let i = 0; i < bytes.length; i += 2) bytes.set([0xc3, 0xa9], i)
  return bytes
}

describe('every bytes-to-string decoder at the string limit', () => {
  it('keeps the real limit at 2^29 − 24 characters (V8)', () => {
    expect(MAX_STRING_LENGTH).toBe(2 ** 29 - 24)
  })

  it('latin1: exactly the limit decodes, one byte more is ERR_MIME_LIMIT_EXCEEDED', () => {
    expect(latin1(filled(LIMIT, 0x61), 0, LIMIT)).toHaveLength(LIMIT)
    expect(() => latin1(filled(LIMIT + 1, 0x61), 0, LIMIT + 1)).toThrow(limitError)
  })

  it('windows-1252: exactly the limit decodes, one byte more is ERR_MIME_LIMIT_EXCEEDED', () => {
    expect(decodeWindows1252(filled(LIMIT, 0x80))).toBe('€'.repeat(LIMIT))
    expect(() => decodeWindows1252(filled(LIMIT + 1, 0x80))).toThrow(limitError)
  })

  it.each(['utf-8', 'us-ascii', undefined, 'iso-8859-2', 'shift_jis', 'koi8-r', 'x-unknown'])(
    'decodeText (%s): exactly the limit decodes, one character more is ERR_MIME_LIMIT_EXCEEDED',
    (charset) => {
      expect(decodeText(filled(LIMIT, 0x61), charset).text).toHaveLength(LIMIT)
      expect(() => decodeText(filled(LIMIT + 1, 0x61), charset)).toThrow(limitError)
    },
  )

  it('decodeText (windows-1252 fallback for 8-bit bytes): at and past the limit', () => {
    expect(decodeText(filled(LIMIT, 0xe9), undefined).text).toBe('é'.repeat(LIMIT))
    expect(() => decodeText(filled(LIMIT + 1, 0xe9), undefined)).toThrow(limitError)
  })

  it('decodeText (utf-16le): the limit counts characters, not bytes', () => {
    expect(decodeText(filled(LIMIT * 2, 0x41), 'utf-16le').text).toHaveLength(LIMIT)
    expect(() => decodeText(filled(LIMIT * 2 + 2, 0x41), 'utf-16le')).toThrow(limitError)
  })

  it('UTF-8 of two-byte characters: twice the limit in bytes decodes, two bytes more do not', () => {
    expect(decodeUtf8(twoByteUtf8(LIMIT))).toBe('é'.repeat(LIMIT))
    expect(tryUtf8(twoByteUtf8(LIMIT))).toHaveLength(LIMIT)
    expect(() => decodeUtf8(twoByteUtf8(LIMIT + 1))).toThrow(limitError)
    // Past the limit is an error, not "not UTF-8" (which would send it to windows-1252).
    expect(() => tryUtf8(twoByteUtf8(LIMIT + 1))).toThrow(limitError)
    expect(() => decodeText(twoByteUtf8(LIMIT + 1), 'utf-8')).toThrow(limitError)
  })

  it('base64 decoding needs no string: text past the limit decodes to the same bytes', () => {
    const data = new Uint8Array(((LIMIT + 4) / 4) * 3)
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) >>> 3
    for (const length of [LIMIT, LIMIT + 4]) {
      const text = encodeBase64(data.subarray(0, (length / 4) * 3), { lineLength: 0 })
      expect(text).toHaveLength(length)
      expect(decodeBase64(text).bytes).toEqual(data.subarray(0, (length / 4) * 3))
      const folded = encodeBase64(data.subarray(0, (length / 4) * 3))
      expect(decodeBase64(folded).bytes).toEqual(data.subarray(0, (length / 4) * 3))
    }
  })

  it('base64 encoding in one line: at and past the limit, the same text as the encoder of pieces', () => {
    for (const bytes of [(LIMIT / 4) * 3, (LIMIT / 4) * 3 + 1]) {
      const data = filled(bytes, 0xfb)
      const one = encodeBase64(data, { lineLength: 0 })
      const pieces = encodeBase64([data.subarray(0, 1), data.subarray(1)], { lineLength: 0 })
      expect(one).toEqual(pieces)
      expect(one).toHaveLength(Math.ceil(bytes / 3) * 4)
    }
  })

  it('parseMessage of a text/plain part past the limit is ERR_MIME_LIMIT_EXCEEDED, never a cut text', () => {
    const head = new TextEncoder().encode('Content-Type: text/plain; charset=utf-8\r\n\r\n')
    for (const [length, fits] of [
      [LIMIT, true],
      [LIMIT + 1, false],
    ] as const) {
      const mail = new Uint8Array(head.length + length).fill(0x61)
      mail.set(head)
      if (fits) expect(parseMessage(mail).text).toHaveLength(length)
      else expect(() => parseMessage(mail)).toThrow(limitError)
    }
  })
})
