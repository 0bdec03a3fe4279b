import type { Certificate } from '../certificate/certificate.js'
import { equalBytes } from '../lib/bytes.js'
import type { VerificationBudget } from './budget.js'
import { MAX_PATH_LENGTH } from './limits.js'
import { sameName } from './names.js'
import { PoolIndex } from './pool-index.js'
import type { TrustFailure } from './reasons.js'

/** What the builder needs: candidates, a (cached, budgeted) signature check, and a sink for hints. */
export interface PathSearch {
  anchors: readonly Certificate[]
  intermediates: readonly Certificate[]
  budget: VerificationBudget
  /** True if `issuer`'s key signed `child`; failures are reported to `hint`. */
  signed(child: Certificate, issuer: Certificate): Promise<boolean>
  hint(failure: TrustFailure): void
  /** Opt-in: issuer certificates from the child's AIA caIssuers URLs (RFC 5280 §4.2.2.1). */
  fetchIssuers?: (child: Certificate) => Promise<Certificate[]>
}

/** Loops are detected by subject and public key (Go `alreadyInChain`, RFC 4158 §5.2). */
export function sameSubjectAndKey(a: Certificate, b: Certificate): boolean {
  return equalBytes(a.subjectDer, b.subjectDer) && equalBytes(a.publicKey.spki, b.publicKey.spki)
}

/** The configured anchor `cert` is, or is a copy of (same subject and key). */
function anchorOf(cert: Certificate, anchors: readonly Certificate[]): Certificate | undefined {
  return anchors.find((a) => a === cert || sameSubjectAndKey(a, cert))
}

/**
 * A pool certificate stands for the anchor it copies: the path ends at the configured anchor,
 * never at the copy, whose validity or constraints may differ (a forged root with a later
 * notAfter must not revive an expired anchor). A self-issued copy whose signature does not
 * verify under the anchor's key is dropped, its failure reported as a hint.
 */
async function asConfigured(c: Certificate, search: PathSearch): Promise<Certificate | undefined> {
  const anchor = anchorOf(c, search.anchors)
  if (!anchor || anchor === c || equalBytes(anchor.der, c.der)) return anchor ?? c
  if (sameName(c.subjectDer, c.issuerDer) && !(await search.signed(c, anchor))) return undefined
  return anchor
}

// RFC 5280 §4.2.1.1 and RFC 4158 §3.5: prefer candidates whose key identifier matches the
// child's AKI; a mismatching key identifier is tried last, never dropped (ids are hints).
function keyIdScore(child: Certificate, candidate: Certificate): number {
  const wanted = child.authorityKeyIdentifier?.keyIdentifier
  const have = candidate.subjectKeyIdentifier
  if (!wanted || !have) return 1
  return equalBytes(wanted, have) ? 0 : 2
}

/**
 * Yields every path from `target` to an anchor, end entity first and anchor last, depth first
 * with backtracking: candidates by structural name match (RFC 5280 §7.1), key identifiers as
 * a preference, anchors first. Each link's signature is checked before descending. The pool
 * is de-duplicated and indexed by subject once per call, so each step costs the candidates
 * for one issuer name, not the pool; the budget bounds the number of steps.
 *
 * @throws BudgetExhausted when the budget runs out
 */
export async function* buildPaths(
  target: Certificate,
  search: PathSearch,
): AsyncGenerator<Certificate[]> {
  const stack: Certificate[] = [target]
  const pool = new PoolIndex([...search.anchors, ...search.intermediates])
  const asked = new Set<Certificate>()
  async function* extend(): AsyncGenerator<Certificate[]> {
    search.budget.spend('build steps')
    const current = stack[stack.length - 1]!
    // Only a configured anchor ends a path; the target may be one (by its exact bytes).
    if (search.anchors.some((a) => a === current || equalBytes(a.der, current.der))) {
      yield [...stack]
      return
    }
    if (stack.length >= MAX_PATH_LENGTH) {
      search.hint({
        code: 'ERR_PKI_PATH_TOO_LONG',
        message: `no anchor within ${MAX_PATH_LENGTH} certificates`,
        certificate: current,
      })
      return
    }
    if (search.fetchIssuers && !asked.has(current) && pool.issuersOf(current).length === 0) {
      asked.add(current)
      pool.add(await search.fetchIssuers(current))
    }
    // Copies of an anchor stand for the configured anchor, so one anchor may come up twice.
    const configured = new Set<Certificate>()
    for (const c of pool.issuersOf(current)) {
      const replaced = await asConfigured(c, search)
      if (replaced) configured.add(replaced)
    }
    const candidates = [...configured]
      .filter((c) => !stack.some((p) => sameSubjectAndKey(p, c)))
      .map((c, order) => ({
        c,
        score: keyIdScore(current, c) * 2 + (search.anchors.includes(c) ? 0 : 1),
        order,
      }))
      .sort((a, b) => a.score - b.score || a.order - b.order)
    if (candidates.length === 0) {
      search.hint({
        code: 'ERR_PKI_UNKNOWN_ISSUER',
        message: `no certificate for issuer "${current.issuer}"`,
        certificate: current,
        data: { issuer: current.issuer },
      })
      return
    }
    for (const { c } of candidates) {
      if (!(await search.signed(current, c))) continue
      stack.push(c)
      yield* extend()
      stack.pop()
    }
  }
  yield* extend()
}
