import type { Certificate } from '../certificate/certificate.js'
import { PkiError } from '../errors.js'
import { toHex } from '../lib/bytes.js'
import { checkCrls, type SourcedCrl } from './check-crls.js'
import { checkOcsp } from './check-ocsp.js'
import { createOcspRequest } from './ocsp-request.js'
import { parseCrl } from './parse-crl.js'
import { parseOcspResponse } from './parse-ocsp-response.js'
import type { RevocationContext, RevocationOptions, RevocationStatus } from './types.js'

// A certificate lists a handful of distribution points and responders; more is not worth it.
const MAX_FETCHED_POINTS = 4

/** Parses the caller's CRLs once per verification. */
export function callerCrls(options: RevocationOptions | undefined): SourcedCrl[] {
  return (options?.crls ?? []).map((c) => ({
    crl: c instanceof Uint8Array || typeof c === 'string' ? parseCrl(c) : c,
    origin: 'caller' as const,
  }))
}

function describe(error: unknown): string {
  return error instanceof PkiError ? `${error.code}: ${error.message}` : String(error)
}

async function cached(
  options: RevocationOptions,
  key: string,
  load: () => Promise<Uint8Array | undefined>,
): Promise<{ bytes: Uint8Array | undefined; fresh: boolean }> {
  const hit = await options.cache?.get(key)
  if (hit) return { bytes: hit, fresh: false }
  const bytes = await load()
  if (bytes && options.cache) await options.cache.set(key, bytes)
  return { bytes, fresh: true }
}

function httpOnly(url: string, problems: string[]): boolean {
  if (/^https?:\/\//i.test(url)) return true
  problems.push(`${url.split(':')[0]} URLs are not supported (${url})`)
  return false
}

/**
 * The revocation status of `cert` at `time`: the caller's OCSP responses, then the caller's
 * CRLs, then (with a fetcher) the certificate's OCSP responders and HTTP distribution points.
 * The first source that says good or revoked decides.
 */
export async function checkRevocation(
  cert: Certificate,
  issuer: Certificate,
  time: Date,
  options: RevocationOptions | undefined,
  crls: readonly SourcedCrl[],
  context: RevocationContext,
): Promise<RevocationStatus> {
  const problems: string[] = []
  const useDeltas = options?.deltaCrls === true
  for (const der of options?.ocspResponses ?? []) {
    try {
      const response = parseOcspResponse(der)
      const source = { kind: 'ocsp' as const, origin: 'caller' as const }
      const status = await checkOcsp(cert, issuer, response, time, context, source, problems)
      if (status) return status
    } catch (error) {
      problems.push(describe(error))
    }
  }
  const fromCrls = await checkCrls(cert, issuer, crls, time, context, useDeltas)
  if (fromCrls.status !== 'unknown' || !options?.fetcher) {
    return { ...fromCrls, problems: [...problems, ...fromCrls.problems] }
  }
  problems.push(...fromCrls.problems)
  const fetcher = options.fetcher
  for (const url of cert.authorityInfoAccess.ocsp.slice(0, MAX_FETCHED_POINTS)) {
    if (!httpOnly(url, problems)) continue
    try {
      const request = createOcspRequest(cert, issuer)
      const key = `ocsp ${url} ${toHex(request.certId.issuerKeyHash)} ${cert.serialNumber}`
      const { bytes, fresh } = await cached(options, key, () =>
        fetcher(url, { body: request.der, contentType: 'application/ocsp-request' }),
      )
      if (!bytes) continue
      const source = { kind: 'ocsp' as const, origin: 'fetched' as const, url }
      const response = parseOcspResponse(bytes)
      const nonce = fresh ? request.nonce : undefined
      const status = await checkOcsp(cert, issuer, response, time, context, source, problems, nonce)
      if (status) return status
    } catch (error) {
      // One failing responder does not decide the status; keep the reason as a hint.
      problems.push(`${url}: ${describe(error)}`)
    }
  }
  const fetched: SourcedCrl[] = []
  for (const url of cert.crlDistributionPoints.slice(0, MAX_FETCHED_POINTS)) {
    if (!httpOnly(url, problems)) continue
    try {
      const { bytes } = await cached(options, `crl ${url}`, () => fetcher(url))
      if (bytes) fetched.push({ crl: parseCrl(bytes), origin: 'fetched', url })
      else problems.push(`nothing at ${url}`)
    } catch (error) {
      problems.push(`${url}: ${describe(error)}`)
    }
  }
  const second = await checkCrls(cert, issuer, fetched, time, context, useDeltas)
  return { ...second, problems: [...problems, ...second.problems] }
}
