import { decodeBase64, getHeader, type MimePart } from '@siegel/mime'
import { SmimeError } from '../errors.js'

/**
 * The DER of a CMS part: its content, which the parser has already decoded (never a second
 * decoding of a large body). Without a Content-Transfer-Encoding it is still base64 in practice.
 */
export function cmsPartBytes(part: MimePart): Uint8Array {
  const encoding = getHeader(part, 'content-transfer-encoding')
  if (encoding === undefined && part.body[0] !== 0x30) return decodeBase64(part.body).bytes
  return part.content
}

/** `ERR_SMIME_MALFORMED_CMS` for a `pkcs7-mime` part whose content is no CMS ContentInfo. */
export function malformedCms(part: MimePart): SmimeError {
  return new SmimeError(
    'ERR_SMIME_MALFORMED_CMS',
    `the ${part.contentType.mediaType} part at offset ${part.range.start} holds no readable CMS ContentInfo`,
  )
}
