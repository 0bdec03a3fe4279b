import { MimeError } from '../errors.js'

/** Limits on untrusted input; see {@link ParseOptions}. Each must be a positive integer. */
export interface MimeLimits {
  /** Levels of multipart and message/rfc822 nesting below the root. Default 64. */
  maxNestingDepth: number
  /** Parts in the whole tree, the root included. Default 10,000. */
  maxParts: number
  /** Bytes in one part's header block. Default 1 MiB. */
  maxHeaderBytes: number
  /** Header fields in one part's header block. Default 1,000. */
  maxHeaders: number
  /** Bytes in one physical header line, its line ending excluded. Default 64 KiB. */
  maxLineBytes: number
}

export const DEFAULT_LIMITS: Readonly<MimeLimits> = Object.freeze({
  // Real mail nests a handful of levels (signed > mixed > alternative > related); 64 leaves
  // room for forwarding chains while keeping recursion far from any stack limit.
  maxNestingDepth: 64,
  // Enough for any real message; bounds the work an attacker can cause with empty parts.
  maxParts: 10_000,
  // Real header blocks are a few KiB; 1 MiB admits pathological-but-real ones (long
  // Received chains) while bounding what one part's headers can cost.
  maxHeaderBytes: 1024 * 1024,
  // Long Received/ARC chains reach a few hundred fields; 1,000 bounds the per-field work
  // (objects, unfolding, encoded-word decoding) a header block of tiny fields can cause.
  maxHeaders: 1000,
  // RFC 5322 §2.1.1 allows 998; real mail has unfolded address lists of some KiB. 64 KiB
  // bounds the cost of unfolding and decoding one line.
  maxLineBytes: 64 * 1024,
})

/** Validates limit options strictly: a limit is a positive whole number, never 0 or NaN. */
export function resolveLimits(options: Partial<MimeLimits> | undefined): MimeLimits {
  const limits = { ...DEFAULT_LIMITS }
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof MimeLimits)[]) {
    const value = options?.[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new MimeError(
        'ERR_MIME_INVALID_INPUT',
        `expected ${key} to be a positive integer, got ${String(value)}`,
      )
    }
    limits[key] = value
  }
  return limits
}
