import type { Certificate } from '../certificate/certificate.js'
import { DerReader, type Tlv } from '../lib/der.js'

/** The extensions §6.1 processes beyond those {@link Certificate} already reads. */
export const TRUST_EXT = {
  nameConstraints: '2.5.29.30',
  policyMappings: '2.5.29.33',
  policyConstraints: '2.5.29.36',
  inhibitAnyPolicy: '2.5.29.54',
} as const

/** A GeneralName as tag number and content bytes, for constraint matching. */
export interface RawGeneralName {
  /** 0 otherName, 1 rfc822Name, 2 dNSName, 4 directoryName, 6 URI, 7 iPAddress, ... */
  tag: number
  /** The content; for directoryName the DER of the Name. */
  value: Uint8Array
}

/** nameConstraints (RFC 5280 §4.2.1.10). */
export interface NameConstraints {
  permitted: RawGeneralName[] | undefined
  excluded: RawGeneralName[]
}

/** policyConstraints (RFC 5280 §4.2.1.11). */
export interface PolicyConstraints {
  requireExplicitPolicy?: number
  inhibitPolicyMapping?: number
}

// RFC 5280 §4.1: what a CA signs is DER; a second encoding of the same value is refused.
const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'certificate extension', {
  strict: true,
})

function extension(cert: Certificate, oid: string): Uint8Array | undefined {
  return cert.extensions.find((e) => e.oid === oid)?.value
}

function rawName(tlv: Tlv): RawGeneralName {
  if (tlv.cls !== 2) reader.fail('expected a context-specific GeneralName')
  if (tlv.tag === 4) return { tag: 4, value: reader.children(tlv)[0]?.raw ?? new Uint8Array() }
  return { tag: tlv.tag, value: tlv.content }
}

function skipCerts(tlv: Tlv): number {
  if (tlv.content.length === 0 || tlv.content.length > 4 || tlv.content[0]! & 0x80)
    reader.fail('SkipCerts out of range')
  let n = 0
  for (const b of tlv.content) n = n * 256 + b
  return n
}

/** The subjectAltName entries with their raw bytes (iPAddress as octets). */
export function rawSubjectAltNames(cert: Certificate): RawGeneralName[] {
  const value = extension(cert, '2.5.29.17')
  return value ? reader.sequence(reader.one(value), 'GeneralNames').map(rawName) : []
}

export function readNameConstraints(cert: Certificate): NameConstraints | undefined {
  const value = extension(cert, TRUST_EXT.nameConstraints)
  return value ? parseNameConstraints(value) : undefined
}

/**
 * Decodes a NameConstraints value (the extension's, or a trust anchor's, RFC 5914).
 *
 * @throws PkiError `ERR_PKI_MALFORMED_CERTIFICATE` for an empty NameConstraints or empty
 *   subtrees, which would otherwise read as "no constraint"
 */
export function parseNameConstraints(value: Uint8Array): NameConstraints {
  const out: NameConstraints = { permitted: undefined, excluded: [] }
  const fields = reader.sequence(reader.one(value), 'NameConstraints')
  // RFC 5280 §4.2.1.10: "either the permittedSubtrees field or the excludedSubtrees MUST be
  // present"; an empty extension is not "no constraint" but a CA's error, so it is refused.
  if (fields.length === 0) reader.fail('NameConstraints with neither permitted nor excluded')
  for (const field of fields) {
    if (field.cls !== 2 || (field.tag !== 0 && field.tag !== 1))
      reader.fail('expected permittedSubtrees [0] or excludedSubtrees [1]')
    const subtrees = reader.children(field).map((subtree) => {
      const [base, ...rest] = reader.sequence(subtree, 'GeneralSubtree')
      // RFC 5280 §4.2.1.10: minimum MUST be zero and maximum MUST be absent.
      if (rest.some((f) => f.tag === 1 || f.content.some((b) => b !== 0)))
        reader.fail('GeneralSubtree with minimum or maximum')
      return rawName(base!)
    })
    // GeneralSubtrees ::= SEQUENCE SIZE (1..MAX): an empty list would permit or exclude nothing.
    if (subtrees.length === 0) reader.fail('empty GeneralSubtrees')
    if (field.tag === 0) out.permitted = subtrees
    else out.excluded = subtrees
  }
  return out
}

export function readPolicyConstraints(cert: Certificate): PolicyConstraints | undefined {
  const value = extension(cert, TRUST_EXT.policyConstraints)
  if (!value) return undefined
  const out: PolicyConstraints = {}
  const fields = reader.sequence(reader.one(value), 'PolicyConstraints')
  // RFC 5280 §4.2.1.11: "Conforming CAs MUST NOT issue certificates where policy constraints
  // is an empty sequence"; like empty name constraints, it is refused, not read as none.
  if (fields.length === 0) reader.fail('PolicyConstraints with neither field')
  for (const field of fields) {
    if (field.cls === 2 && field.tag === 0) out.requireExplicitPolicy = skipCerts(field)
    if (field.cls === 2 && field.tag === 1) out.inhibitPolicyMapping = skipCerts(field)
  }
  return out
}

export function readPolicyMappings(cert: Certificate): [string, string][] {
  const value = extension(cert, TRUST_EXT.policyMappings)
  if (!value) return []
  return reader.sequence(reader.one(value), 'PolicyMappings').map((m) => {
    const [issuer, subject] = reader.sequence(m, 'PolicyMapping')
    return [reader.oid(issuer, 'issuerDomainPolicy'), reader.oid(subject, 'subjectDomainPolicy')]
  })
}

export function readInhibitAnyPolicy(cert: Certificate): number | undefined {
  const value = extension(cert, TRUST_EXT.inhibitAnyPolicy)
  if (!value) return undefined
  const tlv = reader.one(value)
  if (tlv.tag !== 2) reader.fail('expected InhibitAnyPolicy INTEGER')
  return skipCerts(tlv)
}
