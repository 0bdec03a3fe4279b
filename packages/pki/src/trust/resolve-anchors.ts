import type { TrustAnchor } from '../anchors/trust-anchor.js'
import { Certificate } from '../certificate/certificate.js'
import { PkiError } from '../errors.js'
import { equalBytes } from '../lib/bytes.js'
import { der } from '../lib/der.js'
import { parseNameConstraints, readNameConstraints, type NameConstraints } from './extensions.js'

/** A configured anchor, made ready for the engine. */
export interface ResolvedAnchor {
  /** What the caller passed. */
  configured: Certificate | TrustAnchor
  /** The anchor's certificate, or an unsigned stand-in carrying its name and key. */
  certificate: Certificate
  /** Constraints that apply below the anchor (empty when enforcement is off). */
  nameConstraints: NameConstraints | undefined
  pathLength: number | undefined
  policies: readonly string[] | undefined
}

// RFC 5280 §4.1.2.5: 99991231235959Z means "no well-defined expiration date".
const NO_EXPIRY = der.utcOrGeneralizedTime(new Date(Date.UTC(9999, 11, 31, 23, 59, 59)))
const SINCE_EVER = der.utcOrGeneralizedTime(new Date(Date.UTC(1950, 0, 1)))
const SHA256_WITH_RSA = der.seq(der.oid('1.2.840.113549.1.1.11'), der.null())
const BASIC_CONSTRAINTS_CA = der.seq(
  der.oid('2.5.29.19'),
  der.bool(true),
  der.octets(der.seq(der.bool(true))),
)

/**
 * A certificate-shaped stand-in for an anchor given as name and key (RFC 5914 without a
 * certificate): the engine handles paths of certificates, and an anchor's own signature is
 * never checked (RFC 5280 §6.1.1 d). Its signature is empty, so it can never verify anywhere.
 */
function standIn(subject: Uint8Array, publicKeyInfo: Uint8Array): Certificate {
  const tbs = der.seq(
    der.ctx(0, true, der.int(2)),
    der.int(1),
    SHA256_WITH_RSA,
    subject,
    der.seq(SINCE_EVER, NO_EXPIRY),
    subject,
    publicKeyInfo,
    der.ctx(3, true, der.seq(BASIC_CONSTRAINTS_CA)),
  )
  try {
    return Certificate.from(der.seq(tbs, SHA256_WITH_RSA, der.bits(new Uint8Array())))
  } catch (cause) {
    throw new PkiError('ERR_PKI_INVALID_OPTION', 'trust anchor: malformed subject or key', {
      cause,
    })
  }
}

const OID = /^[0-2](?:\.(?:0|[1-9]\d*))+$/

function invalid(message: string): PkiError {
  return new PkiError('ERR_PKI_INVALID_OPTION', `trust anchor: ${message}`)
}

function callerNameConstraints(value: unknown, index: number): NameConstraints {
  if (!(value instanceof Uint8Array))
    throw invalid(`anchors[${index}].nameConstraints must be DER bytes`)
  try {
    return parseNameConstraints(value)
  } catch (cause) {
    throw new PkiError(
      'ERR_PKI_INVALID_OPTION',
      `anchors[${index}].nameConstraints: ${(cause as Error).message}`,
      { cause },
    )
  }
}

function resolveOne(
  input: Certificate | TrustAnchor,
  enforce: boolean,
  index: number,
): ResolvedAnchor {
  if (typeof input !== 'object' || input === null)
    throw invalid(`anchors[${index}] must be a Certificate or a TrustAnchor`)
  const anchor: TrustAnchor = input instanceof Certificate ? { certificate: input } : input
  const { certificate: given, subject, publicKeyInfo } = anchor
  if (given !== undefined && !(given instanceof Certificate))
    throw invalid(`anchors[${index}].certificate must be a Certificate`)
  if (!given && !(subject instanceof Uint8Array && publicKeyInfo instanceof Uint8Array))
    throw invalid(`anchors[${index}] needs a certificate, or a subject and a publicKeyInfo`)
  if (given && subject && !equalBytes(subject, given.subjectDer))
    throw invalid(`anchors[${index}].subject differs from its certificate's`)
  if (given && publicKeyInfo && !equalBytes(publicKeyInfo, given.publicKey.spki))
    throw invalid(`anchors[${index}].publicKeyInfo differs from its certificate's`)
  const pathLength = anchor.pathLength
  if (pathLength !== undefined && !(Number.isInteger(pathLength) && pathLength >= 0))
    throw invalid(`anchors[${index}].pathLength must be a non-negative integer`)
  const policies = anchor.policies
  if (
    policies !== undefined &&
    !(Array.isArray(policies) && policies.every((p) => typeof p === 'string' && OID.test(p)))
  )
    throw invalid(`anchors[${index}].policies must be a list of dotted OIDs`)
  // RFC 5280 §6.1.4 (k), OpenSSL and webpki alike: only a CA vouches for other certificates.
  if (given && !given.isCA && anchor.allowNonCa !== true)
    throw new PkiError(
      'ERR_PKI_REFUSED_ANCHOR',
      `"${given.subject}" is not a CA certificate (basicConstraints cA); pass it as { certificate, allowNonCa: true } to trust it directly`,
    )
  const certificate = given ?? standIn(subject!, publicKeyInfo!)
  const nameConstraints = !enforce
    ? undefined
    : anchor.nameConstraints !== undefined
      ? callerNameConstraints(anchor.nameConstraints, index)
      : given && readNameConstraints(given)
  return {
    configured: input,
    certificate,
    nameConstraints: nameConstraints || undefined,
    pathLength: enforce ? (pathLength ?? given?.basicConstraints?.pathLength) : undefined,
    policies: enforce ? policies : undefined,
  }
}

/**
 * Checks and normalises the configured anchors once, at the edge.
 *
 * @throws PkiError `ERR_PKI_REFUSED_ANCHOR` for a non-CA certificate without `allowNonCa`,
 *   `ERR_PKI_INVALID_OPTION` for an anchor without certificate or name and key, or with
 *   fields that contradict its certificate, `ERR_PKI_MALFORMED_CERTIFICATE` for malformed
 *   name constraints
 */
export function resolveAnchors(
  anchors: readonly (Certificate | TrustAnchor)[],
  enforceConstraints: boolean,
): ResolvedAnchor[] {
  if (!Array.isArray(anchors)) throw invalid('anchors must be an array')
  return anchors.map((a, i) => resolveOne(a, enforceConstraints, i))
}
