import { DerReader, type Tlv } from '../lib/der.js'
import { latin1 } from '../lib/character-string.js'
import { toHex } from '../lib/bytes.js'
import {
  readGeneralName,
  readGeneralNames,
  readImplicitGeneralNames,
  type GeneralName,
} from './general-names.js'

/** One extension as it appears in the certificate; unknown ones are kept too. */
export interface Extension {
  oid: string
  critical: boolean
  /** The extnValue OCTET STRING's content (DER of the extension's own type). */
  value: Uint8Array
}

/** The names of the keyUsage bits (RFC 5280 §4.2.1.3), in bit order. */
export type KeyUsage =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly'

export const KEY_USAGES: readonly KeyUsage[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
]

/** basicConstraints (RFC 5280 §4.2.1.9). */
export interface BasicConstraints {
  ca: boolean
  /** pathLenConstraint, if given. */
  pathLength?: number
}

/** authorityKeyIdentifier (RFC 5280 §4.2.1.1): key ID and/or issuer name and serial. */
export interface AuthorityKeyIdentifier {
  keyIdentifier?: Uint8Array
  issuer?: GeneralName[]
  /** The issuer certificate's serial number as lower-case hex. */
  serialNumber?: string
}

/** One certificate policy (RFC 5280 §4.2.1.4) with its qualifiers. */
export interface CertificatePolicy {
  oid: string
  /** CPS pointers (id-qt-cps) as URIs. */
  cps: string[]
  /** User notice explicit texts (id-qt-unotice). */
  notices: string[]
}

/** authorityInfoAccess (RFC 5280 §4.2.2.1) URIs. */
export interface AuthorityInfoAccess {
  ocsp: string[]
  caIssuers: string[]
}

export const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const

// RFC 5280 §4.1: what a CA signs is DER; a second encoding of the same value is refused.
const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'certificate extension', {
  strict: true,
})

/** Extensions ::= SEQUENCE OF Extension { extnID, critical BOOLEAN DEFAULT FALSE, extnValue } */
export function readExtensions(tlv: Tlv | undefined): Extension[] {
  if (!tlv) return []
  const seen = new Set<string>()
  return reader.sequence(tlv, 'Extensions').map((ext) => {
    const fields = reader.sequence(ext, 'Extension')
    const oid = reader.oid(fields[0], 'extnID')
    // RFC 5280 §4.2: a certificate MUST NOT include more than one instance of an extension.
    if (seen.has(oid)) reader.fail(`extension ${oid} appears twice`)
    seen.add(oid)
    const critical = fields.length === 3 && fields[1]!.tag === 1 && fields[1]!.content[0] !== 0
    return {
      oid,
      critical,
      value: new Uint8Array(reader.octets(fields[fields.length - 1], 'extnValue')),
    }
  })
}

export function readKeyUsage(value: Uint8Array): KeyUsage[] {
  const bits = reader.one(value)
  if (bits.tag !== 3 || bits.content.length < 1) reader.fail('expected keyUsage BIT STRING')
  const out: KeyUsage[] = []
  KEY_USAGES.forEach((name, i) => {
    const byte = bits.content[1 + (i >> 3)]
    if (byte !== undefined && byte & (0x80 >> (i & 7))) out.push(name)
  })
  return out
}

export function readExtKeyUsage(value: Uint8Array): string[] {
  return reader
    .sequence(reader.one(value), 'ExtKeyUsageSyntax')
    .map((o) => reader.oid(o, 'KeyPurposeId'))
}

export function readBasicConstraints(value: Uint8Array): BasicConstraints {
  const fields = reader.sequence(reader.one(value), 'BasicConstraints')
  let rest = fields
  let ca = false
  if (rest[0]?.tag === 1) {
    ca = rest[0].content[0] !== 0
    rest = rest.slice(1)
  }
  return rest[0] ? { ca, pathLength: reader.smallInt(rest[0], 'pathLenConstraint') } : { ca }
}

export function readSubjectKeyIdentifier(value: Uint8Array): Uint8Array {
  return new Uint8Array(reader.octets(reader.one(value), 'SubjectKeyIdentifier'))
}

export function readAuthorityKeyIdentifier(value: Uint8Array): AuthorityKeyIdentifier {
  const out: AuthorityKeyIdentifier = {}
  for (const field of reader.sequence(reader.one(value), 'AuthorityKeyIdentifier')) {
    if (field.cls !== 2) continue
    if (field.tag === 0) out.keyIdentifier = new Uint8Array(field.content)
    if (field.tag === 1) out.issuer = readImplicitGeneralNames(reader, field)
    if (field.tag === 2) out.serialNumber = toHex(field.content)
  }
  return out
}

export function readSubjectAltName(value: Uint8Array): GeneralName[] {
  return readGeneralNames(reader, reader.one(value))
}

export function readPolicies(value: Uint8Array): CertificatePolicy[] {
  return reader.sequence(reader.one(value), 'certificatePolicies').map((info) => {
    const [id, qualifiers] = reader.sequence(info, 'PolicyInformation')
    const policy: CertificatePolicy = {
      oid: reader.oid(id, 'policyIdentifier'),
      cps: [],
      notices: [],
    }
    for (const q of qualifiers ? reader.sequence(qualifiers, 'policyQualifiers') : []) {
      const [qid, qvalue] = reader.sequence(q, 'PolicyQualifierInfo')
      const kind = reader.oid(qid, 'policyQualifierId')
      if (kind === '1.3.6.1.5.5.7.2.1' && qvalue) policy.cps.push(text(qvalue))
      if (kind === '1.3.6.1.5.5.7.2.2' && qvalue) {
        // UserNotice ::= SEQUENCE { noticeRef NoticeReference OPTIONAL, explicitText OPTIONAL }
        const explicit = reader.sequence(qvalue, 'UserNotice').find((f) => f.tag !== 0x10)
        if (explicit) policy.notices.push(text(explicit))
      }
    }
    return policy
  })
}

/** The full-name URIs of every distribution point (RFC 5280 §4.2.1.13), in order. */
export function readCrlDistributionPoints(value: Uint8Array): string[] {
  const uris: string[] = []
  for (const point of reader.sequence(reader.one(value), 'CRLDistributionPoints')) {
    const name = reader.sequence(point, 'DistributionPoint').find((f) => reader.isContext(f, 0))
    const fullName = name && reader.children(name).find((f) => reader.isContext(f, 0))
    for (const general of fullName ? readImplicitGeneralNames(reader, fullName) : [])
      if (general.type === 'uri') uris.push(general.value)
  }
  return uris
}

export function readAuthorityInfoAccess(value: Uint8Array): AuthorityInfoAccess {
  const out: AuthorityInfoAccess = { ocsp: [], caIssuers: [] }
  for (const description of reader.sequence(reader.one(value), 'AuthorityInfoAccessSyntax')) {
    const [method, location] = reader.sequence(description, 'AccessDescription')
    const oid = reader.oid(method, 'accessMethod')
    if (!location) continue
    const name = readGeneralName(reader, location)
    if (name?.type !== 'uri') continue
    if (oid === '1.3.6.1.5.5.7.48.1') out.ocsp.push(name.value)
    if (oid === '1.3.6.1.5.5.7.48.2') out.caIssuers.push(name.value)
  }
  return out
}

const utf8 = new TextDecoder()
const utf16 = new TextDecoder('utf-16be')

/** DirectoryString / DisplayText as text (UTF8String, BMPString, IA5String, VisibleString). */
function text(tlv: Tlv): string {
  if (tlv.tag === 0x0c) return utf8.decode(tlv.content)
  if (tlv.tag === 0x1e) return utf16.decode(tlv.content)
  return latin1(tlv.content)
}
