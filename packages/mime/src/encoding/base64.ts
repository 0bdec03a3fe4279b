import { MimeError } from '../errors.js'
import { checkBytes, toBytes } from '../lib/bytes.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const ENCODE = new Uint8Array(64)
// Pairs of output characters for every 12-bit value, so the encoder writes two at a time.
const ENCODE_PAIR = new Uint16Array(4096)
// 0-63 for alphabet characters, 0xff for everything else (the byte-at-a-time path).
const DECODE = new Uint8Array(256).fill(0xff)
for (let i = 0; i < 64; i++) {
  ENCODE[i] = ALPHABET.charCodeAt(i)
  DECODE[ALPHABET.charCodeAt(i)] = i
}
// The four 6-bit values of a group, pre-shifted into place; -1 marks a non-alphabet byte, so
// OR-ing the four lookups gives the 24 bits, or a negative number for a group to look at closer.
const GROUP = [0, 1, 2, 3].map(() => new Int32Array(256).fill(-1))
const [G0, G1, G2, G3] = GROUP as [Int32Array, Int32Array, Int32Array, Int32Array]
for (let i = 0; i < 64; i++) {
  const c = ALPHABET.charCodeAt(i)
  G0[c] = i << 18
  G1[c] = i << 12
  G2[c] = i << 6
  G3[c] = i
}
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
for (let i = 0; i < 4096; i++) {
  const first = ENCODE[i >> 6]!
  const second = ENCODE[i & 63]!
  ENCODE_PAIR[i] = LITTLE_ENDIAN ? first | (second << 8) : (first << 8) | second
}
const EQUALS = 0x3d

// Runtimes with the TC39 base64 proposal (Chromium 140+, Node 25+) decode natively.
type FromBase64 = (text: string, options?: { lastChunkHandling?: string }) => Uint8Array
type ToBase64 = (this: Uint8Array) => string

/** Options of {@link encodeBase64}. */
export interface Base64EncodeOptions {
  /**
   * Insert CRLF after this many characters, rounded down to a multiple of 4 (RFC 2045 §6.8
   * allows at most 76). `0` writes one unbroken line. Default `76`.
   */
  lineLength?: number
}

/**
 * Encodes bytes as base64, folded into CRLF-terminated lines as MIME bodies need.
 *
 * Reachable from `@siegel/mime`.
 * @param bytes - the data
 * @param options - line length
 * @returns the base64 text as ASCII bytes; a folded result ends with CRLF
 * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a Uint8Array, or a negative
 *   or fractional line length
 * @example
 * ```ts
 * encodeBase64(new Uint8Array([1, 2, 3]), { lineLength: 0 }) // bytes of "AQID"
 * ```
 */
export function encodeBase64(bytes: Uint8Array, options?: Base64EncodeOptions): Uint8Array {
  checkBytes(bytes, 'bytes to encode')
  const lineLength = options?.lineLength ?? 76
  if (!Number.isInteger(lineLength) || lineLength < 0) {
    throw new MimeError(
      'ERR_MIME_INVALID_INPUT',
      `expected lineLength to be a whole number ≥ 0, got ${String(lineLength)}`,
    )
  }
  const toBase64 = (Uint8Array.prototype as { toBase64?: ToBase64 }).toBase64
  if (lineLength === 0 && toBase64) return asciiBytes(toBase64.call(bytes))
  const quadsPerLine = lineLength > 0 ? Math.max(1, lineLength >> 2) : Infinity
  const quads = Math.ceil(bytes.length / 3)
  const lines = quadsPerLine === Infinity ? 0 : Math.ceil(quads / quadsPerLine)
  // Groups (4 bytes) and CRLFs (2) keep every pair write 2-byte aligned.
  const out = new Uint8Array(quads * 4 + lines * 2)
  const out16 = LITTLE_ENDIAN ? new Uint16Array(out.buffer, 0, out.length >> 1) : undefined
  const full = bytes.length - (bytes.length % 3)
  let o = 0
  let i = 0
  const lineBytes = quadsPerLine === Infinity ? full : quadsPerLine * 3
  while (i < full) {
    const lineEnd = Math.min(full, i + lineBytes)
    const lineFull = lineEnd - i === lineBytes
    if (out16) {
      let p = o >> 1
      for (; i < lineEnd; i += 3) {
        const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
        out16[p++] = ENCODE_PAIR[n >>> 12]!
        out16[p++] = ENCODE_PAIR[n & 4095]!
      }
      o = p << 1
    } else {
      for (; i < lineEnd; i += 3) {
        const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
        out[o++] = ENCODE[n >>> 18]!
        out[o++] = ENCODE[(n >>> 12) & 63]!
        out[o++] = ENCODE[(n >>> 6) & 63]!
        out[o++] = ENCODE[n & 63]!
      }
    }
    if (quadsPerLine !== Infinity && (lineFull || i === bytes.length)) {
      out[o++] = 0x0d
      out[o++] = 0x0a
    }
  }
  const rest = bytes.length - i
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0)
    out[o++] = ENCODE[n >>> 18]!
    out[o++] = ENCODE[(n >>> 12) & 63]!
    out[o++] = rest === 2 ? ENCODE[(n >>> 6) & 63]! : EQUALS
    out[o++] = EQUALS
    if (quadsPerLine !== Infinity) {
      out[o++] = 0x0d
      out[o++] = 0x0a
    }
  }
  return out.subarray(0, o)
}

/** What {@link decodeBase64} found besides the data. */
export interface Base64DecodeResult {
  bytes: Uint8Array
  /** Count of bytes that are neither base64 characters nor white space (they are skipped). */
  invalidCharacters: number
  /** True when the data stopped in the middle of a 4-character group. */
  truncated: boolean
}

/**
 * Decodes base64 text leniently, as mail needs: white space and line breaks are skipped,
 * decoding stops at the first `=`, and other stray characters are skipped and counted.
 * Where the runtime has `Uint8Array.fromBase64`, well-formed input is decoded natively.
 *
 * Reachable from `@siegel/mime`.
 * @param text - base64 text as ASCII bytes or a string
 * @returns the decoded bytes and what was wrong with the input
 * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is neither bytes nor a string
 * @example
 * ```ts
 * decodeBase64('AQ\r\nID').bytes // Uint8Array [1, 2, 3]
 * ```
 */
export function decodeBase64(text: Uint8Array | string): Base64DecodeResult {
  if (typeof text !== 'string') toBytes(text, 'base64 text')
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64
  if (fromBase64 && (typeof text === 'string' || text.length > 1024)) {
    const string = typeof text === 'string' ? text : latin1Decoder.decode(text)
    try {
      return { bytes: fromBase64(string), invalidCharacters: 0, truncated: false }
    } catch (error) {
      // SyntaxError: stray characters or data after padding; the lenient decoder below
      // reads what it can and counts what it skipped.
      void error
    }
  }
  return decodeLenient(typeof text === 'string' ? asciiBytes(text) : text)
}

const latin1Decoder = new TextDecoder('latin1')

function decodeLenient(src: Uint8Array): Base64DecodeResult {
  const end = src.length
  const out = new Uint8Array(Math.floor((end * 3) / 4) + 3)
  let o = 0
  let i = 0
  let acc = 0
  let bits = 0
  let invalidCharacters = 0
  while (i < end) {
    if (bits === 0) {
      // Fast path: whole groups of four alphabet characters (a 76-character line is 19).
      while (i + 4 <= end) {
        const n = G0[src[i]!]! | G1[src[i + 1]!]! | G2[src[i + 2]!]! | G3[src[i + 3]!]!
        if (n < 0) break
        out[o] = n >>> 16
        out[o + 1] = n >>> 8
        out[o + 2] = n
        o += 3
        i += 4
      }
      if (i >= end) break
    }
    const ch = src[i++]!
    const v = DECODE[ch]!
    if (v < 64) {
      acc = (acc << 6) | v
      bits += 6
      if (bits >= 8) {
        bits -= 8
        out[o++] = (acc >>> bits) & 0xff
        acc &= (1 << bits) - 1
      }
    } else if (ch === EQUALS) {
      break
    } else if (ch !== 0x0d && ch !== 0x0a && ch !== 0x20 && ch !== 0x09) {
      invalidCharacters++
    }
  }
  // 6 leftover bits are a lone character: a group was cut off. 2 or 4 bits are the usual
  // remainder of a final group, padded or not.
  return { bytes: out.subarray(0, o), invalidCharacters, truncated: bits === 6 }
}

/** Characters above 0xff become 0xff, which is no base64 character and is counted. */
function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) out[i] = Math.min(text.charCodeAt(i), 0xff)
  return out
}
