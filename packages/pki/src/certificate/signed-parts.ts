import type { AlgorithmIdentifier } from '../algorithms/signature.js'
import type { Certificate } from './certificate.js'

/** What a certificate's issuer signed, kept out of the public surface. */
export interface SignedParts {
  tbs: Uint8Array
  signatureAlgorithm: AlgorithmIdentifier
  /** The TBSCertificate's `signature` field (RFC 5280 §4.1.2.3). */
  innerSignatureAlgorithm?: AlgorithmIdentifier
  signature: Uint8Array
}

export const SIGNED_PARTS: WeakMap<Certificate, SignedParts> = new WeakMap()
