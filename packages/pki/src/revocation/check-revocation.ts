import type { Certificate } from '../certificate/certificate.js'
import { PkiError } from '../errors.js'
import { checkCrls, type SourcedCrl } from './check-crls.js'
import { parseCrl } from './parse-crl.js'
import type { RevocationContext, RevocationOptions, RevocationStatus } from './types.js'

type Sourced = SourcedCrl

// A certificate lists a handful of distribution points; more is not worth fetching.
const MAX_FETCHED_POINTS = 4

/** Parses the caller's CRLs once per verification. */
export function callerCrls(options: RevocationOptions | undefined): Sourced[] {
  return (options?.crls ?? []).map((c) => ({
    crl: c instanceof Uint8Array || typeof c === 'string' ? parseCrl(c) : c,
    origin: 'caller' as const,
  }))
}

async function fetchCrl(
  url: string,
  options: RevocationOptions,
  problems: string[],
): Promise<Sourced | undefined> {
  if (!/^https?:\/\//i.test(url)) {
    problems.push(`${url.split(':')[0]} distribution points are not supported (${url})`)
    return undefined
  }
  try {
    let bytes = await options.cache?.get(url)
    if (!bytes) {
      bytes = await options.fetcher!(url)
      if (bytes && options.cache) await options.cache.set(url, bytes)
    }
    if (!bytes) {
      problems.push(`nothing at ${url}`)
      return undefined
    }
    return { crl: parseCrl(bytes), origin: 'fetched', url }
  } catch (error) {
    // Keep the reason as a hint: one failing distribution point does not decide the status.
    problems.push(`${url}: ${error instanceof PkiError ? error.code : String(error)}`)
    return undefined
  }
}

/**
 * The revocation status of `cert` at `time`: the caller's CRLs first, then (with a fetcher)
 * the CRLs at the certificate's HTTP distribution points.
 */
export async function checkRevocation(
  cert: Certificate,
  issuer: Certificate,
  time: Date,
  options: RevocationOptions | undefined,
  crls: readonly Sourced[],
  context: RevocationContext,
): Promise<RevocationStatus> {
  const useDeltas = options?.deltaCrls === true
  const status = await checkCrls(cert, issuer, crls, time, context, useDeltas)
  if (status.status !== 'unknown' || !options?.fetcher) return status
  const problems = [...status.problems]
  const fetched: Sourced[] = []
  for (const url of cert.crlDistributionPoints.slice(0, MAX_FETCHED_POINTS)) {
    const crl = await fetchCrl(url, options, problems)
    if (crl) fetched.push(crl)
  }
  const second = await checkCrls(cert, issuer, fetched, time, context, useDeltas)
  return { ...second, problems: [...problems, ...second.problems] }
}
