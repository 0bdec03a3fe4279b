const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const ENCODE = new Uint8Array(64)
const DECODE = new Int16Array(256).fill(-1)
for (let i = 0; i < 64; i++) {
  ENCODE[i] = ALPHABET.charCodeAt(i)
  DECODE[ALPHABET.charCodeAt(i)] = i
}
const EQUALS = 0x3d

/** Options of {@link encodeBase64}. */
export interface Base64EncodeOptions {
  /**
   * Insert CRLF after this many characters (RFC 2045 §6.8 allows at most 76).
   * `0` writes one unbroken line. Default `76`.
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
 * @example
 * ```ts
 * encodeBase64(new Uint8Array([1, 2, 3]), { lineLength: 0 }) // bytes of "AQID"
 * ```
 */
export function encodeBase64(bytes: Uint8Array, options?: Base64EncodeOptions): Uint8Array {
  const lineLength = options?.lineLength ?? 76
  const quadsPerLine = lineLength > 0 ? Math.max(1, Math.floor(lineLength / 4)) : Infinity
  const quads = Math.ceil(bytes.length / 3)
  const lines = quadsPerLine === Infinity ? 0 : Math.ceil(quads / quadsPerLine)
  const out = new Uint8Array(quads * 4 + lines * 2)
  let o = 0
  let inLine = 0
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out[o++] = ENCODE[n >>> 18]!
    out[o++] = ENCODE[(n >>> 12) & 63]!
    out[o++] = ENCODE[(n >>> 6) & 63]!
    out[o++] = ENCODE[n & 63]!
    if (++inLine === quadsPerLine) {
      out[o++] = 0x0d
      out[o++] = 0x0a
      inLine = 0
    }
  }
  const rest = bytes.length - i
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0)
    out[o++] = ENCODE[n >>> 18]!
    out[o++] = ENCODE[(n >>> 12) & 63]!
    out[o++] = rest === 2 ? ENCODE[(n >>> 6) & 63]! : EQUALS
    out[o++] = EQUALS
    inLine++
  }
  if (inLine > 0 && quadsPerLine !== Infinity) {
    out[o++] = 0x0d
    out[o++] = 0x0a
  }
  return o === out.length ? out : out.subarray(0, o)
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
 *
 * Reachable from `@siegel/mime`.
 * @param text - base64 text as ASCII bytes or a string
 * @returns the decoded bytes and what was wrong with the input
 * @example
 * ```ts
 * decodeBase64('AQ\r\nID').bytes // Uint8Array [1, 2, 3]
 * ```
 */
export function decodeBase64(text: Uint8Array | string): Base64DecodeResult {
  const length = text.length
  const at: (i: number) => number =
    typeof text === 'string' ? (i) => text.charCodeAt(i) & 0xffff : (i) => text[i]!
  const out = new Uint8Array(Math.floor((length * 3) / 4) + 3)
  let o = 0
  let acc = 0
  let bits = 0
  let invalidCharacters = 0
  for (let i = 0; i < length; i++) {
    const c = at(i)
    const v = c < 256 ? DECODE[c]! : -1
    if (v >= 0) {
      acc = ((acc << 6) | v) & 0xffffff
      bits += 6
      if (bits >= 8) {
        bits -= 8
        out[o++] = (acc >>> bits) & 0xff
      }
    } else if (c === EQUALS) {
      break
    } else if (c !== 0x0d && c !== 0x0a && c !== 0x20 && c !== 0x09) {
      invalidCharacters++
    }
  }
  // 6 leftover bits are a lone character: a group was cut off. 2 or 4 bits are the usual
  // remainder of a final group, padded or not.
  return { bytes: out.subarray(0, o), invalidCharacters, truncated: bits === 6 }
}
