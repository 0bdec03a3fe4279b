import { decodeBase64, getHeader, type MimePart } from '@siegel/mime'

/**
 * The DER of a CMS part: the content the parser already decoded from its transfer encoding (so
 * a large body is not decoded twice); without a Content-Transfer-Encoding it is still base64 in
 * practice.
 */
export function cmsPartBytes(part: MimePart): Uint8Array {
  const encoding = getHeader(part, 'content-transfer-encoding')?.trim().toLowerCase()
  if (encoding === undefined && part.body[0] !== 0x30) return decodeBase64(part.body).bytes
  return part.content
}
