import { describe, expect, it } from 'vitest'
import { parseOcspResponse } from '../../src/revocation/parse-ocsp-response.js'
import { verifyCertificate } from '../../src/trust/verify-certificate.js'
import { fixture, fixtureBytes } from '../trust/trust-fixtures.js'

// Responses made by `openssl ocsp` in gen-trust-fixtures.sh, current for ten years from then.
const options = (responses: string[]) => ({
  anchors: [fixture('rootB')],
  intermediates: [fixture('caB')],
  revocation: { mode: 'soft-fail' as const, ocspResponses: responses.map(fixtureBytes) },
})

describe('OCSP responses supplied by the caller', () => {
  it('parses a basic response with its single answer', () => {
    const response = parseOcspResponse(fixtureBytes('ocspSignOnlyGood'))
    expect(response.responseStatus).toBe(0)
    expect(response.responses).toMatchObject([{ status: 'good' }])
    expect(response.responses[0]!.certId.serialNumber).toBe(fixture('signOnly').serialNumber)
  })

  it('says good, decided by the caller-supplied response signed by the issuer', async () => {
    const verdict = await verifyCertificate(fixture('signOnly'), options(['ocspSignOnlyGood']))
    expect(verdict.trusted).toBe(true)
    if (verdict.trusted)
      expect(verdict.certificates[0]!.revocation).toMatchObject({
        status: 'good',
        source: { kind: 'ocsp', origin: 'caller' },
      })
  })

  it('rejects a revoked certificate on the word of a delegated responder', async () => {
    const verdict = await verifyCertificate(fixture('tlsOnly'), options(['ocspTlsOnlyRevoked']))
    expect(verdict).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_REVOKED', data: { status: { reason: 1 } } },
    })
  })

  it('ignores a response signed by a certificate without id-kp-OCSPSigning', async () => {
    const verdict = await verifyCertificate(fixture('signOnly'), options(['ocspSignOnlyByLeaf']))
    expect(verdict.trusted).toBe(true)
    if (verdict.trusted) {
      expect(verdict.certificates[0]!.revocation?.status).toBe('unknown')
      expect(verdict.certificates[0]!.revocation?.problems.join()).toMatch(/neither the issuer/)
    }
  })

  it('ignores a response for another certificate', async () => {
    const verdict = await verifyCertificate(fixture('leafB'), options(['ocspSignOnlyGood']))
    expect(verdict.trusted).toBe(true)
    if (verdict.trusted) expect(verdict.certificates[0]!.revocation?.status).toBe('unknown')
  })
})
