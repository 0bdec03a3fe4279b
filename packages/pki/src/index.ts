export { PkiError, UnsupportedAlgorithmError, type PkiErrorCode } from './errors.js'
export { Certificate } from './certificate/certificate.js'
export type { NameAttribute } from './certificate/names.js'
export { decodePem, encodePem, type PemBlock } from './encoding/pem.js'
export { importPrivateKey, type ImportPrivateKeyOptions } from './key/import-private-key.js'
export type { PublicKeyInfo } from './key/public-key-info.js'
export { digestFromOid, digestOid, type DigestName } from './algorithms/oids.js'
export {
  createSignature,
  signingDigest,
  verifySignature,
  type AlgorithmIdentifier,
  type CreatedSignature,
  type SignatureCheck,
} from './algorithms/signature.js'
export {
  verifyCertificate,
  type CertificateVerdict,
  type TrustFailure,
  type VerifyCertificateOptions,
} from './trust/verify-certificate.js'
