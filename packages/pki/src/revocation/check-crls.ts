import type { Certificate } from '../certificate/certificate.js'
import { DerReader } from '../lib/der.js'
import { sameSubjectAndKey } from '../trust/build-paths.js'
import { sameName } from '../trust/names.js'
import {
  ALL_REASONS,
  certificateDistributionPoints,
  directoryName,
  readIssuingDistributionPoint,
  sameGeneralName,
  type DistributionPoint,
} from './distribution-points.js'
import type { Crl, RevokedEntry } from './parse-crl.js'
import type { RevocationContext, RevocationStatus } from './types.js'

/** A CRL with where it came from. */
export interface SourcedCrl {
  crl: Crl
  origin: 'caller' | 'fetched'
  url?: string
}

const REMOVE_FROM_CRL = 8
// RFC 5280 §5.1: a CRL is DER, like the certificates it revokes.
const reader: DerReader = new DerReader('ERR_PKI_INVALID_INPUT', 'CRL entry', { strict: true })

function names(generalNames: Uint8Array): Uint8Array[] {
  return reader.sequence(reader.one(generalNames), 'GeneralNames').map((n) => n.raw)
}

/** The certificate's distribution points that name `crl`'s issuer (RFC 5280 §6.3.3 b). */
function relevantPoints(cert: Certificate, crl: Crl): DistributionPoint[] | undefined {
  const direct = sameName(crl.issuerDer, cert.issuerDer)
  const all = certificateDistributionPoints(cert)
  if (all.length === 0) return direct ? [] : undefined
  const issuerName = directoryName(crl.issuerDer)
  const points = all.filter((p) =>
    p.crlIssuer ? p.crlIssuer.some((n) => sameGeneralName(n, issuerName)) : direct,
  )
  return points.length ? points : undefined
}

/** Why `crl` does not cover `cert`, or the reasons mask it covers. */
function scope(cert: Certificate, crl: Crl, points: DistributionPoint[]): string | number {
  const idp = readIssuingDistributionPoint(crl)
  const pointReasons = points.length ? points.reduce((m, p) => m | p.reasons, 0) : ALL_REASONS
  if (!idp) return sameName(crl.issuerDer, cert.issuerDer) ? pointReasons : 'not an indirect CRL'
  if (!idp.indirect && !sameName(crl.issuerDer, cert.issuerDer)) return 'not an indirect CRL'
  if (idp.onlyAttribute) return 'the CRL covers attribute certificates only'
  if (idp.onlyUser && cert.isCA) return 'the CRL covers end-entity certificates only'
  if (idp.onlyCa && !cert.isCA) return 'the CRL covers CA certificates only'
  if (idp.names) {
    const wanted = points.length
      ? points.flatMap((p) => p.names ?? p.crlIssuer ?? [])
      : [directoryName(cert.issuerDer)]
    if (!idp.names.some((n) => wanted.some((w) => sameGeneralName(n, w))))
      return 'the CRL is for another distribution point'
  }
  return idp.reasons & pointReasons
}

/** The entry for `cert` (its serial, issued by its issuer), if the CRL lists it. */
function entryFor(crl: Crl, cert: Certificate): RevokedEntry | undefined {
  return crl.entries
    .get(cert.serialNumber)
    ?.find((e) =>
      e.certificateIssuer
        ? names(e.certificateIssuer).some((n) => sameGeneralName(n, directoryName(cert.issuerDer)))
        : sameName(crl.issuerDer, cert.issuerDer),
    )
}

function newer(delta: Crl, base: Crl): boolean {
  // RFC 5280 §5.2.4: a delta applies to a complete CRL numbered at least its BaseCRLNumber.
  if (delta.deltaBase === undefined || base.crlNumber === undefined) return false
  return BigInt('0x' + delta.deltaBase) <= BigInt('0x' + base.crlNumber)
}

/**
 * Decides a certificate's status from CRLs (RFC 5280 §6.3): only CRLs in scope (issuer,
 * distribution point, indirect CRL issuer, certificate kind, reasons), current at `at`, without
 * unknown critical extensions, and signed by a trusted key with cRLSign count. Delta CRLs apply
 * to the complete CRL they refer to when `useDeltas` is set.
 */
export async function checkCrls(
  cert: Certificate,
  issuer: Certificate,
  crls: readonly SourcedCrl[],
  at: Date,
  context: RevocationContext,
  useDeltas: boolean,
): Promise<RevocationStatus> {
  const problems: string[] = []
  const usable: { source: SourcedCrl; reasons: number }[] = []
  for (const source of crls) {
    const { crl } = source
    const points = relevantPoints(cert, crl)
    if (!points) continue
    if (crl.deltaBase !== undefined && !useDeltas) continue
    if (crl.unknownCritical.length) {
      problems.push(`CRL has unknown critical extensions ${crl.unknownCritical.join(', ')}`)
      continue
    }
    const reasons = scope(cert, crl, points)
    if (typeof reasons === 'string') {
      problems.push(reasons)
      continue
    }
    if (crl.thisUpdate > at) {
      problems.push(`CRL issued ${crl.thisUpdate.toISOString()}, after ${at.toISOString()}`)
      continue
    }
    if (crl.nextUpdate && crl.nextUpdate < at) {
      problems.push(`CRL is stale: next update was due ${crl.nextUpdate.toISOString()}`)
      continue
    }
    if (entryFor(crl, cert)?.unknownCritical.length) {
      problems.push('the CRL entry has unknown critical extensions')
      continue
    }
    if (!(await signedByIssuer(crl, cert, issuer, at, context, problems))) continue
    usable.push({ source, reasons })
  }
  let covered = 0
  let good: RevocationStatus | undefined
  for (const { source, reasons } of usable) {
    const { crl } = source
    if (crl.deltaBase !== undefined) continue
    const delta = usable.find((d) => newer(d.source.crl, crl) && entryFor(d.source.crl, cert))
    const decided = delta?.source ?? source
    const entry = entryFor(decided.crl, cert)
    const times = {
      thisUpdate: decided.crl.thisUpdate,
      ...(decided.crl.nextUpdate ? { nextUpdate: decided.crl.nextUpdate } : {}),
    }
    const from = {
      kind: 'crl' as const,
      origin: decided.origin,
      ...(decided.url ? { url: decided.url } : {}),
    }
    if (entry && entry.reason !== REMOVE_FROM_CRL && entry.revocationDate <= at)
      return {
        status: 'revoked',
        source: from,
        ...times,
        revocationDate: entry.revocationDate,
        ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
        problems,
      }
    covered |= reasons
    if (!good && (covered & ALL_REASONS) === ALL_REASONS)
      good = { status: 'good', source: from, ...times, problems }
  }
  if (good) return good
  if (usable.length && !problems.length)
    problems.push('the CRLs do not cover every revocation reason')
  return { status: 'unknown', problems: problems.length ? problems : ['no CRL of the issuer'] }
}

async function signedByIssuer(
  crl: Crl,
  cert: Certificate,
  issuer: Certificate,
  at: Date,
  context: RevocationContext,
  problems: string[],
): Promise<boolean> {
  const candidates = [
    issuer,
    ...context.pool.filter(
      (c) => sameName(c.subjectDer, crl.issuerDer) && !sameSubjectAndKey(c, issuer),
    ),
  ]
  for (const signer of candidates) {
    if (!sameName(signer.subjectDer, crl.issuerDer)) continue
    // RFC 5280 §4.2.1.3: a key that signs CRLs must have cRLSign where keyUsage is present.
    if (signer.keyUsage && !signer.keyUsage.includes('cRLSign')) {
      problems.push(`"${signer.subject}" may not sign CRLs (no cRLSign)`)
      continue
    }
    if (!(await context.verify(signer, crl.tbs, crl.signature, crl.signatureAlgorithm))) {
      problems.push(`the CRL signature does not verify with the key of "${signer.subject}"`)
      continue
    }
    // The issuer's key, or the certificate's own key on an indirect CRL that covers its own
    // CRL issuer certificate (PKITS 4.14.30): that path is being validated right now.
    if (signer === issuer || sameSubjectAndKey(signer, cert)) return true
    // RFC 5280 §6.3.3 (f): another CRL signing key needs a valid path of its own.
    if (await context.trusted(signer, at)) return true
    problems.push(`the CRL signer "${signer.subject}" is not trusted`)
  }
  return false
}
