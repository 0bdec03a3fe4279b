// A signed mail whose chain is a mesh of 141 cross-certified CAs (about 75 KiB): verifying it
// with one or four signers must end quickly with an untrusted verdict, all signers drawing on
// one path-building budget. The test timeout is the watchdog; bench/verify-budget.bench.mjs
// measures the time.
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyMessage, type VerificationResult } from '@siegel/core'
import { VerificationBudget, type Certificate } from '@siegel/pki'
import { AT, crossSignedMail } from '../../bench/crafted-mail.mjs'

const WATCHDOG_MS = 10_000

function expectUntrustedBudget(result: VerificationResult, signers: number): void {
  expect(result.status).toBe('untrusted')
  expect(result.signers).toHaveLength(signers)
  for (const signer of result.signers) {
    expect(signer.signature).toEqual({ valid: true })
    expect(signer.sender.matches).toBe(true)
    expect(signer.chain).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_BUDGET_EXCEEDED' },
    })
  }
}

describe.each([1, 4])('a mail with %i signer(s) under 141 cross-certified CAs', (count) => {
  let mail: Uint8Array
  let anchor: Certificate
  beforeAll(async () => {
    ;({ mail, anchor } = await crossSignedMail(count))
  }, 60_000)

  it('carries the 141 CAs in about 75 KiB', async () => {
    const result = await verifyMessage(mail, { trustAnchors: [anchor], at: AT })
    expect(result.certificates).toHaveLength(141 + count)
    expect(mail.length).toBeGreaterThan(60 * 1024)
    expect(mail.length).toBeLessThan(100 * 1024)
  })

  it(
    'is untrusted with ERR_PKI_BUDGET_EXCEEDED for every signer',
    async () => {
      const result = await verifyMessage(mail, {
        trustAnchors: [anchor],
        bundledAnchors: false,
        at: AT,
      })
      expectUntrustedBudget(result, count)
    },
    WATCHDOG_MS,
  )

  it(
    'spends one budget for all signers',
    async () => {
      const budget = new VerificationBudget()
      const result = await verifyMessage(mail, { trustAnchors: [anchor], at: AT, budget })
      expectUntrustedBudget(result, count)
      expect(budget.signatureChecks).toBe(0)
      // The first signer used it up; the others gave up at once.
      const [first, ...others] = result.signers
      expect(first!.chain!.findings.length).toBeGreaterThan(1)
      for (const signer of others) expect(signer.chain!.findings).toHaveLength(1)
    },
    WATCHDOG_MS,
  )
})

describe('the budget option of verifyMessage', () => {
  it.each([0, Number.NaN, '100'])(
    'rejects maxSignatureChecks %s with ERR_PKI_INVALID_OPTION before reading the message',
    async (value) => {
      await expect(
        verifyMessage('not even a message', { budget: { maxSignatureChecks: value as number } }),
      ).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_OPTION' })
    },
  )
})
