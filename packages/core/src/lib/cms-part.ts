import { decodeBase64, decodeBody, getHeader, type MimePart } from '@siegel/mime'

/** The DER of a CMS part; without a Content-Transfer-Encoding it is still base64 in practice. */
export function cmsPartBytes(part: MimePart): Uint8Array {
  const encoding = getHeader(part, 'content-transfer-encoding')?.trim().toLowerCase()
  if (encoding === undefined && part.body[0] !== 0x30) return decodeBase64(part.body).bytes
  return decodeBody(part)
}
