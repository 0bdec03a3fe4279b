import type { MimePart } from '@siegel/mime'
import { SmimeError } from '../errors.js'
import { findSignedLayer, type SignedLayer } from '../verify/find-signed-layer.js'

/** The signed layer of a message, or undefined when it is not signed. */
export function findSignedLayerOrNone(message: MimePart): SignedLayer | undefined {
  try {
    return findSignedLayer(message)
  } catch (error) {
    if (error instanceof SmimeError && error.code === 'ERR_SMIME_NOT_SIGNED') return undefined
    throw error
  }
}
