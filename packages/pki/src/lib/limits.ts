// The limits on reading password-protected keys and PKCS#12 files, in one table with their
// reasons (postal-mime keeps its limits the same way). A password-based key derivation costs
// what the file asks for, so a file of a few KiB can ask for hours of work: every derivation is
// priced and checked against these limits before it runs.
import { LimitExceededError } from '../errors.js'
import type { DerReader } from './der.js'
import { positiveInteger } from './options.js'

/** Default limits; the README's limits table lists the same values. */
export const LIMITS = {
  /**
   * Iterations of one PBKDF2 or PKCS#12 KDF derivation (and of the PKCS#12 MAC). OpenSSL writes
   * 2,048, Windows 2,000, Java's keytool 10,000, and OWASP's 2023 advice for PBKDF2-HMAC-SHA-256
   * is 600,000: no real file comes near a million.
   */
  maxIterations: 1_000_000,
  /**
   * Iterations of all derivations of one `readPkcs12` or `readPrivateKey` call together, one
   * chain per output block (a 24-byte 3DES key from SHA-1 is two chains). The MAC, every
   * encrypted safe and every shrouded key count. A file from a stranger must not cost more than
   * about a second: a million chains take about 0.5 s in Node and 0.9 s in Chromium, where the
   * PKCS#12 KDF runs in JavaScript. Real files need far less (OpenSSL's: 3 × 2,048 PBKDF2 plus a
   * 2,048-iteration MAC; a legacy one 7 × 2,048); raise it for files you trust that ask more.
   */
  maxTotalIterations: 1_000_000,
  /** Bags in a PKCS#12 file. A key and its chain are a handful; thousands are an attack. */
  maxBags: 1000,
  /** safeContentsBag levels (RFC 7292 §4.2.6). Real files never nest them. */
  maxBagNesting: 4,
} as const

/** The caller's limit options (see `KeyDerivationLimits`), validated. */
export interface KdfLimitOptions {
  maxIterations?: number | undefined
  maxTotalIterations?: number | undefined
}

/**
 * The key-derivation work one public call may still do. Derivations are priced before they run
 * ({@link KdfBudget.iterations}, {@link KdfBudget.spend}), never after.
 */
export class KdfBudget {
  readonly maxIterations: number
  readonly maxTotalIterations: number
  private spent = 0

  constructor(options?: KdfLimitOptions) {
    // 0, NaN, negative numbers or strings throw ERR_PKI_INVALID_OPTION: none disables a limit.
    this.maxIterations = positiveInteger(
      options?.maxIterations,
      LIMITS.maxIterations,
      'maxIterations',
    )
    this.maxTotalIterations = positiveInteger(
      options?.maxTotalIterations,
      LIMITS.maxTotalIterations,
      'maxTotalIterations',
    )
  }

  /** Checks one derivation's iteration count (`what` names it) against `maxIterations`. */
  iterations(reader: DerReader, count: number, what: string): number {
    // RFC 8018 appendix A.2: iterationCount INTEGER (1..MAX); no count means no derivation.
    if (count < 1) reader.fail(`${what} has ${count} iterations`)
    if (count > this.maxIterations)
      throw new LimitExceededError(
        'maxIterations',
        count,
        this.maxIterations,
        `${what} asks for ${count} iterations, more than maxIterations (${this.maxIterations})`,
      )
    return count
  }

  /** Books `work` iterations (all chains of one or more derivations), or throws if over budget. */
  spend(work: number, what: string): void {
    const total = this.spent + work
    if (total > this.maxTotalIterations)
      throw new LimitExceededError(
        'maxTotalIterations',
        total,
        this.maxTotalIterations,
        `${what} would bring the key derivations to ${total} iterations, more than ` +
          `maxTotalIterations (${this.maxTotalIterations})`,
      )
    this.spent = total
  }
}
