// The one ranking of a message's overall verification status, for verifyMessage and for the
// rebinding to protected senders (RFC 9788).
import type { SignedDataVerification } from '../cms/verify-data.js'
import type { SenderBinding, SignatureCoverage, VerificationStatus } from './types.js'

/** The overall status from the CMS verdict, the signers' sender bindings and the coverage. */
export function overallStatus(
  cms: SignedDataVerification['status'],
  signers: readonly { sender: SenderBinding }[],
  coverage: SignatureCoverage,
): VerificationStatus {
  if (cms === 'invalid' || cms === 'unknown-signer') return cms
  // RFC 8551 §2.4.2 and RFC 4853: signers are judged one by one. The sender is bound when one
  // signer, its signature valid, carries every address the message claims; a co-signer need
  // not (a document signed by its author and a witness).
  if (!signers.some((s) => s.sender.matches)) return 'sender-mismatch'
  // A reader sees the whole message: a signature over one part of it vouches for nothing else.
  if (!coverage.coversEntireMessage) return 'partially-signed'
  return cms
}
