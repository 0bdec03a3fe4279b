import { Certificate } from '../certificate/certificate.js'
import { SIGNED_PARTS } from '../certificate/signed-parts.js'
import type { PkiErrorCode } from '../errors.js'
import { equalBytes } from '../lib/bytes.js'
import { verifySignature } from '../algorithms/signature.js'

/** Options of {@link verifyCertificate}. */
export interface VerifyCertificateOptions {
  /** The certificates trusted as roots. Nothing is trusted implicitly. */
  anchors: readonly Certificate[]
  /** Other certificates that may complete the path (from the message, a directory, ...). */
  intermediates?: readonly Certificate[]
  /** The time at which every certificate on the path must be valid. Default: now. */
  at?: Date
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/** Why a certificate is not trusted: a stable code, prose, and the certificate concerned. */
export interface TrustFailure {
  code: PkiErrorCode
  message: string
  certificate: Certificate
}

/** The verdict on one certificate: trusted with its path, or not with the most telling reason. */
export type CertificateVerdict =
  | { trusted: true; path: Certificate[]; anchor: Certificate; at: Date }
  | { trusted: false; reason: TrustFailure; at: Date }

// Go's crypto/x509 and rustls-webpki stop after 100 signature checks; real paths need < 5.
const MAX_SIGNATURE_CHECKS = 100
// V-PKI paths are three certificates long; eight leaves room for cross-certification.
const MAX_PATH_LENGTH = 8

// When every candidate fails, report the failure that says most (webpki's Error::rank).
const RANK: Partial<Record<PkiErrorCode, number>> = {
  ERR_PKI_UNKNOWN_ISSUER: 0,
  ERR_PKI_PATH_TOO_LONG: 1,
  ERR_PKI_UNSUPPORTED_ALGORITHM: 2,
  ERR_PKI_NOT_A_CA: 3,
  ERR_PKI_BAD_SIGNATURE: 4,
  ERR_PKI_NOT_YET_VALID: 5,
  ERR_PKI_EXPIRED: 6,
}

/**
 * Decides whether a certificate chains to one of the given trust anchors.
 *
 * Builds paths by matching issuer and subject names byte for byte, backtracking over every
 * candidate issuer, and checks on each link: the issuer's signature, validity at `at`, and that
 * every issuer is a CA. WARNING: this is the basic engine. It does not yet check key usage,
 * path length constraints, name constraints, certificate policies or revocation.
 *
 * Reachable from `@siegel/pki`.
 * @param certificate - the end-entity certificate
 * @param options - anchors, intermediates, time
 * @returns the verdict; never throws for an untrusted certificate
 * @example
 * ```ts
 * const verdict = await verifyCertificate(cert, { anchors: [root], intermediates: [ca] })
 * if (!verdict.trusted) console.log(verdict.reason.code)
 * ```
 */
export async function verifyCertificate(
  certificate: Certificate,
  options: VerifyCertificateOptions,
): Promise<CertificateVerdict> {
  const at = options.at ?? new Date()
  const pool = [...options.anchors, ...(options.intermediates ?? [])]
  const budget = { signatureChecks: MAX_SIGNATURE_CHECKS }
  let best: TrustFailure | undefined
  const consider = (failure: TrustFailure): void => {
    if (!best || (RANK[failure.code] ?? 0) > (RANK[best.code] ?? 0)) best = failure
  }

  const extend = async (path: Certificate[]): Promise<Certificate[] | undefined> => {
    const current = path[path.length - 1]!
    const timeFailure = validityFailure(current, at)
    if (timeFailure) {
      consider(timeFailure)
      return undefined
    }
    if (options.anchors.some((a) => equalBytes(a.der, current.der))) return path
    if (path.length >= MAX_PATH_LENGTH) {
      consider({
        code: 'ERR_PKI_PATH_TOO_LONG',
        message: `no anchor within ${MAX_PATH_LENGTH} certificates`,
        certificate: current,
      })
      return undefined
    }
    const candidates = pool.filter(
      (c) =>
        equalBytes(c.subjectDer, current.issuerDer) && !path.some((p) => sameSubjectAndKey(p, c)),
    )
    if (candidates.length === 0) {
      consider({
        code: 'ERR_PKI_UNKNOWN_ISSUER',
        message: `no certificate for issuer "${current.issuer}"`,
        certificate: current,
      })
    }
    for (const issuer of candidates) {
      if (!issuer.isCA) {
        consider({
          code: 'ERR_PKI_NOT_A_CA',
          message: `"${issuer.subject}" is not a CA`,
          certificate: issuer,
        })
        continue
      }
      if (budget.signatureChecks-- <= 0) {
        consider({
          code: 'ERR_PKI_PATH_TOO_LONG',
          message: `gave up after ${MAX_SIGNATURE_CHECKS} signature checks`,
          certificate: current,
        })
        return undefined
      }
      const signed = SIGNED_PARTS.get(current)!
      const check = await verifySignature(
        issuer,
        signed.tbs,
        signed.signature,
        signed.signatureAlgorithm,
        {
          ...(options.crypto ? { crypto: options.crypto } : {}),
        },
      )
      if (!check.valid) {
        consider({ code: check.code, message: check.message, certificate: current })
        continue
      }
      const found = await extend([...path, issuer])
      if (found) return found
    }
    return undefined
  }

  const path = await extend([certificate])
  if (path) return { trusted: true, path, anchor: path[path.length - 1]!, at }
  return { trusted: false, reason: best!, at }
}

function validityFailure(certificate: Certificate, at: Date): TrustFailure | undefined {
  if (at < certificate.notBefore) {
    return {
      code: 'ERR_PKI_NOT_YET_VALID',
      message: `valid from ${certificate.notBefore.toISOString()}, checked at ${at.toISOString()}`,
      certificate,
    }
  }
  if (at > certificate.notAfter) {
    return {
      code: 'ERR_PKI_EXPIRED',
      message: `expired ${certificate.notAfter.toISOString()}, checked at ${at.toISOString()}`,
      certificate,
    }
  }
  return undefined
}

/** Loops are detected by subject and public key, not whole-certificate equality (Go alreadyInChain). */
function sameSubjectAndKey(a: Certificate, b: Certificate): boolean {
  return equalBytes(a.subjectDer, b.subjectDer) && equalBytes(a.publicKey.spki, b.publicKey.spki)
}
