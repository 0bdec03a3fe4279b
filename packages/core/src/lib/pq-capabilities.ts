// RFC 8551 §2.5.2: a signature algorithm is announced by its OID, here the parameter set's with
// parameters absent (RFC 9882 §2, RFC 9814), in order of preference, strongest first. Only the
// sets Siegel verifies in CMS are listed (the SHAKE SLH-DSA sets need SHAKE digests).
import { pqSignatureParams } from '@siegel/pki'
import { oid, TAG, tlv } from './der.js'

const ANNOUNCED = [
  'ML-DSA-87',
  'ML-DSA-65',
  'ML-DSA-44',
  'SLH-DSA-SHA2-256s',
  'SLH-DSA-SHA2-256f',
  'SLH-DSA-SHA2-192s',
  'SLH-DSA-SHA2-192f',
  'SLH-DSA-SHA2-128s',
  'SLH-DSA-SHA2-128f',
]

/** DER SMIMECapability values for the post-quantum signature algorithms, strongest first. */
export const PQ_SIGNATURE_CAPABILITIES: readonly Uint8Array[] = ANNOUNCED.map((name) =>
  tlv(TAG.sequence, oid(pqSignatureParams(name)!.oid)),
)
