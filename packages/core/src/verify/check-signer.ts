import { Certificate, digestFromOid, verifySignature } from '@siegel/pki'
import { digestBytes, equalBytes } from '../lib/bytes.js'
import {
  readObjectIdentifier,
  readOctetString,
  readTime,
  type DecodedSignerInfo,
} from '../lib/cms.js'
import { CMS_OID } from '../lib/oids.js'
import type { SignatureStatus } from './types.js'

/** What {@link checkSignerInfo} found about one SignerInfo. */
export interface SignerCheck {
  signature: SignatureStatus
  certificate: Certificate | undefined
  signingTime: Date | undefined
  digestAlgorithm: string
}

/**
 * Checks one SignerInfo over the content (RFC 5652 §5.6): finds the signer's certificate,
 * checks the signed attributes (exactly one contentType equal to eContentType, exactly one
 * messageDigest equal to the content's digest) and the signature over them. Any inconsistency
 * makes the signature invalid: there is no "valid with warnings".
 */
export async function checkSignerInfo(
  info: DecodedSignerInfo,
  content: Uint8Array,
  eContentType: string,
  certificates: readonly Certificate[],
  crypto: Crypto | undefined,
): Promise<SignerCheck> {
  const digest = digestFromOid(info.digestAlgorithm)
  const certificate = findSigner(info, certificates)
  const base = {
    certificate,
    digestAlgorithm: digest ?? info.digestAlgorithm,
    signingTime: undefined as Date | undefined,
  }
  const invalid = (
    code: Extract<SignatureStatus, { valid: false }>['code'],
    message: string,
  ): SignerCheck => ({
    ...base,
    signature: { valid: false, code, message },
  })
  if (!digest)
    return invalid(
      'ERR_SMIME_UNSUPPORTED_ALGORITHM',
      `unsupported digest algorithm ${info.digestAlgorithm}`,
    )
  if (!certificate)
    return invalid(
      'ERR_SMIME_SIGNER_NOT_FOUND',
      "the message does not carry the signer's certificate",
    )

  let signedBytes = content
  const attributes = info.signedAttributes
  if (attributes) {
    const single = (oid: string): Uint8Array | undefined | 'duplicate' => {
      const matching = attributes.attributes.filter((a) => a.oid === oid)
      if (matching.length > 1 || (matching[0] && matching[0].values.length !== 1))
        return 'duplicate'
      return matching[0]?.values[0]
    }
    const types = attributes.attributes.map((a) => a.oid)
    if (new Set(types).size !== types.length)
      return invalid('ERR_SMIME_BAD_ATTRIBUTES', 'a signed attribute occurs twice')
    const contentType = single(CMS_OID.contentType)
    const messageDigest = single(CMS_OID.messageDigest)
    if (contentType === 'duplicate' || messageDigest === 'duplicate') {
      return invalid(
        'ERR_SMIME_BAD_ATTRIBUTES',
        'contentType and messageDigest must each have exactly one value',
      )
    }
    if (!contentType || readObjectIdentifier(contentType) !== eContentType) {
      return invalid(
        'ERR_SMIME_BAD_ATTRIBUTES',
        'the contentType attribute is missing or differs from the encapsulated content type',
      )
    }
    const expected = messageDigest ? readOctetString(messageDigest) : undefined
    if (!expected)
      return invalid(
        'ERR_SMIME_BAD_ATTRIBUTES',
        'the messageDigest attribute is missing or malformed',
      )
    const signingTime = single(CMS_OID.signingTime)
    base.signingTime = signingTime instanceof Uint8Array ? readTime(signingTime) : undefined
    const actual = await digestBytes(digest, content, crypto)
    if (!equalBytes(actual, expected)) {
      return invalid(
        'ERR_SMIME_DIGEST_MISMATCH',
        'the content does not match the signed messageDigest: it was changed after signing',
      )
    }
    signedBytes = attributes.der
  }
  const check = await verifySignature(
    certificate,
    signedBytes,
    info.signature,
    info.signatureAlgorithm,
    {
      digest,
      ...(crypto ? { crypto } : {}),
    },
  )
  if (check.valid) return { ...base, signature: { valid: true } }
  return invalid(
    check.code === 'ERR_PKI_UNSUPPORTED_ALGORITHM'
      ? 'ERR_SMIME_UNSUPPORTED_ALGORITHM'
      : 'ERR_SMIME_BAD_SIGNATURE',
    check.message,
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
