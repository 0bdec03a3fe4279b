import { SmimeLimitExceededError, SmimeError } from '../errors.js'

/**
 * Limits on what one CMS structure may carry (RFC 5652 SignedData and EnvelopedData). Each is a
 * positive integer; `0`, `NaN`, a negative number or a string is refused with
 * `ERR_SMIME_INVALID_INPUT`, never read as "no limit". A message past a limit is refused with
 * a {@link SmimeLimitExceededError} (`ERR_SMIME_LIMIT_EXCEEDED`) naming it, before the work it
 * would cause (hashing, parsing, path building) begins.
 *
 * Reachable from `@siegel/core`.
 */
export interface CmsLimits {
  /** SignerInfos in one SignedData. Default 32. */
  maxSignerInfos: number
  /** Certificates in one SignedData's `certificates` set. Default 1,000. */
  maxCertificates: number
  /** Revocation entries (CRLs) in one SignedData's `crls` set. Default 100. */
  maxCrls: number
  /** RecipientInfos in one EnvelopedData or AuthEnvelopedData. Default 1,000. */
  maxRecipientInfos: number
}

/**
 * The defaults: far above what real mail carries, far below what makes a hostile message
 * expensive.
 *
 * Reachable from `@siegel/core`.
 */
export const DEFAULT_CMS_LIMITS: Readonly<CmsLimits> = Object.freeze({
  // Real mail has one signer, rarely two (an RSA and an EC signature side by side). Each costs
  // a signature check and a path search, and all share one path-building budget (100
  // signature checks), so a few dozen signers already use it up.
  maxSignerInfos: 32,
  // A signer sends its chain (two to five certificates); a certs-only message may carry a
  // CA's set, a few hundred. Each costs parsing and grows the path-building pool.
  maxCertificates: 1000,
  // Mail rarely carries CRLs at all; they are large and only counted, never used from there.
  maxCrls: 100,
  // encryptMessage writes at most 1,000 recipients; what we write we must read. Only entries
  // that match an identity cost more than decoding (at most 64 are tried).
  maxRecipientInfos: 1000,
})

/** The limits of one call: the defaults, with the caller's values checked strictly. */
export function resolveCmsLimits(options: Partial<CmsLimits> | undefined): CmsLimits {
  return resolveLimits(DEFAULT_CMS_LIMITS, options)
}

/** Throws a {@link SmimeLimitExceededError} when `found` items exceed the limit `name`. */
export function checkLimit(
  limits: CmsLimits,
  name: keyof CmsLimits,
  found: number,
  what: string,
): void {
  const maximum = limits[name]
  if (found > maximum)
    throw new SmimeLimitExceededError(
      name,
      maximum,
      found,
      `expected at most ${maximum} ${what} (${name}), found ${found}`,
    )
}

/**
 * Limits on what a CompressedData (RFC 3274) may inflate to, checked while its output streams
 * in: decompression stops the moment one is passed, with a {@link SmimeLimitExceededError}
 * (`ERR_SMIME_LIMIT_EXCEEDED`) naming it, so a "zip bomb" costs no more than the limit. Each is
 * a positive integer; `0`, `NaN`, a negative number or a string is refused with
 * `ERR_SMIME_INVALID_INPUT`.
 *
 * Reachable from `@siegel/core`.
 */
export interface DecompressionLimits {
  /** Bytes the decompressed content may have. Default 256 MiB. */
  maxDecompressedBytes: number
  /**
   * Decompressed bytes per compressed byte read so far, checked once more than 100 KiB have
   * come out. Default 100.
   */
  maxCompressionRatio: number
}

/**
 * The defaults of {@link DecompressionLimits}.
 *
 * Reachable from `@siegel/core`.
 */
export const DEFAULT_DECOMPRESSION_LIMITS: Readonly<DecompressionLimits> = Object.freeze({
  // Far above a mail or an EDI interchange (AS2 gateways cap messages at tens of MiB), and
  // what a browser tab can hold a few times over.
  maxDecompressedBytes: 256 * 1024 * 1024,
  // Text and EDI deflate 3 to 20 times, log-like data rarely 50; deflate's own ceiling is about
  // 1,032. Apache POI refuses zip entries past the same ratio (its MIN_INFLATE_RATIO of 0.01).
  maxCompressionRatio: 100,
})

/** The decompression limits of one call: the defaults, with the caller's values checked. */
export function resolveDecompressionLimits(
  options: Partial<DecompressionLimits> | undefined,
): DecompressionLimits {
  return resolveLimits(DEFAULT_DECOMPRESSION_LIMITS, options)
}

function resolveLimits<T extends object>(
  defaults: Readonly<T>,
  options: Partial<T> | undefined,
): T {
  const limits = { ...defaults } as T
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const value: unknown = options?.[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
      throw new SmimeError(
        'ERR_SMIME_INVALID_INPUT',
        `expected ${key} as a positive integer, got ${String(value)}`,
      )
    limits[key] = value as T[keyof T & string]
  }
  return limits
}
