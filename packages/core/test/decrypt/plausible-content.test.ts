// What counts as a plausible decrypted content when only a CBC padding vouches for the key.
import { describe, expect, it } from 'vitest'
import { choosePlausible, plausibility, PLAUSIBILITY } from '../../src/decrypt/plausible-content.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const { BINARY, TEXT, MIME_ENTITY } = PLAUSIBILITY

describe('plausibility', () => {
  it.each([
    ['a header block and a body', bytes('Content-Type: text/plain\r\n\r\nhello\r\n'), MIME_ENTITY],
    ['folded header lines, LF only', bytes('Subject: a\n b\nX-A: c\n\nbody'), MIME_ENTITY],
    ['UTF-8 in a header value (RFC 6532)', bytes('Subject: Grüße\r\n\r\n'), MIME_ENTITY],
    ['headers up to the end', bytes('Content-Type: text/plain'), MIME_ENTITY],
    ['Latin-1 after a header block', Uint8Array.of(...bytes('A: b\r\n\r\n'), 0xe4), MIME_ENTITY],
    ['text without headers', bytes('attack at dawn\r\n'), TEXT],
    ['a line with a space before the colon', bytes('Not a: header\r\n'), TEXT],
    ['empty content', new Uint8Array(0), TEXT],
    ['a NUL byte', bytes('Content-Type: text/plain\r\n\0'), BINARY],
    ['an escape character', bytes('\x1b[31mred'), BINARY],
    ['invalid UTF-8 without headers', Uint8Array.of(0x61, 0xff, 0x62), BINARY],
    ['a continuation line first', bytes(' A: b\r\n'), TEXT],
  ])('rates %s', (_, content, expected) => {
    expect(plausibility(content)).toBe(expected)
  })

  it('rates random bytes as binary (what a wrong key gives)', () => {
    let binary = 0
    for (let i = 0; i < 200; i++)
      if (plausibility(crypto.getRandomValues(new Uint8Array(47))) === BINARY) binary++
    expect(binary).toBe(200)
  })
})

describe('choosePlausible', () => {
  const entity = { content: bytes('A: b\r\n\r\nc'), result: 'entity' }
  const text = { content: bytes('plain words'), result: 'text' }
  const noise = { content: Uint8Array.of(0, 1, 2, 0xff), result: 'noise' }

  it('takes the most plausible content', () => {
    expect(choosePlausible([noise, entity, text], BINARY)).toBe('entity')
    expect(choosePlausible([noise, text], TEXT)).toBe('text')
  })

  it('takes nothing below the minimum, and nothing when two different contents tie', () => {
    expect(choosePlausible([noise], TEXT)).toBeUndefined()
    expect(choosePlausible([noise], BINARY)).toBe('noise')
    const other = { content: Uint8Array.of(0, 9), result: 'other' }
    expect(choosePlausible([noise, other], BINARY)).toBeUndefined()
    expect(choosePlausible([], BINARY)).toBeUndefined()
  })

  it('takes a content that several entries agree on', () => {
    expect(choosePlausible([noise, { ...noise, result: 'again' }], BINARY)).toBe('noise')
  })
})
