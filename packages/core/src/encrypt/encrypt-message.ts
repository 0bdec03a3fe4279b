import type { Certificate, TrustAnchor, ValidationModel } from '@siegel/pki'
import { SmimeError } from '../errors.js'
import { ascii, concatBytes } from '../lib/bytes.js'
import { base64Length, Base64Writer } from '../lib/base64-writer.js'
import { Progress } from '../lib/progress.js'
import { withinRuntimeLimits } from '../lib/runtime-limits.js'
import type { ProgressOptions } from '../progress.js'
import { prepareEntityChunked, type PreparedMessage } from '../sign/prepare-entity.js'
import type { SignedPieces } from '../sign/sign-message.js'
import {
  protectHeaders,
  type HeaderProtectionOptions,
} from '../header-protection/compose-payload.js'
import {
  MAX_PBKDF2_ITERATIONS,
  resolveCredentials,
  type KekIdentity,
  type PasswordIdentity,
} from '../decrypt/credentials.js'
import {
  createEnvelope,
  sealContentKey,
  type EnvelopeChoice,
  type SymmetricRecipient,
} from './create-envelope.js'
import {
  checkRecipient,
  uniqueRecipients,
  chooseContentEncryption,
  chooseRsaPadding,
  MAX_RECIPIENTS,
  toRecipient,
  type ContentEncryption,
  type EncryptionRecipient,
  type ResolvedRecipient,
} from './recipients.js'
import type { RsaPadding } from '../lib/key-transport.js'

export type { ContentEncryption, EncryptionRecipient } from './recipients.js'
export type { RsaPadding } from '../lib/key-transport.js'

/** Options of {@link encryptMessage}. */
export interface EncryptOptions extends ProgressOptions {
  /**
   * The content cipher. Default: chosen from what the recipients announced: AES-256-GCM (or
   * AES-128-GCM) where every recipient announced it, else AES-256-CBC.
   */
  contentEncryption?: ContentEncryption
  /**
   * RSA key transport for every RSA recipient: `'oaep-sha256'`, `'oaep-sha1'` or `'pkcs1'`
   * (RSAES-PKCS1-v1_5). Default: per recipient, OAEP where announced, else PKCS#1 v1.5.
   */
  rsaPadding?: RsaPadding
  /**
   * The sender's own certificate, added as a recipient so the sent copy can be read. Default:
   * none. It is checked like every recipient.
   */
  encryptToSelf?: EncryptionRecipient | Certificate
  /**
   * Shared key-encryption keys to encrypt to as well (KEKRecipientInfo, RFC 5652 §6.2.3), as
   * `openssl cms -decrypt -secretkey <hex> -secretkeyid <hex>` reads them. Each gets the AES key
   * wrap of its size (16, 24 or 32 bytes). Default: none.
   */
  kekRecipients?: readonly KekIdentity[]
  /**
   * Passwords to encrypt to as well (RFC 3211), as `openssl cms -decrypt -pwri_password` reads
   * them: PBKDF2-HMAC-SHA-256 with a random salt, then id-alg-PWRI-KEK with AES-256-CBC. The
   * message is only as strong as its weakest password. Default: none.
   */
  passwordRecipients?: readonly PasswordIdentity[]
  /**
   * PBKDF2 iterations for `passwordRecipients`: 1 to 2,000,000 (what `decryptMessage` accepts
   * by default). Default 600,000 (OWASP's 2023 advice for PBKDF2-HMAC-SHA-256).
   */
  passwordIterations?: number
  /**
   * Trust anchors that recipient certificates may chain to, in addition to the anchors bundled
   * with `@siegel/pki` (the Bavarian administration root, see `bundledAnchors()`); a
   * `TrustAnchor` adds constraints or names a key without a certificate.
   */
  trustAnchors?: readonly (Certificate | TrustAnchor)[]
  /** Trust the bundled anchors too. Default `true`; `false` trusts only `trustAnchors`. */
  bundledAnchors?: boolean
  /** Further certificates for building recipient paths. */
  intermediates?: readonly Certificate[]
  /**
   * Encrypt to recipients whose certificates are not trusted (key usage, extended key usage
   * and validity are still checked). Default `false`.
   */
  allowUntrusted?: boolean
  /** The time at which recipient certificates must be valid. Default: the time of the call. */
  at?: Date
  /**
   * How the validity of a recipient's chain is judged: `'shell'` (default) or `'chain'`
   * (Kettenmodell), as in `verifyCertificate`. The recipient certificate itself must be valid
   * at `at` either way.
   */
  model?: ValidationModel
  /**
   * Header protection (RFC 9788): copy the header fields into the encrypted entity
   * (`hp="cipher"`, with HP-Outer fields recording what stays outside) and obscure the outer
   * ones per the policy (default `hcp_baseline`: Subject `[...]`). `true` for the defaults.
   * Default `false` here; `protectMessage` turns it on by default.
   */
  headerProtection?: HeaderProtectionOptions | boolean
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/**
 * Encrypts a message to its recipients (RFC 8551 §3.3): `application/pkcs7-mime` with
 * `smime-type=authEnveloped-data` (AES-GCM, RFC 5083/5084) or `enveloped-data` (AES-CBC).
 *
 * The message's content headers and body become the encrypted entity; its other headers
 * (From, To, Subject, ...) stay outside, unencrypted, unless `headerProtection` copies them
 * inside and obscures the outer Subject (RFC 9788). RSA recipients get the key by RSA-OAEP or
 * RSAES-PKCS1-v1_5, EC recipients (P-256/384/521) by ECDH with the X9.63 KDF (RFC 5753), X25519
 * recipients by HKDF (RFC 8418); all wrapped with AES-KW where agreed. Every recipient
 * certificate is checked for encryption use and (unless `allowUntrusted`) against the anchors.
 * Holders of a shared key (`kekRecipients`) or of a password (`passwordRecipients`) can be
 * recipients too, beside or instead of certificates.
 *
 * Reachable from `@siegel/core`.
 * @param message - an RFC 5322 message (bytes, or a string encoded as UTF-8)
 * @param recipients - the recipients: certificates, or certificates with announced capabilities
 *   (may be empty when the options name KEK or password recipients)
 * @param options - cipher and padding overrides, encrypt-to-self, trust anchors, KEK and
 *   password recipients; `signal` to cancel and `onProgress` for large messages (phases
 *   `canonicalize`, then `encrypt`, which base64-encodes as it goes)
 * @returns the encrypted message
 * @throws SmimeError `ERR_SMIME_UNTRUSTED_RECIPIENT` for a recipient not trusted by the anchors,
 *   `ERR_SMIME_UNSUITABLE_RECIPIENT` for a certificate not for encryption, expired or with a key
 *   type that cannot encrypt, `ERR_SMIME_INVALID_INPUT` for no recipients, a bad message, a
 *   KEK not of 16, 24 or 32 bytes or `passwordIterations` out of range,
 *   `ERR_SMIME_LIMIT_EXCEEDED` for more than 1000 recipients, `ERR_SMIME_ABORTED` once
 *   `signal` is aborted
 * @throws SmimeError `ERR_SMIME_LIMIT_EXCEEDED` for a message too large for the runtime's
 *   buffers or strings (the engine's RangeError as `cause`)
 * @example
 * ```ts
 * const encrypted = await encryptMessage(eml, [bobCert], { trustAnchors: [root], encryptToSelf: myCert })
 * const forTeam = await encryptMessage(eml, [], { passwordRecipients: [{ password: 'a long passphrase' }] })
 * ```
 */
export async function encryptMessage(
  message: Uint8Array | string,
  recipients: readonly (EncryptionRecipient | Certificate)[],
  options?: EncryptOptions,
): Promise<Uint8Array> {
  return withinRuntimeLimits(() => encryptPieces(message, recipients, options))
}

/**
 * {@link encryptMessage} for raw bytes, or for a message already split: into its outer headers
 * and the entity to encrypt (`PreparedMessage`, with its protected headers where it has them:
 * `headerProtection` is then not applied again), or a message just signed, in its pieces
 * (`signToPieces`), whose entity is canonical already and is encrypted from the pieces without
 * joining them, giving the bytes that encrypting the joined message would.
 */
export async function encryptPieces(
  message: Uint8Array | string | SignedPieces | PreparedMessage,
  recipients: readonly (EncryptionRecipient | Certificate)[],
  options?: EncryptOptions,
): Promise<Uint8Array> {
  const source = typeof message === 'string' ? ascii(message) : message
  if (!(source instanceof Uint8Array) && !isSplit(source))
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected the message as Uint8Array or string')
  const progress = new Progress(options)
  const { resolved, symmetric, contentEncryption } = await resolveRecipients(recipients, options)
  const padding = options?.rsaPadding
  const choice: EnvelopeChoice = {
    contentEncryption,
    rsaPadding: (r) => padding ?? chooseRsaPadding(r),
    symmetric,
  }
  // The content key is sealed for the recipients (public-key work, on WebCrypto's threads where
  // the runtime has them) while this thread prepares the message: a small message then costs
  // about the longer of the two, not their sum.
  const sealing = sealContentKey(resolved, choice, options?.crypto)
  sealing.catch(() => undefined) // awaited below; a failure must not count as unhandled first
  let prepared: PreparedMessage | SignedPieces
  try {
    prepared = source instanceof Uint8Array ? await prepare(source, options, progress) : source
  } catch (error) {
    await sealing.then(
      ({ cek }) => cek.fill(0),
      () => undefined,
    )
    throw error
  }
  const { outerHeaders, entity } = prepared
  const envelope = createEnvelope(
    Array.isArray(entity) ? entity : [entity],
    await sealing,
    options?.crypto,
  )
  const smimeType = contentEncryption.endsWith('GCM') ? 'authEnveloped-data' : 'enveloped-data'
  const head = concatBytes([
    outerHeaders,
    ascii(
      'MIME-Version: 1.0\r\n' +
        `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name="smime.p7m"\r\n` +
        'Content-Transfer-Encoding: base64\r\n' +
        'Content-Disposition: attachment; filename="smime.p7m"\r\n\r\n',
    ),
  ])
  // One buffer for the whole message: the envelope is encrypted and base64-encoded into it as
  // it is written, so neither its ciphertext nor its DER is ever a buffer of its own.
  // Allocated at the first bytes written (see `PendingEnvelope.write`).
  let writer: Base64Writer | undefined
  const start = (): Base64Writer => {
    const out = new Uint8Array(head.length + base64Length(envelope.length))
    out.set(head)
    return new Base64Writer(out, head.length)
  }
  await envelope.write((bytes) => (writer ??= start()).push(bytes), progress)
  return (writer ?? start()).finish()
}

function isSplit(message: unknown): message is SignedPieces | PreparedMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as PreparedMessage).outerHeaders instanceof Uint8Array
  )
}

/** The message split for encryption, with its protected headers when the options ask. */
async function prepare(
  bytes: Uint8Array,
  options: EncryptOptions | undefined,
  progress: Progress,
): Promise<PreparedMessage> {
  const prepared = await prepareEntityChunked(bytes, progress)
  const protection = options?.headerProtection ?? false
  if (protection === false) return prepared
  return protectHeaders(prepared, 'cipher', protection === true ? {} : protection)
}

/**
 * The recipients of an encryption, checked (trust, key usage, limits), and the content cipher
 * they allow.
 */
export async function resolveRecipients(
  recipients: readonly (EncryptionRecipient | Certificate)[],
  options: EncryptOptions | undefined,
): Promise<{
  resolved: ResolvedRecipient[]
  symmetric: SymmetricRecipient[]
  contentEncryption: ContentEncryption
}> {
  const symmetric = symmetricRecipients(options)
  if (!Array.isArray(recipients) || recipients.length + symmetric.length === 0)
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected at least one recipient')
  const all = [...recipients, ...(options?.encryptToSelf ? [options.encryptToSelf] : [])]
  if (all.length + symmetric.length > MAX_RECIPIENTS)
    throw new SmimeError('ERR_SMIME_LIMIT_EXCEEDED', `more than ${MAX_RECIPIENTS} recipients`)
  const resolved = uniqueRecipients(all.map(toRecipient))
  for (const recipient of resolved)
    await checkRecipient(recipient.certificate, {
      ...options,
      intermediates: [...(options?.intermediates ?? []), ...recipient.intermediates],
    })
  const contentEncryption = options?.contentEncryption ?? chooseContentEncryption(resolved)
  return { resolved, symmetric, contentEncryption }
}

// OWASP Password Storage Cheat Sheet (2023): 600,000 iterations for PBKDF2-HMAC-SHA-256.
const DEFAULT_PASSWORD_ITERATIONS = 600_000

/** The KEK and password recipients of the options, checked as decryption checks them. */
function symmetricRecipients(options: EncryptOptions | undefined): SymmetricRecipient[] {
  const keks = options?.kekRecipients ?? []
  const passwords = options?.passwordRecipients ?? []
  if (keks.length + passwords.length === 0) return []
  const iterations = options?.passwordIterations ?? DEFAULT_PASSWORD_ITERATIONS
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS)
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      `expected passwordIterations from 1 to ${MAX_PBKDF2_ITERATIONS}, got ${String(iterations)}`,
    )
  return resolveCredentials([...keks, ...passwords]).map((c) => {
    if (c.kind === 'password') return { ...c, iterations }
    if (c.kind === 'kek') return c
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      'expected kekRecipients as { kek, keyIdentifier }',
    )
  })
}
