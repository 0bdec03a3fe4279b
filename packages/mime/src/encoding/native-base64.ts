// The one module of @siegel/mime that knows what a runtime offers besides the web platform: a
// native base64 encoder. The TC39 `Uint8Array.prototype.toBase64` (Chromium 140+, Node 25+) or
// else Node's `Buffer`, found on `globalThis` and never imported, so bundles for browsers stay
// clean. Native encoding is several times faster than any JavaScript loop (about 1 µs against 20
// µs for 14 KiB in Node 20); the folding into lines is done by copying within the output.

import { stringLimit } from '../lib/string-limit.js'

type ToBase64 = (this: Uint8Array) => string
interface NodeBuffer {
  from(
    buffer: ArrayBufferLike,
    byteOffset: number,
    length: number,
  ): { toString(e: 'base64'): string }
}

// Whole lines per native call: the text of one call (78 KB) stays below V8's large-object size,
// so it dies young; larger strings wait for a full collection and a stream's memory grows.
const LINES_PER_CALL = 1024

const ascii = new TextEncoder()

function nativeEncoder(): ((bytes: Uint8Array) => string) | undefined {
  const toBase64 = (Uint8Array.prototype as { toBase64?: ToBase64 }).toBase64
  if (toBase64) return (bytes) => toBase64.call(bytes)
  const buffer = (globalThis as { Buffer?: NodeBuffer }).Buffer
  if (typeof buffer?.from !== 'function') return undefined
  return (bytes) => buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64')
}

/**
 * Writes the base64 of the pieces' concatenation into `out` from `offset`, folded into lines of
 * `quadsPerLine` groups, each ended by CRLF (one unbroken line for `Infinity`), exactly as the
 * JavaScript encoder would; returns the offset after it. `undefined` (nothing written that
 * counts) where the runtime has no native encoder, or a piece other than the last does not end
 * on a whole line (a whole group, unbroken): then the caller's encoder joins what straddles.
 */
export function writeFoldedNative(
  pieces: readonly Uint8Array[],
  quadsPerLine: number,
  out: Uint8Array,
  offset: number,
): number | undefined {
  const folded = Number.isFinite(quadsPerLine)
  const unitBytes = folded ? quadsPerLine * 3 : 3
  for (let i = 0; i < pieces.length - 1; i++)
    if (pieces[i]!.length % unitBytes !== 0) return undefined
  const encode = nativeEncoder()
  if (!encode) return undefined
  const lineChars = folded ? quadsPerLine * 4 : 0
  // Whole lines (or 19 × 1,024 groups unbroken) per call, and never a string past the limit.
  const chars = Math.min(LINES_PER_CALL * (folded ? lineChars : 76), stringLimit.maxLength)
  const sliceBytes = folded ? Math.floor(chars / lineChars) * unitBytes : Math.floor(chars / 4) * 3
  if (sliceBytes < 1) return undefined
  let o = offset
  for (const piece of pieces) {
    for (let start = 0; start < piece.length; start += sliceBytes) {
      const slice = piece.subarray(start, start + sliceBytes)
      const text = encodeOrNot(encode, slice)
      // The encoding must be what the bytes imply: 4 characters per 3 bytes, padded.
      if (text?.length !== Math.ceil(slice.length / 3) * 4) return undefined
      ascii.encodeInto(text, out.subarray(o, o + text.length))
      o = folded ? fold(out, o, text.length, lineChars) : o + text.length
    }
  }
  return o
}

/** The native encoding, or `undefined` where the runtime refuses (a RangeError for its size). */
function encodeOrNot(encode: (bytes: Uint8Array) => string, bytes: Uint8Array): string | undefined {
  try {
    return encode(bytes)
  } catch (error) {
    if (error instanceof RangeError) return undefined
    throw error
  }
}

/**
 * Spreads `length` characters at `start` into lines of `lineChars`, each followed by CRLF, in
 * place: the last line first, so that no line is overwritten before it has moved.
 */
function fold(out: Uint8Array, start: number, length: number, lineChars: number): number {
  const lines = Math.ceil(length / lineChars)
  for (let k = lines - 1; k >= 0; k--) {
    const from = start + k * lineChars
    const to = start + k * (lineChars + 2)
    const size = Math.min(lineChars, length - k * lineChars)
    if (k > 0) out.copyWithin(to, from, from + size)
    out[to + size] = 0x0d
    out[to + size + 1] = 0x0a
  }
  return start + length + lines * 2
}
