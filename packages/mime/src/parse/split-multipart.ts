const LF = 0x0a
const CR = 0x0d
const DASH = 0x2d

/** Where the body parts of a multipart lie, by RFC 2046 §5.1.1 delimiter lines. */
export interface MultipartSplit {
  /** `[start, end)` of each body part; the CRLF before a delimiter belongs to the delimiter. */
  parts: [start: number, end: number][]
  /** A delimiter line was found at all. */
  found: boolean
  /** The close delimiter `--boundary--` was found. */
  closed: boolean
}

/**
 * Finds the delimiter lines of `boundary` in `[start, end)`. A delimiter starts a line and
 * is followed only by optional `--` and transport padding (white space), so a boundary that
 * is the prefix of a longer one does not match. Searching for "-" with `indexOf` skips
 * base64 bodies, which contain none, in one native call.
 */
export function splitMultipart(
  bytes: Uint8Array,
  boundary: Uint8Array,
  start: number,
  end: number,
): MultipartSplit {
  const parts: [number, number][] = []
  const length = boundary.length
  let partStart = -1
  let pos = start
  while (pos < end) {
    const at = bytes.indexOf(DASH, pos)
    if (at < 0 || at + 2 + length > end) break
    if (bytes[at + 1] !== DASH || (at !== start && bytes[at - 1] !== LF)) {
      pos = at + 1
      continue
    }
    let k = 0
    while (k < length && bytes[at + 2 + k] === boundary[k]) k++
    if (k < length) {
      pos = at + 2
      continue
    }
    const after = at + 2 + length
    const isClose = bytes[after] === DASH && bytes[after + 1] === DASH && after + 2 <= end
    let q = isClose ? after + 2 : after
    while (q < end && (bytes[q] === 0x20 || bytes[q] === 0x09 || bytes[q] === CR)) q++
    if (q < end && bytes[q] !== LF) {
      if (!isClose) {
        pos = after
        continue
      }
      // Junk after a close delimiter ("--b-->") still closes: no longer boundary can match.
      q = bytes.indexOf(LF, q)
      if (q < 0 || q > end) q = end
    }
    if (partStart >= 0) parts.push([partStart, Math.max(partStart, lineBreakStart(bytes, at))])
    if (isClose) return { parts, found: true, closed: true }
    partStart = q < end ? q + 1 : end
    pos = partStart
  }
  if (partStart >= 0) parts.push([partStart, end])
  return { parts, found: partStart >= 0, closed: false }
}

function lineBreakStart(bytes: Uint8Array, at: number): number {
  return bytes[at - 2] === CR ? at - 2 : at - 1
}
