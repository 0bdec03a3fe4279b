import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { verifyCertificate } from '../../src/trust/verify-certificate.js'
import exceptionsText from './pkits-exceptions.json?raw'
import { pkits, pkitsTests, type PkitsRun } from './pkits-vectors.js'

// Cases that cannot apply, by test id, each with its reason (webpki x509-limbo exceptions.json).
const exceptions = JSON.parse(exceptionsText) as Record<string, string>
const anchor = Certificate.from(pkits('certs/TrustAnchorRootCertificate.crt'))
// The 2011 edition is valid 2010-01-01 to 2030-12-31; its "bad notAfter" CAs expired 2011-01-01.
const AT = new Date('2020-01-01T12:00:00Z')

const cases = pkitsTests.flatMap((test) =>
  test.runs.map((run, index) => ({
    name: `${test.id}${test.runs.length > 1 ? `#${index + 1}` : ''} ${test.title}`,
    id: test.id,
    run,
  })),
)

async function verdictOf(run: PkitsRun): Promise<Awaited<ReturnType<typeof verifyCertificate>>> {
  const s = run.settings
  const verdict = await verifyCertificate(Certificate.from(pkits(run.end_entity)), {
    anchors: [anchor],
    intermediates: run.intermediates.map((p) => Certificate.from(pkits(p))),
    at: AT,
    policy: {
      ...(s.initial_policy_set ? { initialPolicies: s.initial_policy_set } : {}),
      requireExplicitPolicy:
        s.initial_explicit_policy === true || s.bc_effective_explicit_policy === true,
      inhibitAnyPolicy: s.initial_any_policy_inhibit === true,
      inhibitPolicyMapping: s.initial_policy_mapping_inhibit === true,
    },
    revocation: { mode: 'hard-fail', crls: run.crls.map(pkits), deltaCrls: s.delta_crls },
  })
  return verdict
}

describe('NIST PKITS 2011', () => {
  it('lists its exceptions with reasons, and no more than expected', () => {
    expect(Object.keys(exceptions).length).toBe(3)
    // 224 tests with 248 runs in all; the three DSA tests have one run each, so 245 apply.
    expect(cases.length).toBe(248)
    expect(cases.filter((c) => !(c.id in exceptions)).length).toBe(245)
    for (const reason of Object.values(exceptions)) expect(reason.length).toBeGreaterThan(10)
  })

  it.each(cases.filter((c) => !(c.id in exceptions)))('$name', async ({ run }) => {
    expect((await verdictOf(run)).trusted).toBe(run.expected === 'valid')
  })

  // The most telling reason, for one case of each kind.
  it.each([
    ['4.1.2', 'ERR_PKI_BAD_SIGNATURE'],
    // An exception above: DSA is reported as a typed unsupported algorithm, never a crash.
    ['4.1.4', 'ERR_PKI_UNSUPPORTED_ALGORITHM'],
    ['4.2.1', 'ERR_PKI_NOT_YET_VALID'],
    ['4.2.5', 'ERR_PKI_EXPIRED'],
    ['4.3.1', 'ERR_PKI_UNKNOWN_ISSUER'],
    ['4.4.1', 'ERR_PKI_REVOCATION_UNKNOWN'],
    ['4.4.2', 'ERR_PKI_REVOKED'],
    ['4.6.1', 'ERR_PKI_NOT_A_CA'],
    ['4.6.9', 'ERR_PKI_PATH_LENGTH'],
    ['4.7.1', 'ERR_PKI_KEY_USAGE'],
    ['4.9.5', 'ERR_PKI_POLICY'],
    ['4.13.2', 'ERR_PKI_NAME_CONSTRAINT'],
    ['4.16.2', 'ERR_PKI_UNKNOWN_CRITICAL_EXTENSION'],
  ])('%s is rejected with %s', async (id, code) => {
    const run = pkitsTests.find((t) => t.id === id)!.runs[0]!
    expect(await verdictOf(run)).toMatchObject({ trusted: false, reason: { code } })
  })
})
