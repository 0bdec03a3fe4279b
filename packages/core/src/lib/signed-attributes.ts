// The signed attributes Siegel writes (RFC 5652 §11, RFC 8551 §2.5, RFC 5035, RFC 6211).
import type { AlgorithmIdentifier } from '@siegel/pki'
import { decodeTime as decodeDerTime, encodeTime } from '@siegel/pki/der'
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

const ML_KEM_CAPABILITY: Readonly<Record<string, string>> = {
  'ML-KEM-512': ALGORITHM_OID.mlKem512,
  'ML-KEM-768': ALGORITHM_OID.mlKem768,
  'ML-KEM-1024': ALGORITHM_OID.mlKem1024,
}

/**
 * The smimeCapabilities of a signer whose encryption certificate holds a key of
 * `encryptionKeyType`: {@link DEFAULT_CAPABILITIES}, and for an ML-KEM key its parameter set
 * before RSA-OAEP (RFC 9936 §2.4: the OID alone, parameters absent). So ML-KEM is announced
 * only by a signer configured with an ML-KEM encryption certificate.
 */
export function capabilitiesFor(encryptionKeyType: string | undefined): readonly Uint8Array[] {
  const kem = ML_KEM_CAPABILITY[encryptionKeyType ?? '']
  if (!kem) return DEFAULT_CAPABILITIES
  const at = ANNOUNCED_ALGORITHMS.indexOf(ALGORITHM_OID.rsaesOaep)
  return [
    ...DEFAULT_CAPABILITIES.slice(0, at),
    tlv(TAG.sequence, oid(kem)),
    ...DEFAULT_CAPABILITIES.slice(at),
  ]
}

/** DER of the signed attributes as SET OF (the bytes the signature covers). */
export function encodeSignedAttributes(values: SignedAttributeValues): Uint8Array {
  const issuerAndSerial = (cert: IssuerSerial): Uint8Array =>
    tlv(TAG.sequence, cert.issuerDer, tlv(TAG.integer, cert.serialNumber))
  const attributes: CmsAttribute[] = [
    { oid: CMS_OID.contentType, values: [oid(CMS_OID.data)] },
    // RFC 5652 §11.3: UTCTime for 1950–2049, GeneralizedTime otherwise; whole seconds, UTC.
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

/** Reads a DER UTCTime or GeneralizedTime value in Z form; `undefined` for anything else. */
export function decodeTime(der: Uint8Array): Date | undefined {
  const length = der[1] ?? 0
  // Times are short: a long-form length here is no time of RFC 5652 §11.3.
  if (length >= 0x80 || der.length !== 2 + length) return undefined
  return decodeDerTime(der[0]!, der.subarray(2))
}
