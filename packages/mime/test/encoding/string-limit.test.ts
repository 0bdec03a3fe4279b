import { describe, expect, it } from 'vitest'
import { decodeBase64, encodeBase64 } from '@siegel/mime'
import { latin1 } from '../../src/lib/bytes.js'
import { decodeText, decodeWindows1252 } from '../../src/lib/charset.js'
import { decodeChecked, MAX_STRING_LENGTH } from '../../src/lib/string-limit.js'

const limitError = expect.objectContaining({ code: 'ERR_MIME_LIMIT_EXCEEDED' })
// A runtime at its string limit: Chromium's TextDecoder answers '' instead of throwing.
const silentDecoder = { decode: (): string => '' }
const throwingDecoder = {
  decode: (): string => {
    throw new RangeError('Invalid string length')
  },
}

describe('bytes to strings at the runtime string limit', () => {
  it('turns an empty or far too short decoder result of a large input into ERR_MIME_LIMIT_EXCEEDED', () => {
    const body = new Uint8Array(1024 * 1024).fill(0x41)
    expect(() => decodeChecked(silentDecoder, body, 'text')).toThrow(limitError)
    expect(() => decodeChecked(throwingDecoder, body, 'text')).toThrow(limitError)
    expect(() =>
      decodeChecked({ decode: () => 'A'.repeat(body.length / 8 - 1) }, body, 'text'),
    ).toThrow(limitError)
    expect(decodeChecked({ decode: () => 'A'.repeat(body.length / 8) }, body, 'text')).toHaveLength(
      body.length / 8,
    )
  })

  it('lets small inputs decode to nothing (a lone byte order mark is no text)', () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf)
    expect(decodeChecked(new TextDecoder(), bom, 'text')).toBe('')
    expect(decodeText(bom, 'utf-8').text).toBe('')
  })

  it('refuses one character per byte past the limit before decoding, and accepts it up to it', () => {
    const bytes = new Uint8Array(4096).fill(0x61)
    expect(latin1(bytes, 0, bytes.length)).toBe('a'.repeat(4096))
    // Only the length is read before the check: no 512 MiB buffer is needed to reach it.
    expect(() => latin1(bytes, 0, MAX_STRING_LENGTH + 1)).toThrow(limitError)
    const huge = { length: MAX_STRING_LENGTH + 1 } as Uint8Array
    expect(() => decodeWindows1252(huge)).toThrow(limitError)
  })

  it('decodes base64 past the native fast path from the bytes, identically', () => {
    // 50 MiB of data is 68 MiB of base64 with line breaks: past the 64 MiB fast path.
    const data = new Uint8Array(50 * 1024 * 1024)
    let x = 1
    for (let i = 0; i < data.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0
      data[i] = x >>> 24
    }
    const text = encodeBase64(data)
    expect(text.length).toBeGreaterThan(64 * 1024 * 1024)
    const decoded = decodeBase64(text)
    expect(decoded.invalidCharacters).toBe(0)
    expect(decoded.bytes.length).toBe(data.length)
    let same = true
    for (let i = 0; i < data.length; i += 4093) same &&= decoded.bytes[i] === data[i]
    expect(same).toBe(true)
    expect(decoded.bytes.subarray(-1000)).toEqual(data.subarray(-1000))
  })
})
