import { decodeBase64, decodeBody, getHeader, type MimeMessage, type MimePart } from '@siegel/mime'
import { SmimeError } from '../errors.js'

/** The two halves of a multipart/signed message (RFC 8551 §3.5.3, RFC 1847 §2.1). */
export interface DetachedSignature {
  signedPart: MimePart
  signature: Uint8Array
}

const SIGNATURE_TYPES = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature'])

/** Finds the multipart/signed structure at the root of a message. */
export function findDetachedSignature(message: MimeMessage): DetachedSignature {
  if (message.contentType.mediaType !== 'multipart/signed') {
    throw new SmimeError(
      'ERR_SMIME_NOT_SIGNED',
      `expected a multipart/signed message, got ${message.contentType.mediaType}`,
    )
  }
  const protocol = message.contentType.parameters.protocol?.toLowerCase()
  if (protocol !== undefined && !SIGNATURE_TYPES.has(protocol)) {
    throw new SmimeError(
      'ERR_SMIME_NOT_SIGNED',
      `multipart/signed with protocol "${protocol}" is not S/MIME`,
    )
  }
  if (message.children.length !== 2) {
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_MESSAGE',
      `expected multipart/signed with 2 parts, found ${message.children.length}`,
    )
  }
  const [signedPart, signaturePart] = message.children as [MimePart, MimePart]
  if (!SIGNATURE_TYPES.has(signaturePart.contentType.mediaType)) {
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_MESSAGE',
      `expected the second part to be application/pkcs7-signature, got ${signaturePart.contentType.mediaType}`,
    )
  }
  return { signedPart, signature: signatureBytes(signaturePart) }
}

/** The DER signature. A part without Content-Transfer-Encoding is still base64 in practice. */
function signatureBytes(part: MimePart): Uint8Array {
  const encoding = getHeader(part, 'content-transfer-encoding')?.toLowerCase()
  if (encoding === undefined && part.body[0] !== 0x30) return decodeBase64(part.body).bytes
  return decodeBody(part)
}
