import { parseMessage, type MimeMessage } from '@siegel/mime'
import type {
  AlgorithmPolicy,
  Certificate,
  CertificateDirectory,
  MailboxMatchOptions,
  RevocationOptions,
} from '@siegel/pki'
import {
  decryptMessage,
  type KekIdentity,
  type PasswordIdentity,
} from '../decrypt/decrypt-message.js'
import { isEncryptedPart } from '../decrypt/find-encrypted-layer.js'
import { malformedCms } from '../lib/cms-part.js'
import { IdentityRequiredError, SmimeError } from '../errors.js'
import { describeText } from '../decrypt/describe-recipient.js'
import { listRecipients } from '../decrypt/list-recipients.js'
import type { CmsLimits, DecompressionLimits } from '../cms/limits.js'
import {
  carriedCompressedLayer,
  openCompressedLayer,
  type CompressedLayer,
} from './compressed-layer.js'
import type { Identity } from './identity.js'
import { verifyMessage, type VerifyOptions } from '../verify/verify-message.js'
import { claimedSenders } from '../verify/sender.js'
import { ambiguousSender, withAmbiguousSender } from '../verify/ambiguous-sender.js'
import type { VerificationResult } from '../verify/types.js'
import { findSignedLayerOrNone } from './layers.js'
import { describeOpened } from './summary.js'
import { learn } from './learn.js'
import { openHeaders } from '../header-protection/open-headers.js'
import type { MessageHeaders } from '../header-protection/types.js'
import type { Messages } from '../messages/catalogue.js'
import { Progress } from '../lib/progress.js'
import type { ProgressOptions } from '../progress.js'
import { withinRuntimeLimits } from '../lib/runtime-limits.js'

/** One security layer of an opened message, outermost first. */
export type SecurityLayer =
  | { kind: 'signed'; verification: VerificationResult }
  | {
      kind: 'encrypted'
      /** The content cipher, e.g. `AES-256-GCM`. */
      contentEncryption: string
      /** How the content key reached us, e.g. `RSA-OAEP`. */
      keyEncryption: string
      /**
       * True for authenticated encryption (AES-GCM, ChaCha20-Poly1305), or when a valid signature
       * right inside covers the whole decrypted content. CBC content without one is malleable.
       */
      authenticated: boolean
      /**
       * The certificate of the identity that decrypted it; undefined when a shared key (KEK) or
       * a password did.
       */
      recipient: Certificate | undefined
      /** Which of `identities` decrypted it (index). */
      identityIndex: number
    }
  | CompressedLayer

/**
 * Options of {@link openMessage}; the limits of {@link CmsLimits} apply to every layer, those of
 * {@link DecompressionLimits} to every compressed one.
 */
export interface OpenOptions
  extends Partial<CmsLimits>, Partial<DecompressionLimits>, ProgressOptions {
  /**
   * The identities to decrypt with (yours), or a shared key-encryption key or password for
   * messages encrypted to one; needed for encrypted messages.
   */
  identities?: readonly (Identity | KekIdentity | PasswordIdentity)[]
  /** PBKDF2 iterations password recipients may cost; see `decryptMessage`. Default 2,000,000. */
  maxPbkdf2Iterations?: number
  /** Trusted roots (certificates or `TrustAnchor`s), besides the anchors bundled with `@siegel/pki`. */
  trustAnchors?: VerifyOptions['trustAnchors']
  /** Trust the bundled anchors too. Default `true`. */
  bundledAnchors?: boolean
  /** Further certificates for signer lookup and path building (e.g. from an address book). */
  certificates?: readonly Certificate[]
  /** The time to validate certificates at. Default: the time of the call. */
  at?: Date
  /** Validate each signer at the signingTime it asserts, as {@link verifyMessage} can. Default off. */
  useSigningTime?: boolean
  /** Revocation data and policy for the signers' chains. Default: soft-fail without data. */
  revocation?: RevocationOptions
  /** Weak algorithms and key sizes to accept. Default: RSA ≥ 1024 bits, no MD5 certificates. */
  algorithms?: AlgorithmPolicy
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
  /**
   * An address book to learn into: the certificate of every signer whose signature is valid and
   * whose chain is trusted is filed under its addresses, with the capabilities it announced
   * (the encryption certificate it named, where the message carries it). A `partially-signed`
   * message teaches it nothing. Default: none.
   */
  directory?: CertificateDirectory
  /** How claimed senders compare with signers' addresses; see `VerifyOptions.senderMatching`. */
  senderMatching?: MailboxMatchOptions
  /** The language of `summary`: a catalogue such as `MESSAGES_DE`. Default `MESSAGES_EN`. */
  messages?: Messages
}

/** What {@link openMessage} found. */
export interface OpenedMessage {
  /**
   * The innermost message: what the reader should be shown. Its headers are those of the
   * innermost entity, often only Content-Type: the Subject, From, To and Date are on
   * {@link OpenedMessage.received} (`getHeaderText(opened.received, 'subject')`), or, better,
   * on {@link OpenedMessage.headers}.
   */
  message: MimeMessage
  /**
   * The message as received. Its headers (From, To, Subject, Date) are what the sender's mail
   * program wrote outside every layer: no signature or encryption protects them.
   */
  received: MimeMessage
  /** The security layers, outermost first; empty for a plain message. */
  layers: SecurityLayer[]
  /**
   * The header fields to show (RFC 9788 §4): the protected header section where the message
   * carries one (RFC 9788, the RFC 8551 §3.1 wrapping, or the drafts), else the outer fields,
   * each marked whether it is protected; which fields were protected and which only outside;
   * where the outer values differ from the protected ones (`altered` is a finding: show the
   * protected value and say so); what the sender says it exposed (`HP-Outer`); and the Legacy
   * Display Elements, removed from the text only where they repeat the protected fields
   * exactly. Render `headers.content` (for the wrapped form, the message inside the wrapper).
   *
   * "Protected" means inside the cryptographic payload: whether a signer vouches for the From is
   * the signed layers' verdict, which is bound to the protected From when there is one.
   */
  headers: MessageHeaders
  /** One line a UI can show, e.g. `Signed by alice@example.org · trusted via Example Root CA`. */
  summary: string
}

// A message wraps at most a few layers (signed, encrypted, signed again for a triple wrap).
const MAX_LAYERS = 8

/**
 * Opens a received message: peels every S/MIME layer (signed, encrypted, compressed), verifies
 * each signature, and returns the innermost message with the verdict of every layer and a
 * one-line summary.
 *
 * Signatures are bound to the From and Sender of the protected header section when the message
 * carries one (RFC 9788 §4; `headers` says which fields are protected and which differ
 * outside), else to the outer message's From and Sender. An outer From that differs from the
 * protected one adds the problem `ERR_SMIME_OUTER_SENDER_MISMATCH` to the signed layer and
 * makes its status `sender-mismatch`: a mail program that shows the outer From would show a
 * sender nobody vouches for. `summary` says so, and names header fields changed on the way.
 *
 * Reachable from `@siegel/core`.
 * @param raw - the received message
 * @param options - identities (certificates with keys, KEKs, passwords), trust anchors, further
 *   certificates, validation time; `signal` to cancel and `onProgress` for large messages (the
 *   phases of {@link decryptMessage} and {@link verifyMessage}, layer by layer)
 * @returns the innermost message, the layers and the summary
 * @throws IdentityRequiredError `ERR_SMIME_IDENTITY_REQUIRED` (with the recipients) for an
 *   encrypted message without `identities`; SmimeError `ERR_SMIME_MALFORMED_MESSAGE` for more
 *   than eight nested layers; the errors of {@link decompressData} for compressed layers
 *   (`ERR_SMIME_LIMIT_EXCEEDED` past `maxDecompressedBytes` or `maxCompressionRatio`); the errors
 *   of {@link verifyMessage} for malformed layers and of {@link decryptMessage} for encrypted
 *   ones; `ERR_SMIME_ABORTED` once `signal` is aborted
 * @throws SmimeError `ERR_SMIME_LIMIT_EXCEEDED` for a message too large for the runtime's
 *   buffers or strings (the engine's RangeError as `cause`)
 * @example
 * ```ts
 * const opened = await openMessage(eml, { trustAnchors: [root] })
 * console.log(opened.summary)
 * ```
 */
export async function openMessage(
  raw: Uint8Array | string,
  options?: OpenOptions,
): Promise<OpenedMessage> {
  return withinRuntimeLimits(() => open(raw, options))
}

async function open(raw: Uint8Array | string, options?: OpenOptions): Promise<OpenedMessage> {
  const progress = new Progress(options)
  let current = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw
  const first = current
  const outer = await progress.run('parse', first.length, () => parseMessage(first))
  const senders = claimedSenders(outer)
  // The outer From/Sender is what the reader sees: doubled, hidden or badly folded, no layer is
  // valid.
  const ambiguous = ambiguousSender(outer)
  const layers: SecurityLayer[] = []
  let message: MimeMessage = outer
  for (;;) {
    if (layers.length === MAX_LAYERS) {
      throw new SmimeError(
        'ERR_SMIME_MALFORMED_MESSAGE',
        `more than ${MAX_LAYERS} nested security layers`,
      )
    }
    if (isEncrypted(message)) {
      const identities = options?.identities ?? []
      if (identities.length === 0) {
        const recipients = listRecipients(current, options)
        throw new IdentityRequiredError(
          recipients,
          `the message is encrypted to ${recipients.map(describeText).join('; ')}: pass identities to open it`,
        )
      }
      const decrypted = await decryptMessage(current, identities, {
        ...progress.options,
        ...(options?.crypto ? { crypto: options.crypto } : {}),
        ...(options?.maxPbkdf2Iterations !== undefined
          ? { maxPbkdf2Iterations: options.maxPbkdf2Iterations }
          : {}),
        ...(options?.maxRecipientInfos !== undefined
          ? { maxRecipientInfos: options.maxRecipientInfos }
          : {}),
        ...(options?.maxDecompressedBytes !== undefined
          ? { maxDecompressedBytes: options.maxDecompressedBytes }
          : {}),
        ...(options?.maxCompressionRatio !== undefined
          ? { maxCompressionRatio: options.maxCompressionRatio }
          : {}),
      })
      const used = identities[decrypted.identityIndex]
      layers.push({
        kind: 'encrypted',
        contentEncryption: decrypted.contentEncryption,
        keyEncryption: decrypted.keyEncryption,
        authenticated: decrypted.authenticated,
        recipient: used && 'certificate' in used ? used.certificate : undefined,
        identityIndex: decrypted.identityIndex,
      })
      // The envelope held CompressedData directly (Bouncy Castle writes it so).
      if (decrypted.decompressed)
        layers.push(carriedCompressedLayer(decrypted.decompressed, decrypted.content.length))
      current = decrypted.content
      message = decrypted.entity
      continue
    }
    const compressed = await openCompressedLayer(message, options)
    if (compressed) {
      layers.push(compressed.layer)
      current = compressed.content
      message = parseMessage(current)
      continue
    }
    const signed = findSignedLayerOrNone(message)
    if (!signed) break
    const verification = withAmbiguousSender(
      await verifyMessage(current, { ...options, claimedSenders: senders }),
      ambiguous,
    )
    layers.push({ kind: 'signed', verification })
    // A compressed layer between changes nothing: what the signature covers is what was sent.
    const inside = layers
      .slice(0, -1)
      .reverse()
      .find((l) => l.kind !== 'compressed')
    // EFAIL: CBC content counts as authenticated only when a valid signature covers all of it.
    if (
      inside?.kind === 'encrypted' &&
      verification.status === 'valid' &&
      verification.coverage.coversEntireMessage
    ) {
      inside.authenticated = true
    }
    // RFC 3274: the signed content itself was CompressedData (eContentType id-ct-compressedData).
    const { decompressed, coverage } = verification
    if (decompressed && coverage.coversEntireMessage)
      layers.push(carriedCompressedLayer(decompressed, coverage.signedPart.raw.length))
    // A signature over one part beside unsigned ones: the reader sees the whole message, and
    // the layer says it covers only part of it.
    if (!verification.coverage.coversEntireMessage) break
    const inner = verification.coverage.signedPart.raw
    current = inner
    message = await progress.run('parse', inner.length, () => parseMessage(inner))
  }
  const headers = openHeaders(outer, message, layers, options?.senderMatching)
  if (options?.directory) await learn(options.directory, layers)
  const summary = describeOpened(layers, headers, options?.messages)
  return { message, received: outer, layers, headers, summary }
}

/**
 * True if the message itself (not a part of it) is an S/MIME encrypted entity; a message that
 * is a `pkcs7-mime` entity without readable CMS is malformed, not plain.
 */
function isEncrypted(message: MimeMessage): boolean {
  const found = isEncryptedPart(message)
  if (found === 'malformed') throw malformedCms(message)
  return found
}
