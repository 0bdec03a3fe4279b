/**
 * S/MIME for JavaScript: sign, verify, encrypt and decrypt mail (`protectMessage`,
 * `openMessage` and the single operations), in Node.js and in browsers.
 *
 * @packageDocumentation
 * @module @siegel/core
 */
export {
  MimeError,
  PkiError,
  SmimeError,
  UnsupportedAlgorithmError,
  type MimeErrorCode,
  type PkiErrorCode,
  type SmimeErrorCode,
} from './errors.js'
export { signMessage, type SignOptions } from './sign/sign-message.js'
export type { Signer } from './sign/signer.js'
export { createCertificatesMessage } from './sign/certificates-message.js'
export { verifyMessage, type VerifyOptions } from './verify/verify-message.js'
export { signData, type SignDataOptions } from './cms/sign-data.js'
export {
  verifyData,
  type SignedDataVerification,
  type VerifyDataOptions,
} from './cms/verify-data.js'
export type {
  AnnouncedCapability,
  CoverageWarning,
  SenderBinding,
  SignatureCoverage,
  SignatureStatus,
  SignedDataSignerVerdict,
  SignerVerdict,
  VerificationResult,
  VerificationStatus,
} from './verify/types.js'
export { loadIdentity, type Identity, type IdentitySource } from './workflow/identity.js'
export {
  openMessage,
  type OpenedMessage,
  type OpenOptions,
  type SecurityLayer,
} from './workflow/open-message.js'
export { protectMessage, type ProtectOptions } from './workflow/protect-message.js'
export type { HeaderProtectionOptions } from './header-protection/compose-payload.js'
export type { HeaderConfidentialityPolicy } from './header-protection/policy.js'
export {
  IdentityRequiredError,
  SmimeLimitExceededError,
  NotARecipientError,
  SmimeUnsupportedAlgorithmError,
  type RecipientId,
} from './errors.js'
export {
  DEFAULT_CMS_LIMITS,
  DEFAULT_DECOMPRESSION_LIMITS,
  type CmsLimits,
  type DecompressionLimits,
} from './cms/limits.js'
export { compressData, type CompressDataOptions } from './cms/compress-data.js'
export {
  decompressData,
  type ContentDecompression,
  type DecompressDataOptions,
  type DecompressedData,
} from './cms/decompress-data.js'
export {
  decryptMessage,
  type DecryptedMessage,
  type DecryptionCredential,
  type DecryptionIdentity,
  type DecryptionLimits,
  type DecryptOptions,
  type KekIdentity,
  type PasswordIdentity,
} from './decrypt/decrypt-message.js'
export {
  encryptMessage,
  type ContentEncryption,
  type EncryptionRecipient,
  type EncryptOptions,
  type RsaPadding,
} from './encrypt/encrypt-message.js'
export { listRecipients } from './decrypt/list-recipients.js'
export { decryptData, type DecryptDataOptions, type DecryptedData } from './decrypt/decrypt-data.js'
export { signAndEncryptMessage, type SignAndEncryptOptions } from './encrypt/sign-and-encrypt.js'
export { describeLayers } from './workflow/summary.js'
export type {
  HeaderDifference,
  HeaderProtectionForm,
  LegacyDisplay,
  MessageHeaders,
  ShownHeaderField,
} from './header-protection/types.js'
export { describeError } from './messages/describe-error.js'
export {
  formatMessage,
  type MessageKey,
  type Messages,
  type SummaryKey,
} from './messages/catalogue.js'
export { MESSAGES_EN } from './messages/en.js'
export { MESSAGES_DE } from './messages/de.js'
export type { ProgressOptions, SmimeProgress } from './progress.js'
export { encryptStream, type EncryptStreamOptions } from './stream/encrypt-stream.js'
export type { StreamOptions } from './stream/stream-options.js'
export {
  decryptStream,
  type DecryptedStream,
  type DecryptStreamOptions,
} from './stream/decrypt-stream.js'
export { signStream, type SignStreamOptions } from './stream/sign-stream.js'
export {
  verifyStream,
  type StreamVerification,
  type VerifyStreamOptions,
} from './stream/verify-stream.js'
