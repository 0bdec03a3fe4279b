/**
 * Certificates, private keys, PKCS#12, trust anchors, path validation and revocation.
 *
 * @packageDocumentation
 * @module @siegel/pki
 */
export {
  DerError,
  LimitExceededError,
  PkiError,
  UnsupportedAlgorithmError,
  type PkiErrorCode,
  type PkiLimit,
} from './errors.js'
export { Certificate } from './certificate/certificate.js'
export type { NameAttribute } from './certificate/names.js'
export { readCertificates } from './certificate/read-certificates.js'
export { normalizeEmailAddress } from './certificate/email.js'
export { parseMailbox, type Mailbox, type MailboxMatchOptions } from './mailbox/parse-mailbox.js'
export { mailboxesEqual } from './mailbox/mailboxes-equal.js'
export type { GeneralName } from './certificate/general-names.js'
export type {
  AuthorityInfoAccess,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CertificatePolicy,
  Extension,
  KeyUsage,
} from './certificate/extensions.js'
export { decodePem, encodePem, type PemBlock } from './encoding/pem.js'
export { importPrivateKey, type ImportPrivateKeyOptions } from './key/import-private-key.js'
export { PrivateKey, type CryptoKeyOptions, type PrivateKeyType } from './key/private-key.js'
export {
  readPrivateKey,
  type KeyDerivationLimits,
  type ReadPrivateKeyOptions,
} from './key/read-private-key.js'
export { decryptRsaPkcs1v15, type DecryptRsaPkcs1v15Options } from './key/rsa-decrypt.js'
export { encryptRsaPkcs1v15 } from './key/rsa-encrypt.js'
export {
  encapsulateKey,
  type EncapsulatedKey,
  type EncapsulateKeyOptions,
} from './key/encapsulate-key.js'
export { decapsulateKey } from './key/decapsulate-key.js'
export type { MlKemType } from './algorithms/ml-kem.js'
export type { PublicKeyInfo } from './key/public-key-info.js'
export { digestFromOid, digestOid, type DigestName } from './algorithms/oids.js'
export {
  pqSignatureParams,
  type MlDsaName,
  type PqSignatureName,
  type PqSignatureParams,
  type SlhDsaName,
} from './algorithms/pq-params.js'
export {
  createSignature,
  signingDigest,
  verifySignature,
  type AlgorithmIdentifier,
  type CreatedSignature,
  type SignatureCheck,
} from './algorithms/signature.js'
export { verifySignatureOverDigest } from './algorithms/verify-digest-signature.js'
export {
  verifyCertificate,
  type CertificateVerdict,
  type PathEntry,
  type TrustFailure,
  type VerifyCertificateOptions,
  type AlgorithmPolicy,
} from './trust/verify-certificate.js'
export { VerificationBudget, type BudgetLimits } from './trust/budget.js'
export type { TrustReasonCode } from './trust/reasons.js'
export type { SmimePurpose } from './trust/smime-profile.js'
export type { ValidationModel } from './trust/validate-path.js'
export type { PolicyOptions } from './trust/policy-tree.js'
export { parseCrl, type Crl, type RevokedEntry } from './revocation/parse-crl.js'
export { createOcspRequest, type CertId, type OcspRequest } from './revocation/ocsp-request.js'
export {
  parseOcspResponse,
  type OcspResponse,
  type OcspSingleResponse,
} from './revocation/parse-ocsp-response.js'
export { createHttpFetcher, type HttpFetcherOptions } from './revocation/http-fetcher.js'
export type {
  RevocationCache,
  RevocationFetcher,
  RevocationMode,
  RevocationOptions,
  RevocationStatus,
} from './revocation/types.js'
export {
  decryptLegacyCbc,
  type DecryptLegacyCbcOptions,
  type LegacyCipher,
} from './legacy/decrypt-legacy-cbc.js'
export { writePrivateKey, type WritePrivateKeyOptions } from './key/write-private-key.js'
export { writePkcs12, type WritePkcs12Options } from './pkcs12/write-pkcs12.js'
export { readPkcs12, type Pkcs12Contents, type ReadPkcs12Options } from './pkcs12/read-pkcs12.js'
export type { Pkcs12Entry, Pkcs12Identity } from './pkcs12/match.js'
export { bundledAnchors, type BundledAnchor } from './anchors/bundled-anchors.js'
export type { TrustAnchor } from './anchors/trust-anchor.js'
export {
  FingerprintMismatchError,
  trustAnchorWithFingerprint,
  type TrustAnchorOptions,
} from './anchors/trust-anchor-with-fingerprint.js'
export {
  generateKeyPair,
  type GeneratedKeyPair,
  type GenerateKeyPairOptions,
  type KeyPairAlgorithm,
} from './identity/generate-key-pair.js'
export {
  createCertificateRequest,
  type CertificateRequest,
  type CertificateRequestOptions,
} from './identity/create-certificate-request.js'
export { issueCertificate, type IssueCertificateOptions } from './identity/issue-certificate.js'
export type { DistinguishedName } from './identity/x509-name.js'
export {
  CertificateDirectory,
  type AddCertificateOptions,
  type DirectoryCandidate,
  type LookupOptions,
} from './directory/certificate-directory.js'
export {
  MemoryDirectoryStorage,
  type DirectoryRecord,
  type DirectoryStorage,
  type SmimeCapability,
} from './directory/directory-storage.js'
