// The content key of a streamed envelope, from the first recipient entry that yields one.
// Unlike openEnvelope, which may try several entries and keep the plausible content, a stream
// is decrypted once: an entry whose key cannot be proven before the end (RSAES-PKCS1-v1_5,
// which returns a random key for a wrong one) is used as it comes, and a wrong key shows as a
// bad tag or padding at the end.
import { SmimeError } from '../errors.js'
import {
  asSmimeError,
  attemptsFor,
  provenFirst,
  recoverKey,
  type Attempt,
} from '../decrypt/open-envelope.js'
import type { ResolvedCredential } from '../decrypt/credentials.js'
import type { ContentCipher } from '../lib/content-cipher.js'
import type { DecodedEnvelope } from '../lib/enveloped-data.js'

/** The content key, and the entry and identity it came from. */
export async function recoverStreamKey(
  envelope: DecodedEnvelope,
  cipher: ContentCipher,
  credentials: readonly ResolvedCredential[],
  maxPbkdf2Iterations: number,
  crypto: Crypto | undefined,
): Promise<{ cek: Uint8Array; attempt: Attempt }> {
  const attempts = attemptsFor(envelope.recipients, credentials)
  const budget = { left: maxPbkdf2Iterations }
  let hint: unknown
  for (const attempt of provenFirst(attempts)) {
    try {
      const length = attempt.recipient.type === 'keyTransport' ? cipher.keyLengths[0]! : 0
      const cek = await recoverKey(
        attempt.recipient,
        credentials[attempt.index]!,
        length,
        budget,
        crypto,
      )
      return { cek, attempt }
    } catch (caught) {
      const error = asSmimeError(caught)
      if (error instanceof SmimeError && error.code === 'ERR_SMIME_LIMIT_EXCEEDED') throw error
      hint = error
    }
  }
  if (
    attempts.length === 1 &&
    !(hint instanceof SmimeError && hint.code === 'ERR_SMIME_DECRYPTION_FAILED')
  )
    throw hint
  throw new SmimeError(
    'ERR_SMIME_DECRYPTION_FAILED',
    `the ${cipher.name} message does not decrypt with the matching key: wrong key, or altered`,
  )
}
