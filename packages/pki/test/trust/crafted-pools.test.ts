// Pools crafted to make path building slow (quadratic de-duplication, a fresh budget per
// signer). Each must end quickly with the right verdict; the test timeout is the watchdog,
// and bench/trust-pools.bench.mjs measures the time.
import { beforeAll, describe, expect, it } from 'vitest'
import { PkiError, VerificationBudget, verifyCertificate, type Certificate } from '@siegel/pki'
import { AT, crossSignedMesh, reversedChain } from '../../bench/crafted-pools.mjs'

const WATCHDOG_MS = 10_000

describe('crafted pools', () => {
  let chain: Awaited<ReturnType<typeof reversedChain>>
  let mesh: Awaited<ReturnType<typeof crossSignedMesh>>
  let meshLeaf: Certificate
  beforeAll(async () => {
    chain = await reversedChain(550)
    mesh = await crossSignedMesh(10, 14)
    meshLeaf = await mesh.issue('Mesh Leaf', mesh.bottom, ['mesh@example.org'])
  }, 60_000)

  it(
    'ends a reversed pool of 551 certificates (550 CAs and the root) with ERR_PKI_PATH_TOO_LONG',
    async () => {
      const pool = [...chain.pool, chain.root]
      expect(pool).toHaveLength(551)
      const verdict = await verifyCertificate(chain.leaf, {
        anchors: [chain.root],
        intermediates: pool,
        at: AT,
      })
      expect(verdict).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_PATH_TOO_LONG' } })
    },
    WATCHDOG_MS,
  )

  it(
    'ends a mesh of 141 cross-certified CAs with ERR_PKI_BUDGET_EXCEEDED',
    async () => {
      expect(mesh.pool).toHaveLength(141)
      const budget = new VerificationBudget()
      const verdict = await verifyCertificate(meshLeaf, {
        anchors: [mesh.root],
        intermediates: mesh.pool,
        at: AT,
        budget,
      })
      expect(verdict).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_BUDGET_EXCEEDED' } })
      expect(budget.signatureChecks).toBe(0)
    },
    WATCHDOG_MS,
  )

  it('trusts a path through the mesh once the root of the mesh is an anchor', async () => {
    const orphan = mesh.pool[0]!
    const verdict = await verifyCertificate(meshLeaf, {
      anchors: [orphan],
      intermediates: mesh.pool,
      at: AT,
    })
    expect(verdict.trusted).toBe(true)
    if (verdict.trusted) expect(verdict.path).toHaveLength(12)
  })
})

describe('VerificationBudget', () => {
  it('is shared by the calls it is passed to, and ends them with ERR_PKI_BUDGET_EXCEEDED when spent', async () => {
    const { root, leaf, pool } = await reversedChain(2)
    const options = { anchors: [root], intermediates: pool, at: AT }
    const budget = new VerificationBudget({ maxSignatureChecks: 5 })
    expect(await verifyCertificate(leaf, { ...options, budget })).toMatchObject({ trusted: true })
    expect(budget.signatureChecks).toBe(2)
    expect(await verifyCertificate(leaf, { ...options, budget })).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_BUDGET_EXCEEDED' },
    })
    expect(budget.signatureChecks).toBe(0)
    // The same limits as plain options give each call a fresh budget.
    const limits = { maxSignatureChecks: 3 }
    for (let i = 0; i < 2; i++)
      expect(await verifyCertificate(leaf, { ...options, budget: limits })).toMatchObject({
        trusted: true,
      })
  })

  it.each([0, -1, Number.NaN, 1.5, Infinity, '100', null])(
    'rejects a limit of %s with ERR_PKI_INVALID_OPTION',
    (value) => {
      for (const key of ['maxSignatureChecks', 'maxBuildSteps'])
        expect(() => new VerificationBudget({ [key]: value as number })).toThrow(
          expect.objectContaining({ code: 'ERR_PKI_INVALID_OPTION' }),
        )
    },
  )

  it('rejects a budget that is not an object with ERR_PKI_INVALID_OPTION', () => {
    expect(() => new VerificationBudget(100 as never)).toThrow(PkiError)
  })
})
