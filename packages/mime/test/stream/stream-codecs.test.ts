import { describe, expect, it } from 'vitest'
import {
  Base64Decoder,
  Base64Encoder,
  canonicalizeLineEndings,
  decodeBase64,
  encodeBase64,
  LineEndingCanonicalizer,
  MimeError,
  MultipartScanner,
} from '@siegel/mime'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

/** `bytes` cut into pieces of `size`, or of pseudo-random sizes 1..size. */
function pieces(bytes: Uint8Array, size: number, random: boolean): Uint8Array[] {
  const out: Uint8Array[] = []
  let seed = size * 7919 + bytes.length
  for (let at = 0; at < bytes.length;) {
    seed = (seed * 1103515245 + 12345) >>> 0
    const n = random ? 1 + (seed % size) : size
    out.push(bytes.slice(at, at + n))
    at += n
  }
  return out
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0
    out[i] = seed >>> 24
  }
  return out
}

const CUTS = [
  [1, false],
  [7, false],
  [7, true],
  [65536, false],
  [200, true],
] as const

describe('Base64Encoder', () => {
  it.each(CUTS)('gives encodeBase64 of the whole for pieces of %i (random %s)', (size, random) => {
    for (const length of [0, 1, 56, 57, 58, 1000, 70000]) {
      const data = randomBytes(length, length)
      const encoder = new Base64Encoder()
      const out = join([
        ...pieces(data, size, random).map((p) => encoder.push(p)),
        encoder.finish(),
      ])
      expect(out).toEqual(encodeBase64(data))
    }
  })
})

describe('Base64Decoder', () => {
  const texts: [string, Uint8Array][] = [
    ['76-column lines', encodeBase64(randomBytes(20000, 1))],
    ['64-column lines (OpenSSL)', encodeBase64(randomBytes(5000, 2), { lineLength: 64 })],
    ['one long line', encodeBase64(randomBytes(30000, 3), { lineLength: 0 })],
    ['odd lines of 3 characters', enc('QUJ\nDRE\nVGR\nw==\n')],
    ['stray characters and text after the padding', enc('QU*JD\r\nRA==\r\nignored')],
    ['a cut-off group', enc('QUJDR')],
  ]
  it.each(CUTS)('gives decodeBase64 of the whole for pieces of %i (random %s)', (size, random) => {
    for (const [, text] of texts) {
      const decoder = new Base64Decoder()
      const out = join([
        ...pieces(text, size, random).map((p) => decoder.push(p)),
        decoder.finish(),
      ])
      const whole = decodeBase64(text)
      expect(out).toEqual(whole.bytes)
      expect(decoder.status).toEqual({
        invalidCharacters: whole.invalidCharacters,
        truncated: whole.truncated,
      })
    }
  })
})

describe('LineEndingCanonicalizer', () => {
  it.each(CUTS)('gives canonicalizeLineEndings of the whole for pieces of %i', (size, random) => {
    const text = enc('a\nb\r\nc\rd\r\r\n\n\re\r')
    const data = join(Array.from({ length: 300 }, () => text))
    const crlf = new LineEndingCanonicalizer()
    const out = join([...pieces(data, size, random).map((p) => crlf.push(p)), crlf.finish()])
    expect(out).toEqual(canonicalizeLineEndings(data))
    expect(crlf.changed).toBe(true)
  })

  it('reports no change for CRLF text', () => {
    const crlf = new LineEndingCanonicalizer()
    for (const p of pieces(enc('a\r\nb\r\n'), 1, false)) crlf.push(p)
    crlf.finish()
    expect(crlf.changed).toBe(false)
  })
})

describe('MultipartScanner', () => {
  const body = (eol: string): Uint8Array =>
    enc(
      [
        'preamble',
        '--b1  ',
        'Content-Type: text/plain',
        '',
        'first part',
        '--b1X is not a delimiter',
        '',
        '--b1',
        'second',
        '--b1--',
        'epilogue',
      ].join(eol),
    )

  it.each(CUTS)('splits parts exactly at the delimiters for pieces of %i', (size, random) => {
    for (const eol of ['\r\n', '\n']) {
      const parts = new Map<number, Uint8Array[]>()
      const scanner = new MultipartScanner('b1', (part, bytes) => {
        parts.set(part, [...(parts.get(part) ?? []), bytes.slice()])
      })
      for (const p of pieces(body(eol), size, random)) scanner.push(p)
      scanner.finish()
      expect(scanner.closed).toBe(true)
      const text = (n: number): string => new TextDecoder().decode(join(parts.get(n) ?? []))
      expect(text(1)).toBe(
        ['Content-Type: text/plain', '', 'first part', '--b1X is not a delimiter', ''].join(eol),
      )
      expect(text(2)).toBe('second')
      expect(text(-1)).toBe(`${eol}epilogue`.slice(eol.length))
    }
  })

  it('finds a delimiter on the first line of the body', () => {
    const seen: number[] = []
    const scanner = new MultipartScanner('x', (part) => seen.push(part))
    scanner.push(enc('--x\r\nA\r\n--x--\r\n'))
    scanner.finish()
    expect(seen).toEqual([1])
  })

  it('rejects a body without its close delimiter with ERR_MIME_MALFORMED', () => {
    const scanner = new MultipartScanner('b1', () => undefined)
    scanner.push(enc('--b1\r\nA\r\n--b1\r\nB'))
    expect(() => scanner.finish()).toThrow(expect.objectContaining({ code: 'ERR_MIME_MALFORMED' }))
  })

  it('rejects an over-long delimiter line and a bad boundary', () => {
    const scanner = new MultipartScanner('b1', () => undefined)
    expect(() => scanner.push(enc(`--b1${' '.repeat(2000)}`))).toThrow(MimeError)
    expect(() => new MultipartScanner('', () => undefined)).toThrow(
      expect.objectContaining({ code: 'ERR_MIME_INVALID_INPUT' }),
    )
  })
})
