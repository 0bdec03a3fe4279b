// Finds the delimiter lines of a multipart body (RFC 2046 §5.1.1) in a stream, where a
// delimiter may be cut anywhere by the edges of the pieces.
import { MimeError } from '../errors.js'
import { ascii, checkBytes, concatBytes } from '../lib/bytes.js'

const LF = 0x0a
const CR = 0x0d
const DASH = 0x2d
// RFC 2046 §5.1.1 allows transport padding (white space) after a boundary; more than this on
// the delimiter line is not padding. Bounds what waits for the end of a delimiter line.
const MAX_PADDING_BYTES = 998

/**
 * Where a byte belongs: `part` 1, 2, ... for the body parts in order, 0 for the preamble and
 * -1 for the epilogue after the close delimiter.
 */
export type MultipartSink = (part: number, bytes: Uint8Array) => void

/**
 * Splits a multipart body that arrives in pieces into its parts, by its boundary. Each part's
 * bytes are exactly those between the delimiter lines: the line break before a delimiter
 * belongs to the delimiter (RFC 2046 §5.1.1), so a signed part comes out as it was signed.
 * Line breaks may be CRLF or a bare LF.
 *
 * Reachable from `@siegel/mime`.
 * @example
 * ```ts
 * const scanner = new MultipartScanner(boundary, (part, bytes) => { if (part === 1) hash.update(bytes) })
 * for await (const chunk of body) scanner.push(chunk)
 * scanner.finish() // throws unless the close delimiter was seen
 * ```
 */
export class MultipartScanner {
  private readonly needle: Uint8Array
  // A virtual line break in front, so a delimiter on the very first line is found as well.
  private pending: Uint8Array = Uint8Array.of(LF)
  private part = 0

  /**
   * @param boundary - the boundary parameter of the Content-Type, 1 to 70 characters
   * @param sink - receives the bytes of each part, in order
   * @throws MimeError `ERR_MIME_INVALID_INPUT` for an empty or over-long boundary
   */
  constructor(
    boundary: string,
    private readonly sink: MultipartSink,
  ) {
    if (typeof boundary !== 'string' || boundary.length < 1 || boundary.length > 70)
      throw new MimeError(
        'ERR_MIME_INVALID_INPUT',
        `expected a boundary of 1 to 70 characters (RFC 2046 §5.1.1), got ${String(boundary).length}`,
      )
    this.needle = ascii(`\n--${boundary}`)
  }

  /** True once the close delimiter has been seen. */
  get closed(): boolean {
    return this.part === -1
  }

  /**
   * Scans the next piece of the body and hands every byte that is known to be data to `sink`.
   * @param bytes - the next bytes of the body
   * @throws MimeError `ERR_MIME_MALFORMED` for a delimiter line longer than padding allows
   */
  push(bytes: Uint8Array): void {
    checkBytes(bytes, 'body bytes')
    if (bytes.length === 0) return
    if (this.part === -1) return this.emit(bytes)
    const all = this.pending.length > 0 ? concatBytes([this.pending, bytes]) : bytes
    let start = 0
    for (let from = 0; ;) {
      const at = indexOf(all, this.needle, from)
      if (at < 0) break
      const lineEnd = all.indexOf(LF, at + this.needle.length)
      if (lineEnd < 0) {
        if (all.length - at - this.needle.length > MAX_PADDING_BYTES)
          throw new MimeError('ERR_MIME_MALFORMED', 'a delimiter line is longer than allowed')
        this.flushBefore(all, start, at)
        this.pending = all.slice(at > 0 && all[at - 1] === CR ? at - 1 : at)
        return
      }
      const after = all.subarray(at + this.needle.length, lineEnd)
      const close = after[0] === DASH && after[1] === DASH
      if (!close && !isPadding(after)) {
        from = at + 1 // "--boundaryX": a longer line, not this delimiter
        continue
      }
      this.flushBefore(all, start, at)
      start = lineEnd + 1
      from = start
      this.part = close ? -1 : this.part + 1
      if (close) {
        this.pending = new Uint8Array(0)
        return this.emit(all.subarray(start))
      }
    }
    // Keep what could be the start of a delimiter (and a CR before it) for the next piece.
    const keep = Math.max(start, all.length - this.needle.length - 1)
    this.emit(all.subarray(start, keep))
    this.pending = all.slice(keep)
  }

  /**
   * The end of the body.
   * @throws MimeError `ERR_MIME_MALFORMED` when the close delimiter never came (a truncated body)
   */
  finish(): void {
    if (this.part !== -1)
      throw new MimeError(
        'ERR_MIME_MALFORMED',
        'the multipart body ended without its close delimiter (truncated?)',
      )
  }

  /** Data before a delimiter at `at`, without the line break that belongs to the delimiter. */
  private flushBefore(all: Uint8Array, start: number, at: number): void {
    const end = at > start && all[at - 1] === CR ? at - 1 : at
    if (end > start) this.emit(all.subarray(start, end))
  }

  private emit(bytes: Uint8Array): void {
    if (bytes.length === 0) return
    this.sink(this.part, bytes)
  }
}

function isPadding(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b !== 0x20 && b !== 0x09 && !(b === CR && i === bytes.length - 1)) return false
  }
  return true
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!
  for (let at = haystack.indexOf(first, from); at >= 0; at = haystack.indexOf(first, at + 1)) {
    if (at + needle.length > haystack.length) {
      // A partial match at the end: compare what there is; the caller keeps it for later.
      return -1
    }
    let i = 1
    while (i < needle.length && haystack[at + i] === needle[i]) i++
    if (i === needle.length) return at
  }
  return -1
}
