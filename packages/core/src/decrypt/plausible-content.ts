// Choosing among contents that decrypted without proof of the key. RSAES-PKCS1-v1_5 with
// implicit rejection (RFC 3218 §2.3) turns a wrong entry into a random content key instead of
// an error, and a random key passes the CBC padding check about one time in 256 (RFC 5652 §6.3
// padding ends in 01, or 02 02, ...), giving random bytes that look like a decryption. Only the
// content can tell the right key from such a one, so it is judged here.
import { equalBytes } from '../lib/bytes.js'

/** A content that decrypted under an unauthenticated cipher with a key nothing vouched for. */
export interface UnprovenContent<T> {
  content: Uint8Array
  result: T
}

/**
 * How a content looks; higher is likelier to be what a sender encrypted. `BINARY`: neither a
 * header block nor text, what a random key gives. `TEXT`: UTF-8 (or US-ASCII) without control
 * characters, a MIME body without headers (RFC 2045 §5.2 defaults it to text/plain).
 * `MIME_ENTITY`: starts with a well-formed header block (RFC 5322 §2.2).
 */
export const PLAUSIBILITY = { BINARY: 0, TEXT: 1, MIME_ENTITY: 2 } as const
export type Plausibility = (typeof PLAUSIBILITY)[keyof typeof PLAUSIBILITY]

// The header block and text checks read at most this much: a real header block is a few
// hundred bytes, and random bytes fail within the first few.
const MAX_INSPECTED_BYTES = 16 * 1024

/**
 * The one content to accept among `candidates`, or undefined: the most plausible one, if no
 * other content is as plausible and it reaches `minimum`. Two different, equally plausible
 * contents cannot be told apart, and returning either could return garbage, so neither is
 * returned; the same content from two entries (a recipient listed twice) is no doubt.
 */
export function choosePlausible<T>(
  candidates: readonly UnprovenContent<T>[],
  minimum: Plausibility,
): T | undefined {
  let best: UnprovenContent<T> | undefined
  let bestScore = -1
  let ties = 0
  for (const candidate of candidates) {
    const score = plausibility(candidate.content)
    if (score > bestScore) [best, bestScore, ties] = [candidate, score, 0]
    else if (score === bestScore && !equalBytes(candidate.content, best!.content)) ties++
  }
  return best && ties === 0 && bestScore >= minimum ? best.result : undefined
}

/** How plausible `content` is as what a sender encrypted (see {@link Plausibility}). */
export function plausibility(content: Uint8Array): Plausibility {
  const inspected = content.subarray(0, MAX_INSPECTED_BYTES)
  if (!isText(inspected)) return PLAUSIBILITY.BINARY
  return startsWithHeaderBlock(inspected) ? PLAUSIBILITY.MIME_ENTITY : PLAUSIBILITY.TEXT
}

/** Valid UTF-8 (a sequence cut at the end is allowed) with no C0 control but TAB, LF, FF, CR. */
function isText(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f)
      return false
  }
  try {
    // stream: a multi-byte character cut by MAX_INSPECTED_BYTES is not an error (and a decoder
    // of its own, never flushed, keeps no state between calls).
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
    return true
  } catch {
    // Not UTF-8, which is a verdict, not a failure: 8-bit text in a legacy charset is still
    // plausible if it opens with a header block.
    return startsWithHeaderBlock(bytes)
  }
}

/**
 * The bytes open with header fields (RFC 5322 §2.2: a name of printable US-ASCII but ':', then
 * ':'), each line a field or a folded continuation, up to an empty line or the end.
 */
function startsWithHeaderBlock(bytes: Uint8Array): boolean {
  let lineStart = 0
  let fields = 0
  while (lineStart < bytes.length) {
    let end = bytes.indexOf(0x0a, lineStart)
    if (end < 0) end = bytes.length
    const lineEnd = end > lineStart && bytes[end - 1] === 0x0d ? end - 1 : end
    if (lineEnd === lineStart) return fields > 0 // the empty line ending the header block
    const first = bytes[lineStart]!
    if (first === 0x20 || first === 0x09) {
      if (fields === 0) return false // a continuation needs a field to continue
    } else {
      let i = lineStart
      while (i < lineEnd && bytes[i]! > 0x20 && bytes[i]! < 0x7f && bytes[i] !== 0x3a) i++
      if (i === lineStart || i === lineEnd || bytes[i] !== 0x3a) return false
      fields++
    }
    lineStart = end + 1
  }
  return fields > 0
}
