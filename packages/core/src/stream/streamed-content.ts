import type { DigestName } from '@siegel/pki'
import { SmimeError } from '../errors.js'
import type { SignedContent } from '../verify/check-signer.js'

/**
 * Signed content that streamed past: gone, but for its digests. A signer whose digest was not
 * computed cannot be checked.
 */
export function streamedContent(digests: Map<DigestName, Uint8Array>): SignedContent {
  return {
    bytes: new Uint8Array(0),
    kept: false,
    async digest(name) {
      const digest = digests.get(name)
      if (!digest)
        throw new SmimeError(
          'ERR_SMIME_UNSUPPORTED_CONTENT',
          `a signer uses ${name}, which was not computed over the streamed content (micalg, digestAlgorithms or options.digests)`,
        )
      return digest
    },
  }
}
