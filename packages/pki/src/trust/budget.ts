import { positiveInteger } from '../lib/options.js'
import { PkiError } from '../errors.js'
import { MAX_BUILD_STEPS, MAX_SIGNATURE_CHECKS } from './limits.js'

/**
 * The work limits of a verification. Each must be a positive integer; `0`, `NaN` or a string
 * is refused with `ERR_PKI_INVALID_OPTION`, never read as "no limit".
 *
 * Reachable from `@siegel/pki`.
 */
export interface BudgetLimits {
  /**
   * Issuer candidates whose signature may be considered. Default 100 (Go, webpki). One each,
   * except SLH-DSA signatures, whose check costs 1 to 12 by their size and hash (SHAKE-256f
   * 12), so that a pool of them cannot take seconds.
   */
  maxSignatureChecks?: number
  /** Path-building steps. Default 200,000 (webpki). */
  maxBuildSteps?: number
}

/** Thrown inside the engine when the budget runs out; turned into a verdict by the caller. */
export class BudgetExhausted extends Error {
  constructor(readonly what: 'signature checks' | 'build steps') {
    super(`the budget of ${what} is used up`)
  }
}

/**
 * The work a verification may do (webpki `Budget`). `verifyCertificate` makes a fresh one per
 * call; pass one object to several calls (as `verifyMessage` does for all signers of one
 * message) to bound their work together. Once spent, every further verification that needs
 * a signature check ends with `ERR_PKI_BUDGET_EXCEEDED`.
 *
 * Reachable from `@siegel/pki`.
 * @example
 * ```ts
 * const budget = new VerificationBudget({ maxSignatureChecks: 200 })
 * for (const cert of signers) verdicts.push(await verifyCertificate(cert, { anchors, budget }))
 * ```
 */
export class VerificationBudget {
  #signatureChecks: number
  #buildSteps: number

  /**
   * @param limits - the budget's size; defaults as in {@link BudgetLimits}
   * @throws PkiError `ERR_PKI_INVALID_OPTION` for a limit that is not a positive integer
   */
  constructor(limits?: BudgetLimits) {
    if (limits !== undefined && (typeof limits !== 'object' || limits === null))
      throw new PkiError(
        'ERR_PKI_INVALID_OPTION',
        `expected budget as an object, got ${typeof limits}`,
      )
    this.#signatureChecks = positiveInteger(
      limits?.maxSignatureChecks,
      MAX_SIGNATURE_CHECKS,
      'budget.maxSignatureChecks',
    )
    this.#buildSteps = positiveInteger(
      limits?.maxBuildSteps,
      MAX_BUILD_STEPS,
      'budget.maxBuildSteps',
    )
  }

  /** Signature checks left. */
  get signatureChecks(): number {
    return Math.max(0, this.#signatureChecks)
  }

  /** Build steps left. */
  get buildSteps(): number {
    return Math.max(0, this.#buildSteps)
  }

  /**
   * Spends `units` (one, unless a signature check costs more: see `signatureCheckCost`). Used by
   * the engine, which turns running out into the verdict reason `ERR_PKI_BUDGET_EXCEEDED`.
   *
   * @internal
   */
  spend(what: 'signature checks' | 'build steps', units = 1): void {
    const left =
      what === 'signature checks' ? (this.#signatureChecks -= units) : (this.#buildSteps -= units)
    if (left < 0) throw new BudgetExhausted(what)
  }
}

/** The budget of one verification: the caller's object, or a fresh one of the given size. */
export function resolveBudget(
  option: BudgetLimits | VerificationBudget | undefined,
): VerificationBudget {
  return option instanceof VerificationBudget ? option : new VerificationBudget(option)
}
