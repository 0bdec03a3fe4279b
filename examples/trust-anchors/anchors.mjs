// Trust anchors with constraints (RFC 5914): a root narrowed to one level of sub-CAs, and a key
// trusted without its certificate. docs/guides/trust.md quotes this file.
import { verifyMessage } from '@siegel/core'

/**
 * Verifies a signed message against a root that may have one level of CAs below it and against
 * a pinned key.
 * @param {Uint8Array | string} eml - the signed message
 * @param {{ pca: import('@siegel/pki').Certificate, pinned: import('@siegel/pki').Certificate }} roots
 * @returns {Promise<import('@siegel/core').VerificationResult>}
 */
export async function verifyWithConstrainedAnchors(eml, { pca, pinned }) {
  const trustAnchors = [
    { certificate: pca, pathLength: 1 }, // one level of CAs, whatever the certificate says
    { subject: pinned.subjectDer, publicKeyInfo: pinned.publicKey.spki }, // a key, no certificate
  ]
  const result = await verifyMessage(eml, { trustAnchors })
  return result
}
