import { describe, expect, it } from 'vitest'
import { verifyCertificate } from '../../src/trust/verify-certificate.js'
import { fixture, fixtures } from './trust-fixtures.js'

const rootA = fixture('rootA')
const rootB = fixture('rootB')
const AT = new Date('2025-06-01T00:00:00Z')

describe('path building', () => {
  it('reaches root A through the cross-certificate when only root A is trusted', async () => {
    const verdict = await verifyCertificate(fixture('leafB'), {
      anchors: [rootA],
      intermediates: [fixture('rootB'), fixture('caB'), fixture('crossB')],
      at: AT,
    })
    expect(verdict.trusted).toBe(true)
    if (verdict.trusted) expect(verdict.path.map((c) => c.subject).at(-1)).toBe(rootA.subject)
  })

  it('prefers the direct path when root B is trusted', async () => {
    const verdict = await verifyCertificate(fixture('leafB'), {
      anchors: [rootA, rootB],
      intermediates: [fixture('crossB'), fixture('caB')],
      at: AT,
    })
    expect(verdict).toMatchObject({ trusted: true, anchor: rootB })
  })

  it('finishes a pool of cross-signed CAs within the budget with ERR_PKI_BUDGET_EXCEEDED', async () => {
    const pool = fixtures('layer')
    expect(pool.length).toBe(84)
    const started = Date.now()
    const verdict = await verifyCertificate(fixture('pooledLeaf'), {
      anchors: [rootA],
      intermediates: [...pool, fixture('orphanRoot')],
      at: AT,
    })
    expect(verdict).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_BUDGET_EXCEEDED' } })
    expect(Date.now() - started).toBeLessThan(20_000)
  })

  it('rejects a budget option of 0 or NaN with ERR_PKI_INVALID_OPTION', async () => {
    for (const maxSignatureChecks of [0, Number.NaN, 1.5]) {
      await expect(
        verifyCertificate(fixture('leafB'), { anchors: [rootB], budget: { maxSignatureChecks } }),
      ).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_OPTION' })
    }
  })

  it('reports ERR_PKI_PATH_LENGTH below a CA with pathLenConstraint 0', async () => {
    const verdict = await verifyCertificate(fixture('pathLenLeaf'), {
      anchors: [rootA],
      intermediates: [fixture('pathLen0Ca'), fixture('pathLenSubCa')],
      at: AT,
    })
    expect(verdict).toMatchObject({
      trusted: false,
      reason: {
        code: 'ERR_PKI_PATH_LENGTH',
        certificate: { subject: fixture('pathLenSubCa').subject },
      },
    })
  })
})

describe('malformed extensions', () => {
  it('rejects a path through a CA whose nameConstraints do not parse with ERR_PKI_MALFORMED_EXTENSION', async () => {
    const verdict = await verifyCertificate(fixture('badConstraintsLeaf'), {
      anchors: [rootA],
      intermediates: [fixture('badConstraintsCa')],
      at: AT,
    })
    expect(verdict).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_MALFORMED_EXTENSION' },
    })
  })
})

describe('rfc822Name constraints', () => {
  const mailCa = fixture('mailCa')
  it.each([
    ['mailOk', true],
    ['mailSubdomain', true],
    ['mailOutside', false],
    ['mailExcluded', false],
  ])('%s trusted: %s', async (name, trusted) => {
    const verdict = await verifyCertificate(fixture(name), {
      anchors: [rootA],
      intermediates: [mailCa],
      at: AT,
    })
    expect(verdict.trusted).toBe(trusted)
    if (!verdict.trusted) expect(verdict.reason.code).toBe('ERR_PKI_NAME_CONSTRAINT')
  })
})

describe('validation models', () => {
  const options = { anchors: [rootA], intermediates: [fixture('shortCa')], at: AT }

  it('rejects an expired issuing CA in the shell model with ERR_PKI_EXPIRED', async () => {
    const verdict = await verifyCertificate(fixture('chainLeaf'), options)
    expect(verdict).toMatchObject({
      trusted: false,
      model: 'shell',
      reason: { code: 'ERR_PKI_EXPIRED', data: { at: AT } },
    })
  })

  it('accepts it in the chain model: the CA was valid when it issued the leaf', async () => {
    const verdict = await verifyCertificate(fixture('chainLeaf'), { ...options, model: 'chain' })
    expect(verdict).toMatchObject({ trusted: true, model: 'chain' })
    if (verdict.trusted)
      expect(verdict.certificates[1]!.checkedAt).toEqual(fixture('chainLeaf').notBefore)
  })

  it('rejects in the chain model a leaf issued after its CA expired', async () => {
    const verdict = await verifyCertificate(fixture('lateLeaf'), { ...options, model: 'chain' })
    expect(verdict).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_EXPIRED' } })
  })

  it('rejects a leaf that is not yet valid with ERR_PKI_NOT_YET_VALID in both models', async () => {
    for (const model of ['shell', 'chain'] as const) {
      const verdict = await verifyCertificate(fixture('chainLeaf'), {
        ...options,
        at: new Date('2021-01-01T00:00:00Z'),
        model,
      })
      expect(verdict).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_NOT_YET_VALID' } })
    }
  })
})

describe('S/MIME profile (RFC 8550 §4.4)', () => {
  const base = { anchors: [rootB], intermediates: [fixture('caB')], at: AT }
  it.each([
    ['signOnly', 'smime-sign', undefined],
    ['signOnly', 'smime-encrypt', 'ERR_PKI_KEY_USAGE'],
    ['encryptOnly', 'smime-encrypt', undefined],
    ['encryptOnly', 'smime-sign', 'ERR_PKI_KEY_USAGE'],
    ['agreeEc', 'smime-encrypt', undefined],
    ['agreeEc', 'smime-sign', 'ERR_PKI_KEY_USAGE'],
    ['leafB', 'smime-sign', undefined],
    ['leafB', 'smime-encrypt', 'ERR_PKI_KEY_USAGE'],
    ['tlsOnly', 'smime-sign', 'ERR_PKI_EXTENDED_KEY_USAGE'],
  ] as const)('%s for %s: %s', async (name, purpose, code) => {
    const verdict = await verifyCertificate(fixture(name), { ...base, purpose })
    if (code === undefined) expect(verdict.trusted).toBe(true)
    else expect(verdict).toMatchObject({ trusted: false, reason: { code } })
  })

  it('accepts a leaf without extended key usage for signing (V-PKI user certificates)', async () => {
    expect(fixture('leafB').extendedKeyUsage).toBeUndefined()
    const verdict = await verifyCertificate(fixture('leafB'), { ...base, purpose: 'smime-sign' })
    expect(verdict.trusted).toBe(true)
  })

  it('matches the e-mail address, and reports ERR_PKI_EMAIL_MISMATCH for another', async () => {
    const ok = await verifyCertificate(fixture('leafB'), { ...base, email: 'bea@EXAMPLE.org' })
    expect(ok.trusted).toBe(true)
    const other = await verifyCertificate(fixture('leafB'), { ...base, email: 'eve@example.org' })
    expect(other).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_EMAIL_MISMATCH' } })
  })
})

describe('AIA caIssuers (opt-in)', () => {
  const caB = fixture('caB')
  const fetched: string[] = []
  const issuerFetcher = (url: string): Promise<Uint8Array | undefined> => {
    fetched.push(url)
    return Promise.resolve(url === 'http://ca.example.test/caB.cer' ? caB.der : undefined)
  }

  it('finds a missing issuer through the caIssuers URL when a fetcher is given', async () => {
    const verdict = await verifyCertificate(fixture('aiaLeaf'), {
      anchors: [rootB],
      at: AT,
      issuerFetcher,
    })
    expect(verdict.trusted).toBe(true)
    expect(fetched).toEqual(['http://ca.example.test/caB.cer'])
  })

  it('fetches nothing by default and reports ERR_PKI_UNKNOWN_ISSUER', async () => {
    const verdict = await verifyCertificate(fixture('aiaLeaf'), { anchors: [rootB], at: AT })
    expect(verdict).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_UNKNOWN_ISSUER' } })
  })
})
