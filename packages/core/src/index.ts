export {
  MimeError,
  PkiError,
  SmimeError,
  UnsupportedAlgorithmError,
  type MimeErrorCode,
  type PkiErrorCode,
  type SmimeErrorCode,
} from './errors.js'
export { signMessage, type SignOptions, type Signer } from './sign/sign-message.js'
export { verifyMessage, type VerifyOptions } from './verify/verify-message.js'
export type {
  SenderBinding,
  SignatureCoverage,
  SignatureStatus,
  SignerVerdict,
  VerificationResult,
  VerificationStatus,
} from './verify/types.js'
