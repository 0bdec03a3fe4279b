// CRLF canonicalisation (RFC 8551 §3.1.1) of a stream: a CR at the end of one piece may be the
// first half of a CRLF that the next piece completes, so it waits for that piece.
import { canonicalizeLineEndings } from '../encoding/canonicalize.js'
import { checkBytes, concatBytes } from '../lib/bytes.js'

const CR = 0x0d
const EMPTY = new Uint8Array(0)
const CRLF = Uint8Array.of(0x0d, 0x0a)

/**
 * Rewrites every line ending (bare LF, bare CR or CRLF) of a stream as CRLF, piece by piece:
 * the concatenated output equals `canonicalizeLineEndings` of the concatenated input.
 *
 * Reachable from `@siegel/mime`.
 * @example
 * ```ts
 * const crlf = new LineEndingCanonicalizer()
 * const out = concat([crlf.push(a), crlf.push(b), crlf.finish()])
 * ```
 */
export class LineEndingCanonicalizer {
  private heldCr = false
  private rewrote = false

  /**
   * The canonical form of the next piece, but for a CR at its end, which waits.
   * @param bytes - the next input bytes
   * @returns the canonical bytes; the input itself where nothing changed
   * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a Uint8Array
   */
  push(bytes: Uint8Array): Uint8Array {
    checkBytes(bytes, 'an entity')
    if (bytes.length === 0) return EMPTY
    let piece = this.heldCr ? concatBytes([Uint8Array.of(CR), bytes]) : bytes
    this.heldCr = piece[piece.length - 1] === CR
    if (this.heldCr) piece = piece.subarray(0, piece.length - 1)
    const out = canonicalizeLineEndings(piece)
    if (out !== piece) this.rewrote = true
    return out
  }

  /**
   * The end of the stream: a CR still waiting was a bare one.
   * @returns CRLF for a CR held back, else nothing
   */
  finish(): Uint8Array {
    if (!this.heldCr) return EMPTY
    this.heldCr = false
    this.rewrote = true
    return CRLF
  }

  /** True while a CR from the end of the last piece waits (the next output starts with it). */
  get holding(): boolean {
    return this.heldCr
  }

  /** True once any line ending has been rewritten: the output differs from the input. */
  get changed(): boolean {
    return this.rewrote
  }
}
