// The signed attributes Siegel writes (RFC 5652 §11, RFC 8551 §2.5, RFC 5035, RFC 6211).
import type { AlgorithmIdentifier } from '@siegel/pki'
import { oid, setOf, TAG, tlv } from './der.js'
import { CMS_OID, ALGORITHM_OID } from './oids.js'
import { encodeAlgorithm, encodeAttribute, type CmsAttribute } from './signed-data.js'

/** A certificate as IssuerAndSerialNumber: the issuer Name's DER and the serial's content octets. */
export interface IssuerSerial {
  issuerDer: Uint8Array
  serialNumber: Uint8Array
}

export interface SignedAttributeValues {
  messageDigest: Uint8Array
  signingTime: Date
  digestAlgorithm: AlgorithmIdentifier
  signatureAlgorithm: AlgorithmIdentifier
  /** SHA-256 of the signer's certificate, for ESS signingCertificateV2. */
  certificateHash: Uint8Array
  signer: IssuerSerial
  /** The certificate others should encrypt to; omitted when undefined. */
  encryptionCertificate: IssuerSerial | undefined
  /** smimeCapabilities entries (DER SMIMECapability), strongest first. */
  capabilities: readonly Uint8Array[]
}

/**
 * What Siegel announces it can decrypt, strongest first (RFC 8551 §2.7: AES-GCM is the MUST,
 * AES-CBC for older peers; RSA-OAEP as key transport, RFC 8551 §2.3).
 */
export const ANNOUNCED_ALGORITHMS: readonly string[] = [
  ALGORITHM_OID.aes256Gcm,
  ALGORITHM_OID.aes128Gcm,
  ALGORITHM_OID.aes256Cbc,
  ALGORITHM_OID.aes192Cbc,
  ALGORITHM_OID.aes128Cbc,
  ALGORITHM_OID.rsaesOaep,
]

/** {@link ANNOUNCED_ALGORITHMS} as DER SMIMECapability values. */
export const DEFAULT_CAPABILITIES: readonly Uint8Array[] = ANNOUNCED_ALGORITHMS.map((id) =>
  tlv(TAG.sequence, oid(id)),
)

/** DER of the signed attributes as SET OF (the bytes the signature covers). */
export function encodeSignedAttributes(values: SignedAttributeValues): Uint8Array {
  const issuerAndSerial = (cert: IssuerSerial): Uint8Array =>
    tlv(TAG.sequence, cert.issuerDer, tlv(TAG.integer, cert.serialNumber))
  const attributes: CmsAttribute[] = [
    { oid: CMS_OID.contentType, values: [oid(CMS_OID.data)] },
    { oid: CMS_OID.signingTime, values: [encodeTime(values.signingTime)] },
    { oid: CMS_OID.messageDigest, values: [tlv(TAG.octetString, values.messageDigest)] },
    { oid: CMS_OID.smimeCapabilities, values: [tlv(TAG.sequence, ...values.capabilities)] },
    {
      // RFC 5035 §5.4: SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 }, hashAlgorithm
      // SHA-256 by default (left out), issuerSerial with the issuer as a directoryName.
      oid: CMS_OID.signingCertificateV2,
      values: [
        tlv(
          TAG.sequence,
          tlv(
            TAG.sequence,
            tlv(
              TAG.sequence,
              tlv(TAG.octetString, values.certificateHash),
              tlv(
                TAG.sequence,
                tlv(TAG.sequence, tlv(0xa4, values.signer.issuerDer)),
                tlv(TAG.integer, values.signer.serialNumber),
              ),
            ),
          ),
        ),
      ],
    },
    {
      // RFC 6211 §2: CMSAlgorithmProtection { digestAlgorithm, signatureAlgorithm [1] IMPLICIT }.
      oid: CMS_OID.algorithmProtection,
      values: [
        tlv(
          TAG.sequence,
          encodeAlgorithm(values.digestAlgorithm),
          implicit(0xa1, encodeAlgorithm(values.signatureAlgorithm)),
        ),
      ],
    },
  ]
  if (values.encryptionCertificate) {
    const target = issuerAndSerial(values.encryptionCertificate)
    // RFC 8551 §2.5.3: SMIMEEncryptionKeyPreference, issuerAndSerialNumber [0] IMPLICIT;
    // Outlook reads Microsoft's attribute, whose value is a plain IssuerAndSerialNumber.
    attributes.push({ oid: CMS_OID.encryptionKeyPreference, values: [implicit(0xa0, target)] })
    attributes.push({ oid: CMS_OID.microsoftEncryptionKeyPreference, values: [target] })
  }
  return setOf(attributes.map(encodeAttribute))
}

function implicit(tag: number, der: Uint8Array): Uint8Array {
  const copy = der.slice()
  copy[0] = tag
  return copy
}

/** RFC 5652 §11.3: UTCTime for 1950–2049, GeneralizedTime otherwise; whole seconds, UTC. */
export function encodeTime(date: Date): Uint8Array {
  const iso = new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString() // YYYY-MM-DDTHH:MM:SS.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '')
  const year = date.getUTCFullYear()
  const utc = year >= 1950 && year < 2050
  return tlv(utc ? 0x17 : 0x18, new TextEncoder().encode((utc ? digits.slice(2) : digits) + 'Z'))
}

/** Reads a DER UTCTime or GeneralizedTime value in Z form; `undefined` for anything else. */
export function decodeTime(der: Uint8Array): Date | undefined {
  const text = new TextDecoder().decode(der.subarray(2, 2 + (der[1] ?? 0)))
  let match: RegExpExecArray | null
  if (der[0] === 0x17 && (match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    const yy = Number(match[1])
    return utcDate(yy < 50 ? 2000 + yy : 1900 + yy, match.slice(2))
  }
  if (der[0] === 0x18 && (match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    return utcDate(Number(match[1]), match.slice(2))
  }
  return undefined
}

function utcDate(year: number, parts: string[]): Date | undefined {
  const [month, day, hour, minute, second] = parts.map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ]
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
  return Number.isNaN(date.getTime()) ? undefined : date
}
