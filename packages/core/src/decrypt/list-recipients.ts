import { parseMessage } from '@siegel/mime'
import { resolveCmsLimits, type CmsLimits } from '../cms/limits.js'
import { SmimeError, type RecipientId } from '../errors.js'
import { decodeEnvelope } from '../lib/enveloped-data.js'
import { describe } from './describe-recipient.js'
import { findEncryptedLayer } from './find-encrypted-layer.js'

/**
 * Whom an encrypted message is for, read without decrypting: each RecipientInfo as a
 * certificate reference (issuer and serial number, or subject key identifier), a shared key
 * (KEK key identifier), a password, or another kind. A program uses it to pick or ask for the
 * right key before calling {@link decryptMessage}.
 *
 * Reachable from `@siegel/core`.
 * @param raw - the received message
 * @param options - `maxRecipientInfos` (default 1,000), as for {@link decryptMessage}
 * @returns the recipients, in the order the message lists them
 * @throws SmimeError `ERR_SMIME_NOT_ENCRYPTED` for a message without an encrypted layer,
 *   `ERR_SMIME_MALFORMED_CMS` for an envelope that cannot be read; SmimeLimitExceededError
 *   `ERR_SMIME_LIMIT_EXCEEDED` for more RecipientInfos than `maxRecipientInfos`
 * @example
 * ```ts
 * for (const r of listRecipients(eml)) if (r.kind === 'password') askForPassword()
 * ```
 */
export function listRecipients(
  raw: Uint8Array | string,
  options?: Partial<Pick<CmsLimits, 'maxRecipientInfos'>>,
): RecipientId[] {
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array))
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected the message as Uint8Array or string')
  const { cms } = findEncryptedLayer(parseMessage(raw))
  return decodeEnvelope(cms, resolveCmsLimits(options)).recipients.map(describe)
}
