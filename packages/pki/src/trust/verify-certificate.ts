import type { TrustAnchor } from '../anchors/trust-anchor.js'
import type { Certificate } from '../certificate/certificate.js'
import { equalBytes } from '../lib/bytes.js'
import { positiveInteger } from '../lib/options.js'
import { callerCrls, checkRevocation } from '../revocation/check-revocation.js'
import type { RevocationFetcher, RevocationOptions, RevocationStatus } from '../revocation/types.js'
import { issuerFetcher } from './fetch-issuers.js'
import {
  BudgetExhausted,
  resolveBudget,
  type BudgetLimits,
  type VerificationBudget,
} from './budget.js'
import { buildPaths } from './build-paths.js'
import { MAX_SIGNER_DEPTH } from './limits.js'
import { ANY_POLICY, type PolicyOptions } from './policy-tree.js'
import { ReasonRanker, rank, type TrustFailure } from './reasons.js'
import { resolveAnchors, type ResolvedAnchor } from './resolve-anchors.js'
import { signatureChecker } from './signature-cache.js'
import { checkSmimeProfile, type SmimePurpose } from './smime-profile.js'
import { validateOrReject, type ValidationModel } from './validate-path.js'

export type { TrustFailure } from './reasons.js'

/**
 * The weak algorithms a verification accepts. The defaults refuse what is broken today: RSA keys
 * under 1024 bits (factored with modest means) and MD5 signatures (collisions made a rogue CA in
 * 2008, RFC 6151). SHA-1 signatures on certificates are still accepted, as OpenSSL 3.0 does at
 * its default security level, since administration CAs issued with it into the 2010s.
 *
 * Reachable from `@siegel/pki`.
 */
export interface AlgorithmPolicy {
  /** Shortest acceptable RSA modulus in bits, for every certificate of the path. Default 1024. */
  minimumRsaBits?: number
  /** Accept md5WithRSAEncryption certificate signatures. Default `false`. */
  md5?: boolean
}

/** Options of {@link verifyCertificate}. Every default is the safe choice. */
export interface VerifyCertificateOptions {
  /**
   * The trusted roots: certificates, or {@link TrustAnchor}s (a certificate or a name and key,
   * with constraints). Nothing is trusted implicitly. A certificate that is not a CA is refused
   * (`ERR_PKI_REFUSED_ANCHOR`) unless given as `{ certificate, allowNonCa: true }`.
   */
  anchors: readonly (Certificate | TrustAnchor)[]
  /**
   * Apply the anchors' own constraints: their nameConstraints, pathLenConstraint and (where a
   * {@link TrustAnchor} lists them) policies, as OpenSSL and rustls-webpki do and RFC 5937
   * describes. Default `true`. `false` is the bare RFC 5280 §6.1 reading, where an anchor is
   * only a name and a key: a root restricted to one domain or one level of CAs then vouches
   * for anything below it. Turn it off only to reproduce a verifier that ignores them.
   */
  enforceAnchorConstraints?: boolean
  /** Other certificates that may complete the path (from the message, a directory, ...). */
  intermediates?: readonly Certificate[]
  /** The validation time. Default: now. Never silently the signer-asserted signing time. */
  at?: Date
  /**
   * `'shell'` (default): every certificate must be valid at `at`. `'chain'` (Kettenmodell):
   * the end entity at `at`, every issuer at the time it issued its child.
   */
  model?: ValidationModel
  /** Check the end entity against the S/MIME profile (RFC 8550 §4.4) for this purpose. */
  purpose?: SmimePurpose
  /**
   * The e-mail address the end entity must bind, compared as `Certificate.hasEmailAddress`
   * does (`mailboxesEqual`: local part exactly, domain as A-labels). Default: not checked.
   */
  email?: string
  /** RFC 5280 §6.1.1 policy inputs. Default: any policy, nothing explicit or inhibited. */
  policy?: PolicyOptions
  /** Revocation data and policy. Default: `'soft-fail'` with the caller's data only. */
  revocation?: RevocationOptions
  /**
   * Which weak algorithms and key sizes to accept. Default: RSA keys of 1024 bits and more, no
   * MD5 signatures. Relax it only to judge archived mail at the time it was signed.
   */
  algorithms?: AlgorithmPolicy
  /**
   * Work limits: their size, or a {@link VerificationBudget} to share with other calls (all
   * signers of one message). Default: a fresh budget of 100 signature checks and 200,000 build
   * steps (webpki, Go). When it runs out the verdict is `ERR_PKI_BUDGET_EXCEEDED`.
   */
  budget?: BudgetLimits | VerificationBudget
  /**
   * Opt-in: fetch missing issuers from the certificates' AIA caIssuers URLs (HTTP only), for
   * example with `createHttpFetcher()`. Default: off; intermediates come from the caller.
   */
  issuerFetcher?: RevocationFetcher
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/** One certificate of a trusted path: when it was checked and its revocation status. */
export interface PathEntry {
  certificate: Certificate
  checkedAt: Date
  revocation: RevocationStatus | undefined
}

/** The verdict on one certificate: trusted with its path, or not with the most telling reason. */
export type CertificateVerdict =
  | {
      trusted: true
      path: Certificate[]
      /**
       * The configured anchor the path ends at: its certificate (never a copy from the pool),
       * or for an anchor given as name and key an unsigned stand-in with that name and key.
       */
      anchor: Certificate
      /** The anchor as configured in `anchors`. */
      trustAnchor: Certificate | TrustAnchor
      at: Date
      model: ValidationModel
      /** Per certificate, end entity first (the anchor has no revocation status). */
      certificates: PathEntry[]
      /** Valid policies of the path (RFC 5280 §6.1.6). */
      policies: string[]
      /** Problems of other candidate paths, most telling first. */
      findings: TrustFailure[]
    }
  | {
      trusted: false
      reason: TrustFailure
      at: Date
      model: ValidationModel
      findings: TrustFailure[]
    }

// OpenSSL's default security level 1 (80-bit security) draws the line at the same size.
const MINIMUM_RSA_BITS = 1024

/**
 * Decides whether a certificate chains to one of the given trust anchors (RFC 5280 §6.1).
 *
 * Builds every candidate path (names per RFC 5280 §7.1, key identifiers as preference,
 * backtracking, loops detected by subject and key, bounded by a budget), and validates each:
 * signatures, validity at `at` (shell model) or at each child's issuance (chain model), basic
 * constraints and path length, CA key usage, name constraints, the certificate policy tree,
 * unknown critical extensions, revocation from the caller's CRLs (and, opt-in, fetched ones),
 * then the S/MIME profile of the end entity. The anchors' own nameConstraints and
 * pathLenConstraint apply (see {@link TrustAnchor}), and a path ends only at a configured
 * anchor, never at a copy of it from the pool. WARNING: without `revocation.crls` or a fetcher,
 * revocation is reported as unknown, not checked.
 *
 * Reachable from `@siegel/pki`.
 * @param certificate - the end-entity certificate
 * @param options - anchors, intermediates, time, model, purpose, policy, revocation, budget
 * @returns the verdict; never throws for an untrusted certificate
 * @throws PkiError `ERR_PKI_INVALID_OPTION` for a bad budget or a malformed anchor,
 *   `ERR_PKI_REFUSED_ANCHOR` for a non-CA anchor without `allowNonCa`, `ERR_PKI_INVALID_INPUT`
 *   for a malformed CRL
 * @example
 * ```ts
 * const verdict = await verifyCertificate(cert, { anchors: [root], intermediates: [ca], purpose: 'smime-sign' })
 * if (!verdict.trusted) console.log(verdict.reason.code)
 * ```
 */
export async function verifyCertificate(
  certificate: Certificate,
  options: VerifyCertificateOptions,
): Promise<CertificateVerdict> {
  const budget = resolveBudget(options.budget)
  const crls = callerCrls(options.revocation)
  const anchors = resolveAnchors(options.anchors, options.enforceAnchorConstraints !== false)
  return verifyWith(certificate, options, anchors, options.at ?? new Date(), budget, crls, 0)
}

async function verifyWith(
  certificate: Certificate,
  options: VerifyCertificateOptions,
  anchors: readonly ResolvedAnchor[],
  at: Date,
  budget: VerificationBudget,
  crls: ReturnType<typeof callerCrls>,
  depth: number,
): Promise<CertificateVerdict> {
  const model = options.model ?? 'shell'
  const minimumRsaBits = positiveInteger(
    options.algorithms?.minimumRsaBits,
    MINIMUM_RSA_BITS,
    'algorithms.minimumRsaBits',
  )
  const ranker = new ReasonRanker()
  const findings: TrustFailure[] = []
  const hint = (f: TrustFailure): void => {
    findings.push(f)
    ranker.consider(f)
  }
  const signed = signatureChecker(budget, options.crypto, options.algorithms?.md5 === true)
  const anchorCertificates = anchors.map((a) => a.certificate)
  const pool = [...anchorCertificates, ...(options.intermediates ?? [])]
  const mode = options.revocation?.mode ?? 'soft-fail'
  const context = {
    pool,
    verify: (
      signer: Certificate,
      tbs: Uint8Array,
      signature: Uint8Array,
      algorithm: { oid: string; parameters?: Uint8Array },
    ) => signed.raw(signer, tbs, signature, algorithm),
    trusted: async (signer: Certificate, time: Date) =>
      depth < MAX_SIGNER_DEPTH &&
      (
        await verifyWith(
          signer,
          { ...options, purpose: undefined, email: undefined, model: 'shell' },
          anchors,
          time,
          budget,
          crls,
          depth + 1,
        )
      ).trusted,
  }
  const ordered = (): TrustFailure[] => [...findings].sort((a, b) => rank(b.code) - rank(a.code))
  try {
    for await (const path of buildPaths(certificate, {
      anchors: anchorCertificates,
      intermediates: options.intermediates ?? [],
      budget,
      signed: (child, issuer) => signed.link(child, issuer, hint),
      hint,
      ...(options.issuerFetcher
        ? { fetchIssuers: issuerFetcher(options.issuerFetcher, options.revocation?.cache, hint) }
        : {}),
    })) {
      const end = path[path.length - 1]!
      const anchor = anchors.find((a) => equalBytes(a.certificate.der, end.der))!
      const result = await validateOrReject(path, {
        at,
        model,
        policy: anchorPolicy(options.policy ?? {}, anchor.policies),
        anchor,
        revocationMode: mode,
        minimumRsaBits,
        revocation: (cert, issuer, time) =>
          checkRevocation(cert, issuer, time, options.revocation, crls, context),
      })
      if (result.failure) {
        hint(result.failure)
        continue
      }
      const profile = checkSmimeProfile(certificate, options.purpose, options.email)
      if (profile)
        return { trusted: false, reason: profile, at, model, findings: [profile, ...ordered()] }
      return {
        trusted: true,
        path,
        anchor: anchor.certificate,
        trustAnchor: anchor.configured,
        at,
        model,
        certificates: path.map((c, k) => ({
          certificate: c,
          checkedAt: result.times[k]!,
          revocation: result.revocation[k],
        })),
        policies: result.policies,
        findings: ordered(),
      }
    }
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) throw error
    hint({
      code: 'ERR_PKI_BUDGET_EXCEEDED',
      message: `gave up: ${error.message}`,
      certificate,
      data: { what: error.what },
    })
    const reason: TrustFailure = findings.find((f) => f.code === 'ERR_PKI_BUDGET_EXCEEDED')!
    return { trusted: false, reason, at, model, findings: ordered() }
  }
  const reason = ranker.best ?? {
    code: 'ERR_PKI_UNKNOWN_ISSUER',
    message: 'no path to an anchor',
    certificate,
  }
  return { trusted: false, reason, at, model, findings: ordered() }
}

// RFC 5937 §3.2: the user-initial-policy-set becomes its intersection with the anchor's
// policySet, and a path must then carry one of them (else the restriction would be void).
function anchorPolicy(policy: PolicyOptions, anchorPolicies?: readonly string[]): PolicyOptions {
  if (!anchorPolicies || anchorPolicies.includes(ANY_POLICY)) return policy
  const initial = policy.initialPolicies ?? [ANY_POLICY]
  const allowed = initial.includes(ANY_POLICY)
    ? anchorPolicies
    : initial.filter((p) => anchorPolicies.includes(p))
  return { ...policy, initialPolicies: allowed, requireExplicitPolicy: true }
}
