import type { MimeMessage, MimeProblemCode } from '@siegel/mime'
import type { SmimeErrorCode } from '../errors.js'
import type { VerificationResult } from './types.js'

// The parser's problems that leave the sender open to more than one reading.
const SENDER_PROBLEMS: ReadonlySet<MimeProblemCode> = new Set([
  'DUPLICATE_SENDER_HEADER',
  'HIDDEN_SENDER_HEADER',
  'MALFORMED_SENDER_HEADER',
])

/**
 * `ERR_SMIME_AMBIGUOUS_SENDER` for each From or Sender field the parser found doubled, hidden
 * or badly folded (RFC 5322 §3.6 allows one From and one Sender): another reader may show that
 * one (or another piece of it) as the sender, so no signer can be said to be bound to "the"
 * sender.
 */
export function ambiguousSender(message: MimeMessage): { code: SmimeErrorCode; message: string }[] {
  return message.problems
    .filter((p) => SENDER_PROBLEMS.has(p.code))
    .map((p) => ({
      code: 'ERR_SMIME_AMBIGUOUS_SENDER',
      message: `${p.code} at offset ${p.offset}: ${p.message}`,
    }))
}

/**
 * The result with the ambiguous-sender problems added; a `valid`, `partially-signed` or
 * `untrusted` status becomes `sender-mismatch` (a reader may be shown a sender the signature
 * does not vouch for).
 */
export function withAmbiguousSender(
  result: VerificationResult,
  problems: readonly { code: SmimeErrorCode; message: string }[],
): VerificationResult {
  if (problems.length === 0) return result
  const downgrade =
    result.status === 'valid' ||
    result.status === 'partially-signed' ||
    result.status === 'untrusted'
  return {
    ...result,
    status: downgrade ? 'sender-mismatch' : result.status,
    problems: [...result.problems, ...problems],
  }
}
