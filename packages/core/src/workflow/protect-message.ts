import { composeMessage, type MessageSpec } from '@siegel/mime'
import { SmimeError } from '../errors.js'
import { signMessage, type SignOptions } from '../sign/sign-message.js'
import { identitySigner, type Identity } from './identity.js'

/** Options of {@link protectMessage}. */
export interface ProtectOptions {
  /** Sign with this identity. */
  signWith?: Identity
  /** How to sign: `'detached'` (default) or `'opaque'`. */
  form?: SignOptions['form']
  /** The signingTime. Default: the time of the call. */
  signingTime?: Date
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/**
 * Protects a message for sending: composes it from a spec (or takes raw RFC 5322 bytes) and
 * signs it.
 *
 * Reachable from `@siegel/core`.
 * @param input - a message spec for `composeMessage`, or the raw message
 * @param options - the identity to sign with, form, signing time
 * @returns the message to send
 * @throws SmimeError `ERR_SMIME_INVALID_INPUT` when there is nothing to do (no `signWith`);
 *   the errors of `composeMessage` and {@link signMessage}
 * @example
 * ```ts
 * const eml = await protectMessage({ from: 'me@example.org', to: 'you@example.org', text: 'Hi' }, { signWith: me })
 * ```
 */
export async function protectMessage(
  input: MessageSpec | Uint8Array | string,
  options: ProtectOptions,
): Promise<Uint8Array> {
  const raw =
    input instanceof Uint8Array || typeof input === 'string'
      ? input
      : composeMessage(input, options.crypto ? { crypto: options.crypto } : undefined)
  if (!options.signWith)
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      'expected signWith: there is nothing to protect the message with',
    )
  const signer = await identitySigner(options.signWith, options.crypto)
  return signMessage(raw, signer, {
    ...(options.form ? { form: options.form } : {}),
    ...(options.signingTime ? { signingTime: options.signingTime } : {}),
    ...(options.crypto ? { crypto: options.crypto } : {}),
  })
}
