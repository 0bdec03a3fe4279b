import type { Certificate } from '../certificate/certificate.js'
import type { PkiErrorCode } from '../errors.js'

/**
 * Every reason code a trust verdict can carry: the codes of {@link PkiErrorCode}, which lists
 * those of the RFC 5280 engine (name constraints, policies, key usage, revocation, budget).
 *
 * Reachable from `@siegel/pki`.
 */
export type TrustReasonCode = PkiErrorCode

/** Why a certificate is not trusted: a stable code, prose, the certificate concerned, data. */
export interface TrustFailure {
  code: TrustReasonCode
  message: string
  /** The certificate the finding is about (the rejected candidate, for issuer failures). */
  certificate: Certificate
  /** Times, names and other facts behind the finding. */
  data?: Readonly<Record<string, unknown>>
}

// When every candidate path fails, the verdict reports the failure that says most about the
// certificate (webpki `Error::rank`): a path that got as far as a revocation or policy check
// says more than an issuer nobody knows.
const RANK: Readonly<Partial<Record<TrustReasonCode, number>>> = {
  ERR_PKI_UNKNOWN_ISSUER: 0,
  ERR_PKI_BUDGET_EXCEEDED: 1,
  ERR_PKI_PATH_TOO_LONG: 2,
  ERR_PKI_UNSUPPORTED_ALGORITHM: 3,
  ERR_PKI_WEAK_ALGORITHM: 3,
  ERR_PKI_NOT_A_CA: 4,
  ERR_PKI_BAD_SIGNATURE: 5,
  ERR_PKI_MALFORMED_CERTIFICATE: 5,
  ERR_PKI_MALFORMED_EXTENSION: 6,
  ERR_PKI_UNKNOWN_CRITICAL_EXTENSION: 7,
  ERR_PKI_PATH_LENGTH: 8,
  ERR_PKI_KEY_USAGE: 9,
  ERR_PKI_WEAK_KEY: 9,
  ERR_PKI_NOT_YET_VALID: 10,
  ERR_PKI_EXPIRED: 11,
  ERR_PKI_NAME_CONSTRAINT: 12,
  ERR_PKI_POLICY: 13,
  ERR_PKI_REVOCATION_UNKNOWN: 14,
  ERR_PKI_REVOKED: 15,
  ERR_PKI_EXTENDED_KEY_USAGE: 16,
  ERR_PKI_EMAIL_MISMATCH: 17,
}

/** The rank of a reason: higher is more telling. */
export function rank(code: TrustReasonCode): number {
  return RANK[code] ?? 0
}

/** Keeps the most telling of several failures (the first one on a tie). */
export class ReasonRanker {
  best: TrustFailure | undefined

  consider(failure: TrustFailure): void {
    if (!this.best || rank(failure.code) > rank(this.best.code)) this.best = failure
  }
}
