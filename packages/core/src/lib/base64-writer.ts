import { Base64Encoder } from '@siegel/mime'

// RFC 2045 §6.8: 57 bytes make one 76-character line, which ends in CRLF.
const LINE_BYTES = 57
// Whole lines encoded at once: 1 MiB of text, small beside a large message, large enough that
// the per-call cost does not count.
const WINDOW_BYTES = LINE_BYTES * 13797

/** Length of the folded base64 of `bytes` bytes (76-character lines, each ending in CRLF). */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4 + Math.ceil(bytes / LINE_BYTES) * 2
}

/**
 * Base64 with 76-character lines, written into one preallocated buffer as the data arrives in
 * pieces of any size: `Base64Encoder` of `@siegel/mime` encodes whole lines and carries the rest
 * (under 57 bytes) to the next piece, so the result is byte for byte that of one `encodeBase64`
 * over all pieces, and no piece has to be kept or joined to another.
 */
export class Base64Writer {
  private offset: number
  private readonly encoder = new Base64Encoder()

  /** Writes after `start` bytes of `out` (headers, say) that the caller has filled. */
  constructor(
    private readonly out: Uint8Array,
    start: number,
  ) {
    this.offset = start
  }

  /** Encodes `bytes` as far as they complete lines; keeps the rest for the next call. */
  push(bytes: Uint8Array): void {
    // A window at a time, so that a large piece never has a large encoded copy.
    for (let start = 0; start < bytes.length; start += WINDOW_BYTES)
      this.write(this.encoder.push(bytes.subarray(start, start + WINDOW_BYTES)))
  }

  /** Encodes the last, shorter line and returns the written part of `out`. */
  finish(): Uint8Array {
    this.write(this.encoder.finish())
    return this.out.subarray(0, this.offset)
  }

  private write(text: Uint8Array): void {
    this.out.set(text, this.offset)
    this.offset += text.length
  }
}
