import { composeMessage, type MessageSpec } from '@siegel/mime'
import { Certificate, type CertificateDirectory } from '@siegel/pki'
import {
  encryptPieces,
  type EncryptionRecipient,
  type EncryptOptions,
} from '../encrypt/encrypt-message.js'
import { SmimeError } from '../errors.js'
import {
  protectHeaders,
  type HeaderProtectionOptions,
} from '../header-protection/compose-payload.js'
import { ascii, concatBytes } from '../lib/bytes.js'
import { ANNOUNCED_ALGORITHMS } from '../lib/signed-attributes.js'
import { prepareEntityChunked, type PreparedMessage } from '../sign/prepare-entity.js'
import {
  joinSigned,
  signPrepared,
  type SignedPieces,
  type SignOptions,
} from '../sign/sign-message.js'
import { compressEntity } from './compressed-layer.js'
import { identitySigner, type Identity } from './identity.js'
import { Progress } from '../lib/progress.js'
import type { ProgressOptions } from '../progress.js'
import { withinRuntimeLimits } from '../lib/runtime-limits.js'

/** Options of {@link protectMessage}. */
export interface ProtectOptions extends ProgressOptions {
  /** Sign with this identity. */
  signWith?: Identity
  /**
   * Encrypt to these recipients: certificates, certificates with their announced capabilities,
   * or e-mail addresses looked up in `directory`.
   */
  encryptFor?: readonly (Certificate | EncryptionRecipient | string)[]
  /**
   * Also encrypt to the sender, so the sent copy stays readable. Default `true` when `signWith`
   * is given (its certificate is used); pass a certificate to use another one, `false` for none.
   */
  encryptToSelf?: boolean | Certificate
  /**
   * Shared keys and passwords to encrypt to as well (or instead of certificates), as
   * `encryptMessage` writes them: for gateways and archives that hold a key, or a password
   * agreed on another channel.
   */
  kekRecipients?: EncryptOptions['kekRecipients']
  /** Passwords to encrypt to (RFC 3211); see {@link encryptMessage}. */
  passwordRecipients?: EncryptOptions['passwordRecipients']
  /** The address book to resolve addresses in `encryptFor`. */
  directory?: CertificateDirectory
  /**
   * Compress the (signed) message into CompressedData (RFC 3274, zlib) before it is encrypted:
   * sign, then compress, then encrypt, as RFC 8551 §3.7 orders them. It shrinks large text and
   * EDI, and hides nothing by itself. Default `false`.
   */
  compress?: boolean
  /**
   * Header protection (RFC 9788), on by default: the header fields (From, To, Cc, Subject,
   * Date, Message-ID, Reply-To, In-Reply-To, References, ...) are copied into the signed or
   * encrypted entity (`hp="clear"` or `hp="cipher"`), so the signature covers them. When
   * encrypting, the outer copies are obscured per `policy` (default `'hcp_baseline'`: the
   * Subject shows as `[...]`), HP-Outer fields record inside what stays outside, and the text
   * and HTML body start with the hidden Subject for readers that know nothing of header
   * protection (`legacyDisplay`, default `true`). `false` turns it off: the message is then
   * composed as before, with its header fields outside only. A Bcc field is never copied
   * inside; a raw message that is already signed or encrypted is wrapped as it is.
   */
  headerProtection?: HeaderProtectionOptions | false
  /** How to sign: `'detached'` (default) or `'opaque'`. */
  form?: SignOptions['form']
  /** The signingTime. Default: the time of the call. */
  signingTime?: Date
  /** Trust anchors for checking recipient certificates (besides the bundled ones). */
  trustAnchors?: EncryptOptions['trustAnchors']
  /** Trust the bundled anchors too. Default `true`; `false` trusts only `trustAnchors`. */
  bundledAnchors?: boolean
  /** The content cipher, instead of the strongest every recipient announced. */
  contentEncryption?: EncryptOptions['contentEncryption']
  /** RSA key transport for every RSA recipient, instead of the one each announced. */
  rsaPadding?: EncryptOptions['rsaPadding']
  /** CA certificates that complete recipients' paths (e.g. those received with their mail). */
  intermediates?: EncryptOptions['intermediates']
  /** Encrypt to recipients whose certificates no anchor vouches for. Default `false`. */
  allowUntrusted?: boolean
  /** The time to check certificates at. Default: the time of the call. */
  at?: Date
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/**
 * Protects a message for sending: composes it from a spec (or takes raw RFC 5322 bytes), signs
 * it, optionally compresses it (`compress: true`), and encrypts it — sign first, then compress,
 * then encrypt, so the signature is hidden inside and covers the content (RFC 8551 §3.7).
 *
 * Header protection (RFC 9788) is on by default: the signature also covers the header fields,
 * and encryption hides the Subject (outer Subject `[...]`). It cannot protect what the
 * transport itself needs or adds: the envelope sender and recipients (SMTP MAIL FROM and RCPT
 * TO), Received lines, and whatever the chosen policy leaves outside (by default From, To, Cc,
 * Date and Message-ID). `headerProtection: false` turns it off.
 *
 * Recipients may be given as e-mail addresses: each is resolved in the `directory` to its best
 * certificate (valid, usable for encryption, the one its owner prefers), and the content
 * encryption is the strongest all recipients announced.
 *
 * Reachable from `@siegel/core`.
 * @param input - a message spec for `composeMessage`, or the raw message
 * @param options - the identity to sign with, the recipients, the address book, trust;
 *   `signal` to cancel and `onProgress` for large messages (the phases of {@link signMessage},
 *   then of {@link encryptMessage})
 * @returns the message to send
 * @throws SmimeError `ERR_SMIME_INVALID_INPUT` when there is nothing to do (no signWith,
 *   encryptFor or compress), for an unknown `headerProtection.policy`, or for a raw message that
 *   already carries protected headers (unless `headerProtection: false`),
 *   `ERR_SMIME_UNKNOWN_RECIPIENT` for an address without a usable certificate in the directory;
 *   the errors of `composeMessage`, {@link signMessage} and {@link encryptMessage};
 *   `ERR_SMIME_ABORTED` once `signal` is aborted
 * @throws SmimeError `ERR_SMIME_LIMIT_EXCEEDED` for a message too large for the runtime's
 *   buffers or strings (the engine's RangeError as `cause`)
 * @example
 * ```ts
 * const eml = await protectMessage(spec, { signWith: me, encryptFor: ['office@example.de'], directory })
 * ```
 */
export async function protectMessage(
  input: MessageSpec | Uint8Array | string,
  options: ProtectOptions,
): Promise<Uint8Array> {
  return withinRuntimeLimits(() => protect(input, options))
}

async function protect(
  input: MessageSpec | Uint8Array | string,
  options: ProtectOptions,
): Promise<Uint8Array> {
  const progress = new Progress(options)
  const crypto = options.crypto ? { crypto: options.crypto } : {}
  const raw: Uint8Array | string =
    input instanceof Uint8Array || typeof input === 'string' ? input : composeMessage(input, crypto)
  const encryptFor = options.encryptFor ?? []
  const secrets = [...(options.kekRecipients ?? []), ...(options.passwordRecipients ?? [])]
  const encrypting = encryptFor.length > 0 || secrets.length > 0
  if (!options.signWith && !encrypting && options.compress !== true) {
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      'expected signWith, encryptFor or compress: there is nothing to do to the message',
    )
  }
  // RFC 9788 protects headers only under a signature or encryption: compressing alone is neither.
  const protection = options.headerProtection ?? {}
  let source: Uint8Array | PreparedMessage =
    typeof raw === 'string' ? new TextEncoder().encode(raw) : raw
  let signed: SignedPieces | undefined
  if (protection !== false && (options.signWith || encrypting)) {
    const prepared = await prepareEntityChunked(source, progress)
    source = protectHeaders(prepared, encrypting ? 'cipher' : 'clear', protection)
  }
  if (options.signWith) {
    const signer = await identitySigner(options.signWith, options.crypto)
    const prepared =
      source instanceof Uint8Array ? await prepareEntityChunked(source, progress) : source
    // In pieces: encryption reads them as they are, never one joined copy of the message.
    signed = await signPrepared(
      prepared as PreparedMessage,
      signer,
      {
        ...(options.form ? { form: options.form } : {}),
        ...(options.signingTime ? { signingTime: options.signingTime } : {}),
        ...crypto,
      },
      progress,
    )
  }
  if (options.compress === true) source = await compressEntity(signed ? joinSigned(signed) : source)
  if (!encrypting) return signed && options.compress !== true ? joinSigned(signed) : joined(source)
  const recipients = encryptFor.map((r) => resolveRecipient(r, options))
  const self = options.encryptToSelf ?? options.signWith !== undefined
  const selfCertificate =
    self instanceof Certificate ? self : self ? options.signWith?.certificate : undefined
  return encryptPieces(signed && options.compress !== true ? signed : source, recipients, {
    // The sender reads its copy with Siegel, which decrypts everything it announces.
    ...(selfCertificate
      ? {
          encryptToSelf: {
            certificate: selfCertificate,
            capabilities: SIEGEL_CAPABILITIES,
            intermediates: options.signWith?.chain ?? [],
          },
        }
      : {}),
    ...(options.kekRecipients ? { kekRecipients: options.kekRecipients } : {}),
    ...(options.passwordRecipients ? { passwordRecipients: options.passwordRecipients } : {}),
    ...(options.trustAnchors ? { trustAnchors: options.trustAnchors } : {}),
    ...(options.bundledAnchors === false ? { bundledAnchors: false } : {}),
    ...(options.contentEncryption ? { contentEncryption: options.contentEncryption } : {}),
    ...(options.rsaPadding ? { rsaPadding: options.rsaPadding } : {}),
    ...(options.intermediates ? { intermediates: options.intermediates } : {}),
    ...(options.allowUntrusted ? { allowUntrusted: true } : {}),
    ...(options.at ? { at: options.at } : {}),
    ...progress.options,
    ...crypto,
  })
}

/** A message as one buffer again, from its prepared parts where it was split. */
function joined(source: Uint8Array | PreparedMessage): Uint8Array {
  if (source instanceof Uint8Array) return source
  return concatBytes([source.outerHeaders, ascii('MIME-Version: 1.0\r\n'), source.entity])
}

const SIEGEL_CAPABILITIES = ANNOUNCED_ALGORITHMS.map((oid) => ({ oid }))

function resolveRecipient(
  recipient: Certificate | EncryptionRecipient | string,
  options: ProtectOptions,
): Certificate | EncryptionRecipient {
  if (typeof recipient !== 'string') return recipient
  const candidate = options.directory
    ?.lookup(recipient, options.at ? { at: options.at } : undefined)
    .find((c) => c.valid && c.canEncrypt)
  if (!candidate) {
    throw new SmimeError(
      'ERR_SMIME_UNKNOWN_RECIPIENT',
      `no valid encryption certificate for ${recipient}${options.directory ? ' in the address book' : ' (no address book given)'}`,
    )
  }
  return {
    certificate: candidate.certificate,
    capabilities: candidate.capabilities,
    intermediates: candidate.intermediates,
  }
}
