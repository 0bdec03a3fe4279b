import { Certificate, digestFromOid, pqSignatureParams, type DigestName } from '@siegel/pki'
import { digestBytes, equalBytes } from '../lib/bytes.js'
import { childrenOf, readNode, readOid, TAG, tlvBytes } from '../lib/der.js'
import { CMS_OID } from '../lib/oids.js'
import { decodeTime } from '../lib/signed-attributes.js'
import { encodeAlgorithm, type CmsAttribute, type DecodedSignerInfo } from '../lib/signed-data.js'
import { verifyCmsSignature, verifyCmsSignatureOverDigest } from '../lib/verify-signature.js'
import type { AnnouncedCapability, SignatureStatus } from './types.js'

/** What {@link checkSignerInfo} found about one SignerInfo. */
export interface SignerCheck {
  signature: SignatureStatus
  certificate: Certificate | undefined
  signingTime: Date | undefined
  digestAlgorithm: string
  /** smimeCapabilities the signer announced, strongest first. */
  capabilities: AnnouncedCapability[]
  /** The certificate the signer asked others to encrypt to, if the message carried it. */
  encryptionCertificate: Certificate | undefined
}

type Invalid = Extract<SignatureStatus, { valid: false }>

/** The signed content, and its digest under each algorithm, computed once for all signers. */
export interface SignedContent {
  bytes: Uint8Array
  /**
   * False when only the digests are known (a stream, hashed as it passed): a signer without
   * signed attributes, whose signature covers the content itself, cannot be checked then.
   */
  kept: boolean
  digest(name: DigestName): Promise<Uint8Array>
}

/**
 * The content of one SignedData: each digest is computed when first asked for and shared by
 * every signer using that algorithm, so a thousand signers cost one pass over the content.
 */
export function signedContent(bytes: Uint8Array, crypto: Crypto | undefined): SignedContent {
  const digests = new Map<DigestName, Promise<Uint8Array>>()
  return {
    bytes,
    kept: true,
    digest(name) {
      let digest = digests.get(name)
      if (!digest) digests.set(name, (digest = digestBytes(name, bytes, crypto)))
      return digest
    },
  }
}

/**
 * A SignerInfo read and checked up to its public-key operation: `found` holds all but the
 * verdict on the signature, which `signature` gives once that operation is done. Meanwhile
 * the caller can validate the signer's chain, on this thread while the operation runs on
 * WebCrypto's.
 */
export interface PendingSignerCheck {
  found: SignerCheck
  signature: Promise<SignatureStatus>
}

/**
 * Checks one SignerInfo over the content (RFC 5652 §5.6): finds the signer's certificate,
 * checks the signed attributes (each at most once; exactly one contentType equal to
 * eContentType; exactly one messageDigest equal to the content's digest; CMSAlgorithmProtection
 * naming the algorithms actually used, RFC 6211 §3) and starts the check of the signature over
 * them. Any inconsistency makes the signature invalid: there is no "valid with warnings".
 */
export async function checkSignerInfo(
  info: DecodedSignerInfo,
  content: SignedContent,
  eContentType: string,
  certificates: readonly Certificate[],
  crypto: Crypto | undefined,
): Promise<PendingSignerCheck> {
  const digest = digestFromOid(info.digestAlgorithm.oid)
  const certificate = findSigner(info, certificates)
  const result: SignerCheck = {
    signature: { valid: true },
    certificate,
    signingTime: undefined,
    digestAlgorithm: digest ?? info.digestAlgorithm.oid,
    capabilities: [],
    encryptionCertificate: undefined,
  }
  const invalid = (code: Invalid['code'], message: string): PendingSignerCheck => {
    const signature: Invalid = { valid: false, code, message }
    return { found: { ...result, signature }, signature: Promise.resolve(signature) }
  }
  if (!digest)
    return invalid(
      'ERR_SMIME_UNSUPPORTED_ALGORITHM',
      `unsupported digest algorithm ${info.digestAlgorithm.oid}`,
    )
  if (!certificate)
    return invalid(
      'ERR_SMIME_SIGNER_NOT_FOUND',
      "the message does not carry the signer's certificate",
    )

  let signedBytes = content.bytes
  const attributes = info.signedAttributes?.attributes
  if (attributes) {
    const problem = attributeProblem(attributes, eContentType, info)
    if (problem) return invalid('ERR_SMIME_BAD_ATTRIBUTES', problem)
    const expected = octetString(value(attributes, CMS_OID.messageDigest)!)
    if (!expected)
      return invalid(
        'ERR_SMIME_BAD_ATTRIBUTES',
        'the messageDigest attribute is not an OCTET STRING',
      )
    const signingTime = value(attributes, CMS_OID.signingTime)
    result.signingTime = signingTime ? decodeTime(signingTime) : undefined
    result.capabilities = readCapabilities(value(attributes, CMS_OID.smimeCapabilities))
    result.encryptionCertificate = encryptionPreference(attributes, certificates)
    const actual = await content.digest(digest)
    if (!equalBytes(actual, expected)) {
      return invalid(
        'ERR_SMIME_DIGEST_MISMATCH',
        'the content does not match the signed messageDigest: it was changed after signing',
      )
    }
    signedBytes = info.signedAttributes!.der
  }
  // RFC 5652 §5.4: without signed attributes the signature is over the content itself, of
  // which a stream kept only the digest.
  if (!attributes && !content.kept) {
    const over = await content.digest(digest)
    const outcome = verifyCmsSignatureOverDigest(
      certificate,
      digest,
      over,
      info.signature,
      info.signatureAlgorithm,
    )
    return { found: result, signature: Promise.resolve(outcome) }
  }
  // RFC 9882 §3.3: without signed attributes an ML-DSA verifier ignores digestAlgorithm (the
  // signature covers the content itself), so it must not fail the digest-strength check.
  const pureWithoutDigest = !attributes && pqSignatureParams(certificate.publicKey.type)
  const outcome = verifyCmsSignature(
    certificate,
    signedBytes,
    info.signature,
    info.signatureAlgorithm,
    pureWithoutDigest ? undefined : digest,
    crypto,
  )
  return { found: result, signature: outcome }
}

function attributeProblem(
  attributes: readonly CmsAttribute[],
  eContentType: string,
  info: DecodedSignerInfo,
): string | undefined {
  const types = attributes.map((a) => a.oid)
  if (new Set(types).size !== types.length) return 'a signed attribute occurs twice (RFC 5652 §5.3)'
  for (const attribute of attributes) {
    if (attribute.values.length !== 1 && attribute.oid !== CMS_OID.smimeCapabilities) {
      return `signed attribute ${attribute.oid} must have exactly one value`
    }
  }
  const contentType = value(attributes, CMS_OID.contentType)
  if (!contentType || oidOf(contentType) !== eContentType) {
    return 'the contentType attribute is missing or differs from the encapsulated content type'
  }
  if (!value(attributes, CMS_OID.messageDigest)) return 'the messageDigest attribute is missing'
  const protection = value(attributes, CMS_OID.algorithmProtection)
  if (protection && !protectsAlgorithms(protection, info)) {
    return 'CMSAlgorithmProtection names other algorithms than the SignerInfo uses (RFC 6211 §3)'
  }
  return undefined
}

function protectsAlgorithms(der: Uint8Array, info: DecodedSignerInfo): boolean {
  try {
    const [digestAlgorithm, signatureAlgorithm] = childrenOf(der, readNode(der, 0))
    if (!digestAlgorithm || signatureAlgorithm?.tag !== 0xa1) return false
    const signature = tlvBytes(der, signatureAlgorithm).slice()
    signature[0] = TAG.sequence
    return (
      equalBytes(tlvBytes(der, digestAlgorithm), encodeAlgorithm(info.digestAlgorithm)) &&
      equalBytes(signature, encodeAlgorithm(info.signatureAlgorithm))
    )
  } catch {
    return false // an unreadable protection attribute protects nothing
  }
}

function value(attributes: readonly CmsAttribute[], oid: string): Uint8Array | undefined {
  return attributes.find((a) => a.oid === oid)?.values[0]
}

function oidOf(der: Uint8Array): string | undefined {
  const node = readNode(der, 0)
  return node.tag === TAG.oid ? readOid(der, node) : undefined
}

function octetString(der: Uint8Array): Uint8Array | undefined {
  const node = readNode(der, 0)
  return node.tag === TAG.octetString ? der.subarray(node.contentStart, node.contentEnd) : undefined
}

/** SMIMECapabilities ::= SEQUENCE OF SEQUENCE { capabilityID OID, parameters ANY OPTIONAL } */
function readCapabilities(der: Uint8Array | undefined): AnnouncedCapability[] {
  if (!der) return []
  return childrenOf(der, readNode(der, 0)).map((capability) => {
    const [id, parameters] = childrenOf(der, capability)
    return {
      oid: readOid(der, id!),
      ...(parameters ? { parameters: tlvBytes(der, parameters) } : {}),
    }
  })
}

/** The certificate named by encryptionKeyPreference ([0] IssuerAndSerialNumber) or Microsoft's. */
function encryptionPreference(
  attributes: readonly CmsAttribute[],
  certificates: readonly Certificate[],
): Certificate | undefined {
  const ietf = value(attributes, CMS_OID.encryptionKeyPreference)
  const microsoft = value(attributes, CMS_OID.microsoftEncryptionKeyPreference)
  const der = ietf?.[0] === 0xa0 ? ietf : microsoft
  if (!der) return undefined
  const [issuer, serial] = childrenOf(der, readNode(der, 0))
  if (!issuer || serial?.tag !== TAG.integer) return undefined
  const issuerDer = tlvBytes(der, issuer)
  const serialHex = Array.from(der.subarray(serial.contentStart, serial.contentEnd), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')
  return certificates.find(
    (c) => equalBytes(c.issuerDer, issuerDer) && c.serialNumber === serialHex,
  )
}

function findSigner(
  info: DecodedSignerInfo,
  certificates: readonly Certificate[],
): Certificate | undefined {
  const sid = info.sid
  return certificates.find((c) =>
    sid.kind === 'issuerAndSerialNumber'
      ? equalBytes(c.issuerDer, sid.issuerDer) && c.serialNumber === sid.serialNumber
      : c.subjectKeyIdentifier !== undefined &&
        equalBytes(c.subjectKeyIdentifier, sid.keyIdentifier),
  )
}
