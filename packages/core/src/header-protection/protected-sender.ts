import type { MimePart } from '@siegel/mime'
import type { MailboxMatchOptions } from '@siegel/pki'
import { claimedSenders, senderBinding } from '../verify/sender.js'
import { overallStatus } from '../verify/overall-status.js'
import type { VerificationResult, VerificationStatus } from '../verify/types.js'

/**
 * The verdict with every signer bound to the From and Sender of the protected header section
 * instead of the outer ones (RFC 9788 §4: the protected fields are the sender's; the outer ones
 * anyone on the way could have written). When the protected section names no From, the result
 * is returned unchanged.
 *
 * When the outer From/Sender name other addresses than the protected ones, the problem
 * `ERR_SMIME_OUTER_SENDER_MISMATCH` is added and a `valid`, `partially-signed` or `untrusted`
 * status becomes `sender-mismatch`: a mail program that shows the outer From would show a
 * sender the signature does not vouch for.
 *
 * @param result - the verdict, bound to the outer senders
 * @param section - the protected header section (covered by the signature)
 * @param outer - the message as received
 * @param matching - how addresses compare (see `VerifyOptions.senderMatching`)
 */
export function bindProtectedSender(
  result: VerificationResult,
  section: MimePart,
  outer: MimePart,
  matching: MailboxMatchOptions | undefined,
): VerificationResult {
  const claimed = claimedSenders(section)
  if (claimed.length === 0) return result
  const outerClaimed = claimedSenders(outer)
  const signers = result.signers.map((s) => ({
    ...s,
    sender: senderBinding(claimed, s.certificate, matching),
  }))
  const problems = result.problems.filter((p) => p.code !== 'ERR_SMIME_OUTER_SENDER_MISMATCH')
  // An outer message with no From shows no sender at all: nothing misleading to flag.
  const differs =
    outerClaimed.length > 0 &&
    (outerClaimed.length !== claimed.length || outerClaimed.some((a) => !claimed.includes(a)))
  if (differs) {
    problems.push({
      code: 'ERR_SMIME_OUTER_SENDER_MISMATCH',
      message: `the sender outside (${outerClaimed.join(', ')}) is not the signed sender (${claimed.join(', ')})`,
    })
  }
  let status = rebound(result, signers)
  const downgrade = differs || problems.some((p) => p.code === 'ERR_SMIME_AMBIGUOUS_SENDER')
  if (downgrade && (status === 'valid' || status === 'partially-signed' || status === 'untrusted'))
    status = 'sender-mismatch'
  return {
    ...result,
    status,
    signers,
    problems,
    protectedSender: { claimed, outer: outerClaimed },
  }
}

// verifyMessage's overall status, over the new sender bindings. The CMS verdict is recovered
// from the old status: invalid and unknown-signer are the CMS's own, else trust decides.
function rebound(
  result: VerificationResult,
  signers: VerificationResult['signers'],
): VerificationStatus {
  const cms =
    result.status === 'invalid' || result.status === 'unknown-signer'
      ? result.status
      : signers.some((s) => !s.chain?.trusted)
        ? 'untrusted'
        : 'valid'
  return overallStatus(cms, signers, result.coverage)
}
