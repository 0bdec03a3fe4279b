import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { createHttpFetcher } from '../../src/revocation/http-fetcher.js'
import type { RevocationFetcher } from '../../src/revocation/types.js'
import { verifyCertificate } from '../../src/trust/verify-certificate.js'
import { startLoopbackPki, type LoopbackPki } from './loopback-pki.js'

let pki: LoopbackPki
let ca: Certificate
const fetcher = createHttpFetcher({ timeoutMs: 5000 })
// Only CRLs: OCSP requests (POSTs) find nothing.
const crlOnly: RevocationFetcher = (url, request) =>
  request ? Promise.resolve(undefined) : fetcher(url)

beforeAll(async () => {
  pki = await startLoopbackPki()
  ca = Certificate.from(pki.pem('ca'))
}, 60_000)

afterAll(async () => {
  await pki?.stop()
})

const verify = (name: string, revocation: object, at?: Date) =>
  verifyCertificate(Certificate.from(pki.pem(name)), {
    anchors: [ca],
    revocation: { mode: 'hard-fail', ...revocation },
    ...(at ? { at } : {}),
  })

describe('CRLs from a loopback HTTP server (openssl ca -gencrl)', () => {
  it('trusts a good certificate and says the fetched CRL decided', async () => {
    pki.crlMode = 'good'
    const verdict = await verify('good', { fetcher: crlOnly })
    expect(verdict.trusted).toBe(true)
    if (verdict.trusted)
      expect(verdict.certificates[0]!.revocation).toMatchObject({
        status: 'good',
        source: { kind: 'crl', origin: 'fetched', url: `http://127.0.0.1:${pki.crlPort}/ca.crl` },
      })
  })

  it('rejects a revoked certificate with ERR_PKI_REVOKED and the reason code', async () => {
    pki.crlMode = 'good'
    const verdict = await verify('revoked', { fetcher: crlOnly })
    expect(verdict).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_REVOKED', data: { status: { reason: 1, source: { kind: 'crl' } } } },
    })
  })

  it('reports ERR_PKI_REVOCATION_UNKNOWN for a stale CRL under hard-fail', async () => {
    pki.crlMode = 'good'
    const later = new Date(Date.now() + 60 * 24 * 3600 * 1000)
    const verdict = await verify('good', { fetcher: crlOnly }, later)
    expect(verdict).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_REVOCATION_UNKNOWN' },
    })
  })

  it('does not use a CRL with a bad signature: unknown under hard-fail, trusted under soft-fail', async () => {
    pki.crlMode = 'bad-signature'
    const hard = await verify('good', { fetcher: crlOnly })
    expect(hard).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_REVOCATION_UNKNOWN' } })
    const soft = await verify('good', { fetcher: crlOnly, mode: 'soft-fail' })
    expect(soft.trusted).toBe(true)
    if (soft.trusted) expect(soft.certificates[0]!.revocation?.status).toBe('unknown')
  })

  it('caches fetched CRLs', async () => {
    pki.crlMode = 'good'
    const store = new Map<string, Uint8Array>()
    const cache = {
      get: (k: string) => store.get(k),
      set: (k: string, v: Uint8Array) => void store.set(k, v),
    }
    expect((await verify('good', { fetcher: crlOnly, cache })).trusted).toBe(true)
    pki.crlMode = 'missing'
    expect((await verify('good', { fetcher: crlOnly, cache })).trusted).toBe(true)
  })
})

describe('OCSP from openssl ocsp on loopback', () => {
  it('trusts a good certificate and says the OCSP responder decided', async () => {
    const verdict = await verify('good', { fetcher })
    expect(verdict.trusted).toBe(true)
    if (verdict.trusted)
      expect(verdict.certificates[0]!.revocation).toMatchObject({
        status: 'good',
        source: { kind: 'ocsp', origin: 'fetched' },
      })
  })

  it('rejects a revoked certificate with ERR_PKI_REVOKED', async () => {
    const verdict = await verify('revoked', { fetcher })
    expect(verdict).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_REVOKED', data: { status: { source: { kind: 'ocsp' } } } },
    })
  })

  it('does not count an "unknown" answer: ERR_PKI_REVOCATION_UNKNOWN without a CRL', async () => {
    pki.crlMode = 'missing'
    const verdict = await verify('unknown', { fetcher })
    expect(verdict).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_REVOCATION_UNKNOWN' },
    })
  })
})
