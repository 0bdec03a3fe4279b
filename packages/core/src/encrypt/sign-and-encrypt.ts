import type { Certificate } from '@siegel/pki'
import { protectHeaders } from '../header-protection/compose-payload.js'
import { ascii } from '../lib/bytes.js'
import { prepareEntityChunked } from '../sign/prepare-entity.js'
import {
  signMessage,
  signPrepared,
  signToPieces,
  type SignedPieces,
  type SignOptions,
} from '../sign/sign-message.js'
import type { Signer } from '../sign/signer.js'
import { encryptPieces, type EncryptOptions } from './encrypt-message.js'
import type { EncryptionRecipient } from './recipients.js'
import { Progress } from '../lib/progress.js'

/** Options of {@link signAndEncryptMessage}. */
export interface SignAndEncryptOptions extends EncryptOptions {
  /** How the inner signature is made (form, signing time, digest). Default: detached. */
  sign?: Omit<SignOptions, 'crypto' | 'headerProtection'>
  /**
   * Header protection (RFC 9788): the header fields are copied into the signed entity, which
   * says `hp="cipher"`, and the outer ones obscured per the policy (see `encryptMessage`).
   * `true` for the defaults. Default `false`.
   */
  headerProtection?: EncryptOptions['headerProtection']
  /**
   * RFC 2634 §1.1 triple wrapping: sign, encrypt, then sign the encrypted message again, so
   * that gateways can check the outer signature without decrypting. Default `false`.
   */
  tripleWrap?: boolean
}

/**
 * Signs a message, then encrypts the signed message (RFC 8551 §3.7: sign first, so the
 * signature is hidden and covers the plaintext); optionally signs the result again (triple
 * wrap, RFC 2634). The recipient sees who signed only after decrypting.
 *
 * Reachable from `@siegel/core`.
 * @param message - an RFC 5322 message (bytes, or a string encoded as UTF-8)
 * @param signer - one signer or several
 * @param recipients - the recipients, as for {@link encryptMessage}
 * @param options - the options of {@link encryptMessage}, plus `sign` and `tripleWrap`
 * @returns the signed and encrypted (and for a triple wrap, signed again) message
 * @throws the errors of `signMessage` and {@link encryptMessage}
 * @example
 * ```ts
 * const out = await signAndEncryptMessage(eml, me, [bobCert], { trustAnchors: [root], encryptToSelf: me.certificate })
 * ```
 */
export async function signAndEncryptMessage(
  message: Uint8Array | string,
  signer: Signer | readonly Signer[],
  recipients: readonly (EncryptionRecipient | Certificate)[],
  options?: SignAndEncryptOptions,
): Promise<Uint8Array> {
  const crypto = options?.crypto ? { crypto: options.crypto } : {}
  // `signal` and `onProgress` reach every step: sign, encrypt, and the outer signature.
  const progress = new Progress(options).options
  const protection = options?.headerProtection ?? false
  let signed: SignedPieces
  if (protection === false) {
    signed = await signToPieces(message, signer, { ...options?.sign, ...progress, ...crypto })
  } else {
    // RFC 9788 §2: the protected headers belong to the innermost entity, the one signed; the
    // envelope around the signature then carries only the obscured outer copies.
    const steps = new Progress(options)
    const bytes = typeof message === 'string' ? ascii(message) : message
    const prepared = await prepareEntityChunked(bytes, steps)
    const hp = protection === true ? {} : protection
    signed = await signPrepared(
      protectHeaders(prepared, 'cipher', hp),
      signer,
      { ...options?.sign, ...crypto },
      steps,
    )
  }
  // Encrypted from the signed pieces, never one joined copy of the message.
  const encrypted = await encryptPieces(signed, recipients, {
    ...options,
    headerProtection: false,
  })
  if (options?.tripleWrap !== true) return encrypted
  return signMessage(encrypted, signer, { ...options.sign, ...progress, ...crypto })
}
