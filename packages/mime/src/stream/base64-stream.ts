// Base64 (RFC 2045 §6.8) in pieces, for bodies that arrive or leave as a stream. Each piece is
// cut where the one-call encoder and decoder hold no state, so the output is byte for byte what
// `encodeBase64` and `decodeBase64` give for the whole input at once.
import { decodeBase64, encodeBase64 } from '../encoding/base64.js'
import { checkBytes, concatBytes } from '../lib/bytes.js'

// RFC 2045 §6.8: 57 bytes make one 76-character line.
const LINE_BYTES = 57
const EMPTY = new Uint8Array(0)

/**
 * Encodes a stream of bytes as base64 in 76-character CRLF lines, piece by piece: the
 * concatenated output equals `encodeBase64` of the concatenated input.
 *
 * Reachable from `@siegel/mime`.
 * @example
 * ```ts
 * const encoder = new Base64Encoder()
 * const text = concat([encoder.push(a), encoder.push(b), encoder.finish()])
 * ```
 */
export class Base64Encoder {
  private readonly carry = new Uint8Array(LINE_BYTES)
  private carried = 0

  /**
   * Encodes the whole lines that `bytes` completes; keeps the rest for the next call.
   * @param bytes - the next input bytes
   * @returns base64 text of whole lines (possibly empty)
   * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a Uint8Array
   */
  push(bytes: Uint8Array): Uint8Array {
    checkBytes(bytes, 'bytes to encode')
    const pieces: Uint8Array[] = []
    let i = 0
    if (this.carried > 0) {
      i = Math.min(LINE_BYTES - this.carried, bytes.length)
      this.carry.set(bytes.subarray(0, i), this.carried)
      this.carried += i
      if (this.carried < LINE_BYTES) return EMPTY
      pieces.push(this.carry)
      this.carried = 0
    }
    const whole = i + Math.floor((bytes.length - i) / LINE_BYTES) * LINE_BYTES
    if (whole > i) pieces.push(bytes.subarray(i, whole))
    const text = pieces.length > 0 ? encodeBase64(pieces) : EMPTY
    this.carry.set(bytes.subarray(whole), 0)
    this.carried = bytes.length - whole
    return text
  }

  /**
   * The last, possibly short and padded line.
   * @returns base64 text ending in CRLF, or nothing when no bytes were left over
   */
  finish(): Uint8Array {
    const rest = this.carry.subarray(0, this.carried)
    this.carried = 0
    return rest.length > 0 ? encodeBase64(rest) : EMPTY
  }
}

// Text without a line break is cut by counting characters once this much has gathered: it
// bounds what is held, and what is copied again for every further piece.
const MAX_PENDING_BYTES = 1024

function isAlphabet(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x61 && b <= 0x7a) ||
    (b >= 0x30 && b <= 0x39) ||
    b === 0x2b ||
    b === 0x2f
  )
}

/** What a {@link Base64Decoder} found, as `decodeBase64` reports it for the whole text. */
export interface Base64StreamStatus {
  /** Bytes that are neither base64 characters nor white space (skipped). */
  invalidCharacters: number
  /** True when the text stopped in the middle of a 4-character group. */
  truncated: boolean
}

/**
 * Decodes base64 text that arrives in pieces, as leniently as `decodeBase64` (white space
 * skipped, decoding stops at the first `=`, stray characters counted): the concatenated output
 * equals `decodeBase64` of the concatenated text. Pieces may be cut anywhere.
 *
 * Reachable from `@siegel/mime`.
 * @example
 * ```ts
 * const decoder = new Base64Decoder()
 * const bytes = concat([decoder.push(a), decoder.push(b), decoder.finish()])
 * ```
 */
export class Base64Decoder {
  private pending: Uint8Array = EMPTY
  private ended = false
  private invalid = 0
  private cutOff = false

  /**
   * Decodes what can be decoded of the text so far.
   * @param text - the next base64 characters
   * @returns the decoded bytes (possibly empty)
   * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a Uint8Array
   */
  push(text: Uint8Array): Uint8Array {
    checkBytes(text, 'base64 text')
    if (this.ended || text.length === 0) return EMPTY
    const all = this.pending.length > 0 ? concatBytes([this.pending, text]) : text
    if (all.includes(0x3d)) {
      // RFC 2045 §6.8: "=" only pads the end; decoding stops there, as decodeBase64 does.
      this.pending = EMPTY
      this.ended = true
      return this.decode(all, true)
    }
    const lineCut = all.lastIndexOf(0x0a) + 1
    if (lineCut === 0 && all.length <= MAX_PENDING_BYTES) {
      this.pending = all.slice()
      return EMPTY
    }
    if (lineCut > 0) {
      // Usual case: lines of whole groups (76 or 64 characters), so every line break is a cut
      // where no bits wait: then the decoded length is a multiple of 3 and no group is cut off.
      const result = decodeBase64(all.subarray(0, lineCut))
      if (!result.truncated && result.bytes.length % 3 === 0) {
        this.invalid += result.invalidCharacters
        this.pending = all.slice(lineCut)
        return result.bytes
      }
    }
    const cut = groupCut(all)
    this.pending = all.slice(cut)
    return this.decode(all.subarray(0, cut), false)
  }

  /**
   * Decodes the rest.
   * @returns the last decoded bytes
   */
  finish(): Uint8Array {
    const rest = this.pending
    this.pending = EMPTY
    if (this.ended) return EMPTY
    this.ended = true
    return this.decode(rest, true)
  }

  /** Stray characters and a cut-off group, for the text so far (final after `finish`). */
  get status(): Base64StreamStatus {
    return { invalidCharacters: this.invalid, truncated: this.cutOff }
  }

  private decode(text: Uint8Array, last: boolean): Uint8Array {
    if (text.length === 0) return EMPTY
    const result = decodeBase64(text)
    this.invalid += result.invalidCharacters
    if (last) this.cutOff = result.truncated
    return result.bytes
  }
}

/** The end of the longest prefix of `text` holding whole 4-character groups. */
function groupCut(text: Uint8Array): number {
  let count = 0
  let cut = 0
  for (let i = 0; i < text.length; i++) {
    if (isAlphabet(text[i]!) && ++count % 4 === 0) cut = i + 1
  }
  return cut
}
