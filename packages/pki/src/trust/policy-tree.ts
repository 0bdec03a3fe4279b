import type { Certificate } from '../certificate/certificate.js'
import { readInhibitAnyPolicy, readPolicyConstraints, readPolicyMappings } from './extensions.js'

/** The anyPolicy OID (RFC 5280 §4.2.1.4). */
export const ANY_POLICY = '2.5.29.32.0'

/** The caller's policy inputs (RFC 5280 §6.1.1 c, e, f, g). */
export interface PolicyOptions {
  /** user-initial-policy-set. Default: `[anyPolicy]`. */
  initialPolicies?: readonly string[]
  /** initial-explicit-policy: require a valid policy for the path. Default: false. */
  requireExplicitPolicy?: boolean
  /** initial-policy-mapping-inhibit. Default: false. */
  inhibitPolicyMapping?: boolean
  /** initial-any-policy-inhibit. Default: false. */
  inhibitAnyPolicy?: boolean
}

interface Node {
  policy: string
  expected: Set<string>
  parent: Node | undefined
  children: Node[]
}

/**
 * The valid_policy_tree and its counters, processed certificate by certificate (RFC 5280
 * §6.1.2 to §6.1.5). `fail` is set once the path cannot satisfy the policy requirements.
 */
export class PolicyTree {
  private levels: Node[][] | undefined
  private explicitPolicy: number
  private policyMapping: number
  private inhibitAny: number
  private readonly initial: readonly string[]
  failure: string | undefined

  constructor(n: number, options: PolicyOptions) {
    this.levels = [
      [{ policy: ANY_POLICY, expected: new Set([ANY_POLICY]), parent: undefined, children: [] }],
    ]
    this.explicitPolicy = options.requireExplicitPolicy ? 0 : n + 1
    this.policyMapping = options.inhibitPolicyMapping ? 0 : n + 1
    this.inhibitAny = options.inhibitAnyPolicy ? 0 : n + 1
    this.initial = options.initialPolicies ?? [ANY_POLICY]
  }

  private add(parent: Node, policy: string, expected: Set<string>, depth: number): void {
    const node: Node = { policy, expected, parent, children: [] }
    parent.children.push(node)
    ;(this.levels![depth] ??= []).push(node)
  }

  private remove(node: Node, depth: number): void {
    const level = this.levels![depth]!
    level.splice(level.indexOf(node), 1)
    if (node.parent) node.parent.children.splice(node.parent.children.indexOf(node), 1)
    for (const child of [...node.children]) this.remove(child, depth + 1)
  }

  /** Deletes childless nodes above `depth`; the tree becomes NULL when the root goes. */
  private prune(depth: number): void {
    for (let d = depth - 1; d >= 0 && this.levels; d--) {
      for (const node of [...(this.levels[d] ?? [])])
        if (node.children.length === 0) this.remove(node, d)
      if (this.levels[0]!.length === 0) this.levels = undefined
    }
  }

  /** §6.1.3 (d) to (f) for certificate `i` (1-based) of `n`. */
  process(cert: Certificate, i: number, n: number, selfIssued: boolean): void {
    const policies = cert.policies.map((p) => p.oid)
    if (this.levels && policies.length > 0) {
      this.levels[i] = []
      const parents = this.levels[i - 1] ?? []
      for (const p of policies) {
        if (p === ANY_POLICY) continue
        const matching = parents.filter((node) => node.expected.has(p))
        const targets =
          matching.length > 0 ? matching : parents.filter((x) => x.policy === ANY_POLICY)
        for (const parent of targets) this.add(parent, p, new Set([p]), i)
      }
      if (policies.includes(ANY_POLICY) && (this.inhibitAny > 0 || (i < n && selfIssued))) {
        for (const parent of parents)
          for (const e of parent.expected)
            if (!parent.children.some((c) => c.policy === e)) this.add(parent, e, new Set([e]), i)
      }
      this.prune(i)
    } else this.levels = undefined
    if (this.explicitPolicy === 0 && !this.levels)
      this.failure = `no valid policy at certificate ${i}, and an explicit policy is required`
  }

  /** §6.1.4 (a), (b), (h) to (j): preparation for the next certificate. */
  prepare(cert: Certificate, i: number, selfIssued: boolean): void {
    const mappings = readPolicyMappings(cert)
    if (mappings.some(([a, b]) => a === ANY_POLICY || b === ANY_POLICY)) {
      this.failure = 'a policy mapping maps to or from anyPolicy'
      return
    }
    if (this.levels && mappings.length > 0) {
      const level = this.levels[i] ?? []
      const mapped = new Map<string, Set<string>>()
      for (const [a, b] of mappings) (mapped.get(a) ?? mapped.set(a, new Set()).get(a)!).add(b)
      for (const [p, targets] of mapped) {
        const nodes = level.filter((node) => node.policy === p)
        if (this.policyMapping > 0) {
          for (const node of nodes) node.expected = new Set(targets)
          const any = level.find((node) => node.policy === ANY_POLICY)
          if (nodes.length === 0 && any?.parent) this.add(any.parent, p, new Set(targets), i)
        } else {
          for (const node of nodes) this.remove(node, i)
        }
      }
      if (this.policyMapping === 0) this.prune(i)
    }
    if (!selfIssued) {
      if (this.explicitPolicy > 0) this.explicitPolicy--
      if (this.policyMapping > 0) this.policyMapping--
      if (this.inhibitAny > 0) this.inhibitAny--
    }
    const constraints = readPolicyConstraints(cert)
    if (constraints?.requireExplicitPolicy !== undefined)
      this.explicitPolicy = Math.min(this.explicitPolicy, constraints.requireExplicitPolicy)
    if (constraints?.inhibitPolicyMapping !== undefined)
      this.policyMapping = Math.min(this.policyMapping, constraints.inhibitPolicyMapping)
    const inhibit = readInhibitAnyPolicy(cert)
    if (inhibit !== undefined) this.inhibitAny = Math.min(this.inhibitAny, inhibit)
  }

  /**
   * §6.1.5 (a), (b), (g): wrap-up after the end entity `n`.
   * @returns the policies the path is valid for (with the user's initial set applied)
   */
  finish(cert: Certificate, n: number): string[] {
    if (this.explicitPolicy > 0) this.explicitPolicy--
    if (readPolicyConstraints(cert)?.requireExplicitPolicy === 0) this.explicitPolicy = 0
    if (this.levels && !this.initial.includes(ANY_POLICY)) this.intersect(n)
    const leaves = this.levels?.[n] ?? []
    if (this.explicitPolicy === 0 && leaves.length === 0)
      this.failure ??= 'no valid policy for the path, and an explicit policy is required'
    return [...new Set(leaves.map((l) => l.policy))]
  }

  /** §6.1.5 (g)(iii): restrict the tree to the user-initial-policy-set. */
  private intersect(n: number): void {
    const levels = this.levels!
    const underAny = (node: Node): boolean =>
      node.parent === undefined || (node.parent.policy === ANY_POLICY && underAny(node.parent))
    for (let d = 1; d <= n; d++)
      for (const node of [...(levels[d] ?? [])])
        if (
          node.parent?.policy === ANY_POLICY &&
          underAny(node.parent) &&
          node.policy !== ANY_POLICY &&
          !this.initial.includes(node.policy)
        )
          this.remove(node, d)
    const anyLeaf = (levels[n] ?? []).find((node) => node.policy === ANY_POLICY)
    if (anyLeaf?.parent) {
      for (const p of this.initial)
        if (!(levels[n] ?? []).some((node) => node.policy === p))
          this.add(anyLeaf.parent, p, new Set([p]), n)
      this.remove(anyLeaf, n)
    }
    this.prune(n)
    if (this.levels && (this.levels[n] ?? []).length === 0) this.levels = undefined
  }
}
