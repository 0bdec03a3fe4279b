import type { MimePart } from '@siegel/mime'
import { malformedCms } from '../lib/cms-part.js'
import { searchSignedLayer, type SignedLayer } from '../verify/find-signed-layer.js'

/**
 * The signed layer of a message, or undefined when it is not signed. A message that is itself
 * a signed-data entity without readable CMS is malformed; a broken `.p7m` attachment somewhere
 * inside a plain message leaves it plain.
 */
export function findSignedLayerOrNone(message: MimePart): SignedLayer | undefined {
  const { found, malformed } = searchSignedLayer(message)
  if (!found && malformed[0] === message) throw malformedCms(message)
  return found
}
