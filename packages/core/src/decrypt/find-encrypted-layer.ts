import { getHeader, type MimePart } from '@siegel/mime'
import { decodeBase64Chunked, type Progress } from '../lib/progress.js'
import { SmimeError } from '../errors.js'
import { cmsPartBytes, cmsPartType, malformedCms } from '../lib/cms-part.js'
import { contentInfoType, ENVELOPED_OID } from '../lib/enveloped-data.js'

const MIME_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime'])
const ENCRYPTED_TYPES: ReadonlySet<string> = new Set(Object.values(ENVELOPED_OID))
// Mail nests an encrypted layer a few levels deep at most (wrapped in mixed by a gateway).
const MAX_SEARCH_DEPTH = 16

/**
 * What a part holds: an encrypted layer with its CMS bytes, a `pkcs7-mime` (or `.p7m`) part
 * whose bytes are no CMS ContentInfo at all (`malformed`), or neither (undefined; signed-data
 * is neither).
 */
export function encryptedPart(
  part: MimePart,
  decoded?: Uint8Array,
): { part: MimePart; cms: Uint8Array } | 'malformed' | undefined {
  if (!isCmsCandidate(part)) return undefined
  const cms = decoded ?? cmsPartBytes(part)
  const contentType = contentInfoType(cms)
  if (contentType === undefined) return 'malformed'
  return ENCRYPTED_TYPES.has(contentType) ? { part, cms } : undefined
}

/**
 * Whether a part is an encrypted layer, judged from the first bytes of its CMS (see
 * `cmsPartType`): `'malformed'` for a `pkcs7-mime` part that does not start as a ContentInfo.
 */
export function isEncryptedPart(part: MimePart): boolean | 'malformed' {
  if (!isCmsCandidate(part)) return false
  const contentType = cmsPartType(part)
  if (contentType === undefined) return 'malformed'
  return ENCRYPTED_TYPES.has(contentType)
}

function isCmsCandidate(part: MimePart): boolean {
  const type = part.contentType
  return (
    MIME_TYPES.has(type.mediaType) ||
    (type.mediaType === 'application/octet-stream' &&
      (part.filename ?? '').toLowerCase().endsWith('.p7m'))
  )
}

/**
 * The first encrypted part of a message, depth first, and its CMS bytes. Without one, a
 * `pkcs7-mime` part that is no CMS at all makes the message malformed rather than unencrypted.
 * `rootBytes` are the root's CMS bytes where the caller has decoded them already.
 */
export function findEncryptedLayer(
  root: MimePart,
  rootBytes?: Uint8Array,
): { part: MimePart; cms: Uint8Array } {
  const malformed: MimePart[] = []
  const found = search(root, 0, malformed, rootBytes)
  if (found) return found
  if (malformed.length > 0) throw malformedCms(malformed[0]!)
  throw new SmimeError(
    'ERR_SMIME_NOT_ENCRYPTED',
    `no S/MIME encrypted part in this ${root.contentType.mediaType} message`,
  )
}

function search(
  part: MimePart,
  depth: number,
  malformed: MimePart[],
  decoded?: Uint8Array,
): { part: MimePart; cms: Uint8Array } | undefined {
  if (depth > MAX_SEARCH_DEPTH) return undefined
  const found = encryptedPart(part, decoded)
  if (found === 'malformed') malformed.push(part)
  else if (found) return found
  for (const child of part.children) {
    const inner = search(child, depth + 1, malformed)
    if (inner) return inner
  }
  return undefined
}

/**
 * The root's CMS bytes when the root is a base64 `pkcs7-mime` part (how S/MIME sends an
 * encrypted message), decoded in chunks that yield to the event loop; else undefined.
 */
export async function decodeRootCms(
  root: MimePart,
  progress: Progress,
): Promise<Uint8Array | undefined> {
  if (!MIME_TYPES.has(root.contentType.mediaType)) return undefined
  const encoding = getHeader(root, 'content-transfer-encoding')?.trim().toLowerCase()
  return encoding === 'base64' ? decodeBase64Chunked(root.body, progress) : undefined
}
