import { type MimePart } from '@siegel/mime'
import { SmimeError } from '../errors.js'
import { cmsPartBytes } from '../lib/cms-part.js'
import { contentInfoType, ENVELOPED_OID } from '../lib/enveloped-data.js'

const MIME_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime'])
const ENCRYPTED_TYPES: ReadonlySet<string> = new Set(Object.values(ENVELOPED_OID))
// Mail nests an encrypted layer a few levels deep at most (wrapped in mixed by a gateway).
const MAX_SEARCH_DEPTH = 16

/** The first encrypted part of a message, depth first, and its CMS bytes. */
export function findEncryptedLayer(root: MimePart): { part: MimePart; cms: Uint8Array } {
  const found = search(root, 0)
  if (found) return found
  throw new SmimeError(
    'ERR_SMIME_NOT_ENCRYPTED',
    `no S/MIME encrypted part in this ${root.contentType.mediaType} message`,
  )
}

function search(part: MimePart, depth: number): { part: MimePart; cms: Uint8Array } | undefined {
  if (depth > MAX_SEARCH_DEPTH) return undefined
  const type = part.contentType
  const candidate =
    MIME_TYPES.has(type.mediaType) ||
    (type.mediaType === 'application/octet-stream' &&
      (part.filename ?? '').toLowerCase().endsWith('.p7m'))
  if (candidate) {
    const cms = cmsPartBytes(part)
    const contentType = contentInfoType(cms)
    if (contentType !== undefined && ENCRYPTED_TYPES.has(contentType)) return { part, cms }
  }
  for (const child of part.children) {
    const found = search(child, depth + 1)
    if (found) return found
  }
  return undefined
}
