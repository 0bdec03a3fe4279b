import { decodeBase64, getHeader, type MimePart } from '@siegel/mime'
import { SmimeError } from '../errors.js'
import { contentInfoType } from './enveloped-data.js'

/**
 * The DER of a CMS part: its content, which the parser has already decoded (never a second
 * decoding of a large body). Without a Content-Transfer-Encoding it is still base64 in practice.
 */
export function cmsPartBytes(part: MimePart): Uint8Array {
  const encoding = getHeader(part, 'content-transfer-encoding')
  if (encoding === undefined && part.body[0] !== 0x30) return decodeBase64(part.body).bytes
  return part.content
}

// The ContentInfo's SEQUENCE header (at most 6 bytes) and its contentType OID (a dozen): all of
// the type lies in the first few dozen bytes; 1 KiB of base64 holds 768.
const TYPE_PREFIX_BYTES = 1024

/**
 * The contentType OID of the CMS ContentInfo in a part, read from the first bytes only: telling
 * an encrypted layer from a signed one must not decode a large body. `undefined` for bytes that
 * do not start as a ContentInfo does (RFC 5652 §3: SEQUENCE { contentType OID, ... }).
 */
export function cmsPartType(part: MimePart): string | undefined {
  const encoding = getHeader(part, 'content-transfer-encoding')?.trim().toLowerCase()
  const base64 = encoding === 'base64' || (encoding === undefined && part.body[0] !== 0x30)
  const prefix = base64
    ? decodeBase64(part.body.subarray(0, TYPE_PREFIX_BYTES)).bytes
    : cmsPartBytes(part).subarray(0, TYPE_PREFIX_BYTES)
  if (prefix[0] !== 0x30 || prefix.length < 2) return undefined
  const lengthByte = prefix[1]!
  // Definite length in 1 to 4 octets, or BER's indefinite form (0x80).
  const oidAt = 2 + (lengthByte & 0x80 ? lengthByte & 0x7f : 0)
  if (lengthByte > 0x84 || prefix[oidAt] !== 0x06) return undefined
  const oidLength = prefix[oidAt + 1] ?? 0x80
  if (oidLength >= 0x80 || oidAt + 2 + oidLength > prefix.length) return undefined
  return contentInfoType(tlvSequence(prefix.subarray(oidAt, oidAt + 2 + oidLength)))
}

/** The bytes of one TLV wrapped in a SEQUENCE header, which contentInfoType reads. */
function tlvSequence(tlv: Uint8Array): Uint8Array {
  const out = new Uint8Array(tlv.length + 2)
  out[0] = 0x30
  out[1] = tlv.length
  out.set(tlv, 2)
  return out
}

/** `ERR_SMIME_MALFORMED_CMS` for a `pkcs7-mime` part whose content is no CMS ContentInfo. */
export function malformedCms(part: MimePart): SmimeError {
  return new SmimeError(
    'ERR_SMIME_MALFORMED_CMS',
    `the ${part.contentType.mediaType} part at offset ${part.range.start} holds no readable CMS ContentInfo`,
  )
}
