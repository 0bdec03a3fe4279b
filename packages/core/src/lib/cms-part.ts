import { decodeBase64, getHeader, type MimePart } from '@siegel/mime'

/**
 * The DER of a CMS part: its content, which the parser has already decoded (never a second
 * decoding of a large body). Without a Content-Transfer-Encoding it is still base64 in practice.
 */
export function cmsPartBytes(part: MimePart): Uint8Array {
  const encoding = getHeader(part, 'content-transfer-encoding')
  if (encoding === undefined && part.body[0] !== 0x30) return decodeBase64(part.body).bytes
  return part.content
}
