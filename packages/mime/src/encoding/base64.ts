import { MimeError } from '../errors.js'
import { checkBytes, latin1, toBytes } from '../lib/bytes.js'
import { stringLimit } from '../lib/string-limit.js'
import { writeFoldedNative } from './native-base64.js'

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
// Past this, native decoding would build one string near the runtime's limit: large data is
// decoded from the bytes directly, in one linear pass without strings.
const MAX_FAST_PATH_BYTES = 64 * 1024 * 1024

// Runtimes with the TC39 base64 proposal (Chromium 140+, Node 25+) decode natively; encoding
// natively is `native-base64.ts`.
type FromBase64 = (text: string, options?: { lastChunkHandling?: string }) => Uint8Array

/** Options of {@link encodeBase64}. */
export interface Base64EncodeOptions {
  /**
   * Insert CRLF after this many characters, rounded down to a multiple of 4 (RFC 2045 §6.8
   * allows at most 76). `0` writes one unbroken line. Default `76`.
   */
  lineLength?: number
  /**
   * Bytes to put in front of the base64 text in the same buffer (the part's headers, say), so
   * that a large body is not copied once more to join them.
   */
  prefix?: Uint8Array
}

/**
 * Encodes bytes as base64, folded into CRLF-terminated lines as MIME bodies need. The data may
 * be given in pieces (a DER header, a large body, a trailer): they are encoded as one, without
 * being joined first.
 *
 * Reachable from `@siegel/mime`.
 * @param bytes - the data, or its pieces in order
 * @param options - line length, prefix
 * @returns the prefix and the base64 text as ASCII bytes; a folded result ends with CRLF
 * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a Uint8Array, or a negative
 *   or fractional line length
 * @example
 * ```ts
 * encodeBase64(new Uint8Array([1, 2, 3]), { lineLength: 0 }) // bytes of "AQID"
 * ```
 */
export function encodeBase64(
  bytes: Uint8Array | readonly Uint8Array[],
  options?: Base64EncodeOptions,
): Uint8Array {
  const pieces = bytes instanceof Uint8Array ? [bytes] : Array.isArray(bytes) ? bytes : [bytes]
  for (const piece of pieces) checkBytes(piece as Uint8Array, 'bytes to encode')
  const prefix = options?.prefix ?? new Uint8Array(0)
  checkBytes(prefix, 'prefix')
  const lineLength = options?.lineLength ?? 76
  if (!Number.isInteger(lineLength) || lineLength < 0) {
    throw new MimeError(
      'ERR_MIME_INVALID_INPUT',
      `expected lineLength to be a whole number ≥ 0, got ${String(lineLength)}`,
    )
  }
  let total = 0
  for (const piece of pieces) total += piece.length
  const quadsPerLine = lineLength > 0 ? Math.max(1, lineLength >> 2) : Infinity
  const quads = Math.ceil(total / 3)
  const lines = quadsPerLine === Infinity ? 0 : Math.ceil(quads / quadsPerLine)
  // Groups (4 bytes) and CRLFs (2) keep every pair write 2-byte aligned: the text starts at an
  // even offset, one spare byte ahead of an odd-length prefix.
  const skip = prefix.length % 2
  const buffer = new Uint8Array(skip + prefix.length + quads * 4 + lines * 2)
  buffer.set(prefix, skip)
  const end = writeFoldedNative(pieces, quadsPerLine, buffer, skip + prefix.length)
  if (end !== undefined) return buffer.subarray(skip, end)
  const writer = new GroupWriter(buffer, skip + prefix.length, quadsPerLine)
  const carry = new Uint8Array(3)
  let carried = 0
  for (const piece of pieces) {
    let i = 0
    // A group that straddles two pieces is put together from both.
    while (carried > 0 && carried < 3 && i < piece.length) carry[carried++] = piece[i++]!
    if (carried === 3) {
      writer.groups(carry, 0, 3)
      carried = 0
    }
    const full = i + (piece.length - i) - ((piece.length - i) % 3)
    writer.groups(piece, i, full)
    for (i = full; i < piece.length; i++) carry[carried++] = piece[i]!
  }
  writer.finish(carry, carried)
  return buffer.subarray(skip, writer.offset)
}

/** Writes base64 groups into a buffer, folding lines; keeps its place across calls. */
class GroupWriter {
  offset: number
  private column = 0
  private readonly out16: Uint16Array | undefined

  constructor(
    private readonly out: Uint8Array,
    start: number,
    private readonly quadsPerLine: number,
  ) {
    this.offset = start
    this.out16 = LITTLE_ENDIAN
      ? new Uint16Array(out.buffer, out.byteOffset, out.length >> 1)
      : undefined
  }

  /** Encodes `bytes[from, to)`, whose length is a multiple of 3. */
  groups(bytes: Uint8Array, from: number, to: number): void {
    const { out, out16, quadsPerLine } = this
    const lineBytes = quadsPerLine * 3
    let column = this.column
    let i = from
    let o = this.offset
    while (i < to) {
      const lineEnd = quadsPerLine === Infinity ? to : Math.min(to, i + lineBytes - column * 3)
      column += (lineEnd - i) / 3
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
      if (column === quadsPerLine) {
        out[o++] = 0x0d
        out[o++] = 0x0a
        column = 0
      }
    }
    this.column = column
    this.offset = o
  }

  /** The last, padded group from `rest` (0 to 2 bytes), and the CRLF ending the last line. */
  finish(rest: Uint8Array, length: number): void {
    const { out } = this
    let o = this.offset
    if (length > 0) {
      const n = (rest[0]! << 16) | (length === 2 ? rest[1]! << 8 : 0)
      out[o++] = ENCODE[n >>> 18]!
      out[o++] = ENCODE[(n >>> 12) & 63]!
      out[o++] = length === 2 ? ENCODE[(n >>> 6) & 63]! : EQUALS
      out[o++] = EQUALS
      this.column++
    }
    if (this.quadsPerLine !== Infinity && this.column > 0) {
      out[o++] = 0x0d
      out[o++] = 0x0a
    }
    this.offset = o
  }
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
  const fast =
    typeof text === 'string' ||
    (isFastPathSize(text.length) && text.length <= stringLimit.maxLength)
  if (fromBase64 && fast) {
    // latin1 checks one character per byte, exactly: anything else is the string limit.
    const string = typeof text === 'string' ? text : latin1(text, 0, text.length)
    let bytes: Uint8Array | undefined
    try {
      bytes = fromBase64(string)
    } catch (error) {
      // SyntaxError: stray characters or data after padding; the lenient decoder below
      // reads what it can and counts what it skipped.
      void error
    }
    if (bytes) return { bytes, invalidCharacters: 0, truncated: false }
  }
  return decodeLenient(typeof text === 'string' ? asciiBytes(text) : text)
}

function isFastPathSize(length: number): boolean {
  return length > 1024 && length <= MAX_FAST_PATH_BYTES
}

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

// Per byte: 0 for an alphabet character, 1 for white space, 2 for "=", 3 for anything else.
const CLASS = new Uint8Array(256).fill(3)
for (let i = 0; i < 64; i++) CLASS[ALPHABET.charCodeAt(i)] = 0
for (const c of [0x0d, 0x0a, 0x20, 0x09]) CLASS[c] = 1
CLASS[EQUALS] = 2

/**
 * What {@link decodeBase64} would report about `src`, without decoding it: the stray characters
 * before the first `=`, and whether the last group is cut off. One pass, no allocation.
 */
export function checkBase64(src: Uint8Array): Omit<Base64DecodeResult, 'bytes'> {
  let alphabet = 0
  let invalidCharacters = 0
  for (let i = 0; i < src.length; i++) {
    const kind = CLASS[src[i]!]!
    if (kind === 0) alphabet++
    else if (kind === 2) break
    else if (kind === 3) invalidCharacters++
  }
  return { invalidCharacters, truncated: alphabet % 4 === 1 }
}

/** Characters above 0xff become 0xff, which is no base64 character and is counted. */
function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) out[i] = Math.min(text.charCodeAt(i), 0xff)
  return out
}
