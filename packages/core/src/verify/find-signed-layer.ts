import { getHeader, parseContentType, type MimePart } from '@siegel/mime'
import { SmimeError } from '../errors.js'
import { cmsPartBytes, malformedCms } from '../lib/cms-part.js'
import { childrenOf, readNode, readOid, TAG } from '../lib/der.js'
import { CMS_OID } from '../lib/oids.js'

/** Where the signature sits in a message, and what it signs. */
export type SignedLayer =
  | { form: 'detached'; part: MimePart; signedPart: MimePart; signature: Uint8Array }
  | { form: 'opaque'; part: MimePart; signature: Uint8Array }

const SIGNATURE_TYPES = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature'])
const MIME_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime'])
// Mail nests a signed layer a few levels deep at most (forwarded, wrapped in mixed).
const MAX_SEARCH_DEPTH = 16

/**
 * Finds the first signed layer in the tree, depth first: a multipart/signed, or an opaque
 * signed-data entity (`application/(x-)pkcs7-mime`, or `application/octet-stream` named `.p7m`,
 * as Outlook and others send it).
 */
export function findSignedLayer(root: MimePart): SignedLayer {
  const { found, malformed } = searchSignedLayer(root)
  if (found) return found
  // A signed-data entity that is no CMS at all is malformed input, not an unsigned message.
  if (malformed.length > 0) throw malformedCms(malformed[0]!)
  throw new SmimeError(
    'ERR_SMIME_NOT_SIGNED',
    `no S/MIME signature in this ${root.contentType.mediaType} message`,
  )
}

/**
 * The first signed layer, depth first, and the opaque candidates (`pkcs7-mime` with no
 * smime-type or signed-data, `.p7m`) passed on the way whose bytes are no CMS ContentInfo.
 */
export function searchSignedLayer(root: MimePart): {
  found: SignedLayer | undefined
  malformed: MimePart[]
} {
  const malformed: MimePart[] = []
  return { found: search(root, 0, malformed), malformed }
}

function search(part: MimePart, depth: number, malformed: MimePart[]): SignedLayer | undefined {
  if (depth > MAX_SEARCH_DEPTH) return undefined
  const type = part.contentType
  if (type.mediaType === 'multipart/signed') {
    const protocol = type.parameters.protocol?.toLowerCase()
    if (protocol === undefined || SIGNATURE_TYPES.has(protocol)) return detached(part)
  }
  if (isOpaqueCandidate(part)) {
    const signature = cmsPartBytes(part)
    const contentType = cmsContentType(signature)
    if (contentType === CMS_OID.signedData) return { form: 'opaque', part, signature }
    if (contentType === undefined) malformed.push(part)
  }
  for (const child of part.children) {
    const found = search(child, depth + 1, malformed)
    if (found) return found
  }
  return undefined
}

function detached(part: MimePart): SignedLayer {
  if (part.children.length !== 2) {
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_MESSAGE',
      `expected multipart/signed with 2 parts, found ${part.children.length}`,
    )
  }
  const [signedPart, signaturePart] = part.children as [MimePart, MimePart]
  if (
    !SIGNATURE_TYPES.has(signaturePart.contentType.mediaType) &&
    !hasFileExtension(signaturePart, '.p7s')
  ) {
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_MESSAGE',
      `expected the second part to be application/pkcs7-signature, got ${signaturePart.contentType.mediaType}`,
    )
  }
  return { form: 'detached', part, signedPart, signature: cmsPartBytes(signaturePart) }
}

function isOpaqueCandidate(part: MimePart): boolean {
  const type = part.contentType
  if (MIME_TYPES.has(type.mediaType)) {
    const smimeType = type.parameters['smime-type']?.toLowerCase()
    return smimeType === undefined || smimeType === 'signed-data'
  }
  return type.mediaType === 'application/octet-stream' && hasFileExtension(part, '.p7m')
}

function hasFileExtension(part: MimePart, extension: string): boolean {
  const disposition = parseContentType(getHeader(part, 'content-disposition') ?? '')
  const name = disposition?.parameters.filename ?? part.contentType.parameters.name ?? ''
  return name.toLowerCase().endsWith(extension)
}

/** The contentType OID of a ContentInfo, or undefined if the bytes are not one. */
function cmsContentType(der: Uint8Array): string | undefined {
  try {
    const root = readNode(der, 0)
    const first = root.tag === TAG.sequence ? childrenOf(der, root)[0] : undefined
    return first?.tag === TAG.oid ? readOid(der, first) : undefined
  } catch {
    return undefined // not CMS: this part is no signed layer, the search goes on
  }
}
