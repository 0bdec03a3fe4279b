import type { Certificate } from '../certificate/certificate.js'
import { SIGNED_PARTS } from '../certificate/signed-parts.js'
import { equalBytes } from '../lib/bytes.js'
import { sameName } from '../trust/names.js'
import { certIdOf, keyHash, sameCertId } from './ocsp-request.js'
import type { OcspResponse } from './parse-ocsp-response.js'
import type { RevocationContext, RevocationStatus } from './types.js'

const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9'
// Clocks differ: accept responses produced up to five minutes "in the future".
const CLOCK_SKEW_MS = 5 * 60 * 1000
// RFC 5019 §4: without nextUpdate, a response is current for a short time; take a week.
const MAX_AGE_WITHOUT_NEXT_UPDATE_MS = 7 * 24 * 3600 * 1000

function names(response: OcspResponse, cert: Certificate): boolean {
  const id = response.responderId
  if (id?.name) return sameName(id.name, cert.subjectDer)
  return id?.keyHash !== undefined && equalBytes(id.keyHash, keyHash(cert))
}

/** The key that signed the response: the issuer, or a responder it delegated to (RFC 6960 §4.2.2.2). */
async function responder(
  response: OcspResponse,
  issuer: Certificate,
  at: Date,
  context: RevocationContext,
  problems: string[],
): Promise<Certificate | undefined> {
  if (names(response, issuer)) return issuer
  for (const candidate of response.certificates) {
    if (!names(response, candidate)) continue
    const parts = SIGNED_PARTS.get(candidate)!
    if (!sameName(candidate.issuerDer, issuer.subjectDer)) continue
    if (!candidate.extendedKeyUsage?.includes(OCSP_SIGNING)) {
      problems.push(`the OCSP responder "${candidate.subject}" lacks id-kp-OCSPSigning`)
      continue
    }
    if (at < candidate.notBefore || at > candidate.notAfter) {
      problems.push(
        `the OCSP responder certificate "${candidate.subject}" is not valid at ${at.toISOString()}`,
      )
      continue
    }
    if (!(await context.verify(issuer, parts.tbs, parts.signature, parts.signatureAlgorithm))) {
      problems.push(`the OCSP responder "${candidate.subject}" is not certified by the issuer`)
      continue
    }
    return candidate
  }
  problems.push('the OCSP response is signed by neither the issuer nor a delegated responder')
  return undefined
}

/**
 * The status an OCSP response gives `cert` at `at`, or `undefined` with `problems` filled if
 * it does not count: not successful, no answer for this CertID, unauthorised or bad signature,
 * a nonce that differs from the request's, or not current.
 */
export async function checkOcsp(
  cert: Certificate,
  issuer: Certificate,
  response: OcspResponse,
  at: Date,
  context: RevocationContext,
  source: RevocationStatus['source'],
  problems: string[],
  nonce?: Uint8Array,
): Promise<RevocationStatus | undefined> {
  if (response.responseStatus !== 0) {
    problems.push(`OCSP responseStatus ${response.responseStatus}`)
    return undefined
  }
  const id = certIdOf(cert, issuer)
  const answer = response.responses.find((r) => sameCertId(r.certId, id))
  if (!answer) {
    problems.push('the OCSP response does not answer for this certificate')
    return undefined
  }
  if (nonce && response.nonce && !equalBytes(nonce, response.nonce)) {
    problems.push('the OCSP response nonce differs from the request')
    return undefined
  }
  const signer = await responder(response, issuer, at, context, problems)
  if (!signer) return undefined
  if (
    !(await context.verify(
      signer,
      response.tbs!,
      response.signature!,
      response.signatureAlgorithm!,
    ))
  ) {
    problems.push('the OCSP response signature does not verify')
    return undefined
  }
  if (answer.thisUpdate.getTime() > at.getTime() + CLOCK_SKEW_MS) {
    problems.push(`OCSP thisUpdate ${answer.thisUpdate.toISOString()} is after ${at.toISOString()}`)
    return undefined
  }
  const expires =
    answer.nextUpdate ?? new Date(answer.thisUpdate.getTime() + MAX_AGE_WITHOUT_NEXT_UPDATE_MS)
  if (expires < at) {
    problems.push(`the OCSP response is stale: current until ${expires.toISOString()}`)
    return undefined
  }
  const times = {
    thisUpdate: answer.thisUpdate,
    ...(answer.nextUpdate ? { nextUpdate: answer.nextUpdate } : {}),
  }
  if (answer.status === 'revoked' && answer.revocationTime! <= at)
    return {
      status: 'revoked',
      ...(source ? { source } : {}),
      ...times,
      revocationDate: answer.revocationTime!,
      ...(answer.reason !== undefined ? { reason: answer.reason } : {}),
      problems,
    }
  // Revoked only after `at` (the chain model checks issuers at their children's issuance):
  // the certificate was good then, as a CRL entry with a later revocationDate is.
  if (answer.status !== 'unknown')
    return { status: 'good', ...(source ? { source } : {}), ...times, problems }
  problems.push('the OCSP responder does not know the certificate')
  return undefined
}
