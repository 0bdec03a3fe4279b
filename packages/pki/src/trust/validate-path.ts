import type { Certificate } from '../certificate/certificate.js'
import { PkiError } from '../errors.js'
import type { RevocationMode, RevocationStatus } from '../revocation/types.js'
import { readNameConstraints, type NameConstraints } from './extensions.js'
import { checkNameConstraints } from './name-constraints.js'
import { sameName } from './names.js'
import { PolicyTree, type PolicyOptions } from './policy-tree.js'
import type { TrustFailure } from './reasons.js'
import { checkStructure } from './structure.js'

/** How the validity of each certificate is judged. */
export type ValidationModel = 'shell' | 'chain'

/** Inputs of {@link validatePath}. */
export interface PathValidation {
  at: Date
  model: ValidationModel
  policy: PolicyOptions
  revocationMode: RevocationMode
  /** RSA keys shorter than this are refused, anchors included. */
  minimumRsaBits: number
  /**
   * Constraints of the trust anchor (RFC 5914, RFC 5937 §3.2): applied as if the anchor were
   * the first CA of the path, which is what OpenSSL and webpki do with a root's extensions.
   */
  anchor?: { nameConstraints?: NameConstraints | undefined; pathLength?: number | undefined }
  /** Decides the revocation status of `cert`, issued by `issuer`, at `time`. */
  revocation(cert: Certificate, issuer: Certificate, time: Date): Promise<RevocationStatus>
}

/** What validating one complete path found. */
export interface PathResult {
  failure: TrustFailure | undefined
  /** The valid policies of the path (RFC 5280 §6.1.6 valid_policy_tree leaves). */
  policies: string[]
  /** Revocation status per certificate, end entity first, anchor excluded. */
  revocation: RevocationStatus[]
  /** The time each certificate was checked at, end entity first. */
  times: Date[]
}

// Extensions the engine processes; any other critical extension rejects (RFC 5280 §4.2).
const KNOWN_EXTENSIONS = new Set([
  '2.5.29.14',
  '2.5.29.15',
  '2.5.29.17',
  '2.5.29.18',
  '2.5.29.19',
  '2.5.29.30',
  '2.5.29.31',
  '2.5.29.32',
  '2.5.29.33',
  '2.5.29.35',
  '2.5.29.36',
  '2.5.29.37',
  '2.5.29.54',
  '1.3.6.1.5.5.7.1.1',
])

const CONSTRAINT_RULE = {
  excluded: 'in an excluded subtree',
  permitted: 'outside the permitted subtrees',
  malformed: 'malformed, so it cannot be checked against the name constraints',
} as const

/** Self-issued: subject and issuer are the same name (RFC 5280 §3.2, §6.1). */
export function isSelfIssued(cert: Certificate): boolean {
  return sameName(cert.subjectDer, cert.issuerDer)
}

function validity(cert: Certificate, time: Date): TrustFailure | undefined {
  const data = { at: time, notBefore: cert.notBefore, notAfter: cert.notAfter }
  if (time < cert.notBefore)
    return {
      code: 'ERR_PKI_NOT_YET_VALID',
      message: `"${cert.subject}" is valid from ${cert.notBefore.toISOString()}, checked at ${time.toISOString()}`,
      certificate: cert,
      data,
    }
  if (time > cert.notAfter)
    return {
      code: 'ERR_PKI_EXPIRED',
      message: `"${cert.subject}" expired ${cert.notAfter.toISOString()}, checked at ${time.toISOString()}`,
      certificate: cert,
      data,
    }
  return undefined
}

/**
 * Validates a complete path, end entity first and anchor last, whose signatures the path
 * builder has checked: RFC 5280 §6.1.3 to §6.1.5 with the anchor as trust anchor information.
 */
export async function validatePath(
  path: readonly Certificate[],
  v: PathValidation,
): Promise<PathResult> {
  const n = path.length - 1
  const times = path.map((_, k) => (v.model === 'chain' && k > 0 ? path[k - 1]!.notBefore : v.at))
  const revocation: RevocationStatus[] = []
  const result = (failure: TrustFailure | undefined, policies: string[] = []): PathResult => ({
    failure,
    policies,
    revocation,
    times,
  })
  // Validity first, end entity first: an expired end entity is the most direct answer.
  for (let k = 0; k <= n; k++) {
    const expired = validity(path[k]!, times[k]!)
    if (expired) return result(expired)
  }
  for (const cert of path) {
    const { type, modulusBits } = cert.publicKey
    if (type === 'RSA' && modulusBits !== undefined && modulusBits < v.minimumRsaBits)
      return result({
        code: 'ERR_PKI_WEAK_KEY',
        message: `"${cert.subject}" has a ${modulusBits}-bit RSA key, below the minimum of ${v.minimumRsaBits} bits`,
        certificate: cert,
        data: { modulusBits, minimumRsaBits: v.minimumRsaBits },
      })
  }
  const tree = new PolicyTree(n, v.policy)
  const constraints: NameConstraints[] = v.anchor?.nameConstraints ? [v.anchor.nameConstraints] : []
  // §6.1.2 (k) starts max_path_length at n; an anchor's pathLenConstraint lowers it (RFC 5937).
  let maxPathLength = Math.min(n, v.anchor?.pathLength ?? n)
  const fail = (
    code: TrustFailure['code'],
    cert: Certificate,
    message: string,
    data?: Record<string, unknown>,
  ): PathResult => result({ code, message, certificate: cert, ...(data ? { data } : {}) })

  for (let k = n - 1; k >= 0; k--) {
    const cert = path[k]!
    const i = n - k
    const selfIssued = isSelfIssued(cert)
    const broken = checkStructure(cert, k === 0)
    if (broken) return result(broken)
    const critical = cert.extensions.find((e) => e.critical && !KNOWN_EXTENSIONS.has(e.oid))
    if (critical)
      return fail(
        'ERR_PKI_UNKNOWN_CRITICAL_EXTENSION',
        cert,
        `"${cert.subject}" has an unknown critical extension ${critical.oid}`,
        { oid: critical.oid },
      )
    if (v.revocationMode !== 'off') {
      const status = await v.revocation(cert, path[k + 1]!, times[k]!)
      revocation.unshift(status)
      if (status.status === 'revoked')
        return fail(
          'ERR_PKI_REVOKED',
          cert,
          `"${cert.subject}" was revoked ${status.revocationDate?.toISOString() ?? ''}`,
          { status },
        )
      if (status.status !== 'good' && v.revocationMode === 'hard-fail')
        return fail(
          'ERR_PKI_REVOCATION_UNKNOWN',
          cert,
          `no usable revocation data for "${cert.subject}": ${status.problems.join('; ')}`,
          { status },
        )
    }
    // RFC 5280 §6.1.3 (b), (c): self-issued intermediates are exempt from name constraints.
    if (!(selfIssued && k > 0)) {
      for (const c of constraints) {
        const hit = checkNameConstraints(cert, c)
        if (hit)
          return fail(
            'ERR_PKI_NAME_CONSTRAINT',
            cert,
            `${hit.type} "${hit.name}" of "${cert.subject}" is ${CONSTRAINT_RULE[hit.rule]}`,
            { ...hit },
          )
      }
    }
    tree.process(cert, i, n, selfIssued)
    if (tree.failure) return fail('ERR_PKI_POLICY', cert, tree.failure)
    if (k === 0) break
    tree.prepare(cert, i, selfIssued)
    if (tree.failure) return fail('ERR_PKI_POLICY', cert, tree.failure)
    const nc = readNameConstraints(cert)
    if (nc) constraints.push(nc)
    // §6.1.4 (k): an intermediate must assert cA in basicConstraints.
    if (!cert.basicConstraints?.ca)
      return fail('ERR_PKI_NOT_A_CA', cert, `"${cert.subject}" is not a CA (basicConstraints)`)
    if (!selfIssued) {
      if (maxPathLength <= 0)
        return fail('ERR_PKI_PATH_LENGTH', cert, `"${cert.subject}" exceeds a pathLenConstraint`)
      maxPathLength--
    }
    const pathLength = cert.basicConstraints.pathLength
    if (pathLength !== undefined && pathLength < maxPathLength) maxPathLength = pathLength
    if (cert.keyUsage && !cert.keyUsage.includes('keyCertSign'))
      return fail(
        'ERR_PKI_KEY_USAGE',
        cert,
        `"${cert.subject}" may not sign certificates (no keyCertSign)`,
        { keyUsage: cert.keyUsage },
      )
  }
  const policies = tree.finish(path[0]!, n)
  if (tree.failure) return fail('ERR_PKI_POLICY', path[0]!, tree.failure)
  return result(undefined, policies)
}

/** validatePath, with an extension that does not parse turned into a reason for this path. */
export async function validateOrReject(
  path: Certificate[],
  validation: PathValidation,
): Promise<PathResult> {
  try {
    return await validatePath(path, validation)
  } catch (error) {
    if (!(error instanceof PkiError) || error.code !== 'ERR_PKI_MALFORMED_CERTIFICATE') throw error
    return {
      failure: {
        code: 'ERR_PKI_MALFORMED_EXTENSION',
        message: error.message,
        certificate: path[0]!,
        data: { cause: error },
      },
      policies: [],
      revocation: [],
      times: [],
    }
  }
}
