import { parseMessage, type MimeHeader, type MimeMessage } from '@siegel/mime'
import { decompressContent } from '../cms/decompress-data.js'
import { resolveCmsLimits } from '../cms/limits.js'
import { SmimeError } from '../errors.js'
import type { DecryptDataOptions } from './decrypt-data.js'
import { decodeRootCms, findEncryptedLayer } from './find-encrypted-layer.js'
import { pbkdf2Budget, resolveCredentials, type DecryptionCredential } from './credentials.js'
import { openEnvelope, type DecryptedData } from './open-envelope.js'
import { PLAUSIBILITY } from './plausible-content.js'
import { Progress } from '../lib/progress.js'
import type { ProgressOptions } from '../progress.js'

export type {
  DecryptionCredential,
  DecryptionIdentity,
  DecryptionLimits,
  KekIdentity,
  PasswordIdentity,
} from './credentials.js'
import { withinRuntimeLimits } from '../lib/runtime-limits.js'

/**
 * Options of {@link decryptMessage}: those of `decryptData`, and `signal` and `onProgress` for
 * large messages (phases `parse`, `decode`, `decrypt`, then `parse` of the decrypted entity).
 */
export type DecryptOptions = DecryptDataOptions & ProgressOptions

/** What {@link decryptMessage} returns: the decrypted data, parsed, and the unprotected headers. */
export interface DecryptedMessage extends DecryptedData {
  /**
   * The decrypted MIME entity, parsed as a tree of its own when first read (a caller that only
   * passes `content` on never pays for the parse). It is never spliced into the received
   * message, so nothing outside the ciphertext becomes part of it (EFAIL).
   */
  entity: MimeMessage
  /**
   * The headers of the received message (From, To, Subject, Date, ...). Encryption does not
   * protect them: anyone on the way could have changed them.
   */
  unprotectedHeaders: MimeHeader[]
}

/**
 * Decrypts an S/MIME message (`application/pkcs7-mime` enveloped-data or authEnveloped-data).
 *
 * Key transport: RSAES-PKCS1-v1_5 and RSA-OAEP with SHA-1/256/384/512. For v1.5 a bad
 * padding gives a random key (implicit rejection, RFC 3218 §2.3), so it fails like a wrong key
 * with the same error; the RSA operation is blinded, but JavaScript BigInt arithmetic is not
 * constant time (see `decryptRsaPkcs1v15` in `@siegel/pki`): prefer RSA-OAEP keys. Key agreement: ECDH P-256/384/521 with the X9.63
 * KDF (SHA-1/2) and X25519 with HKDF. Shared keys (KEKRecipientInfo): AES key wrap with a
 * 128/192/256-bit KEK and the Triple-DES key wrap, matched by key identifier. Passwords (RFC 3211 PasswordRecipientInfo):
 * PBKDF2 (HMAC-SHA-1/256/384/512) and id-alg-PWRI-KEK over AES-CBC or 3DES-CBC; wrong check
 * bytes are a wrong password. Content: AES-128/192/256 CBC and GCM, ChaCha20-Poly1305, and for
 * old mail 3DES and RC2. Every recipient entry naming one of the identities is tried, those that
 * prove the key (OAEP, key agreement, KEK, password) before RSA v1.5 ones. A v1.5 content key is
 * accepted at once only when an AEAD tag proves it; under CBC, 3DES or RC2 every v1.5 entry is
 * tried, since a wrong entry's random key passes the padding check one time in about 256, and
 * the content must be a MIME entity (a header block) or text: among different such contents the
 * most plausible wins, and a tie or random-looking bytes give `ERR_SMIME_DECRYPTION_FAILED`. A
 * content key of the wrong length for its cipher is refused, as OpenSSL does.
 *
 * WARNING: CBC content is not authenticated; see {@link DecryptedMessage.authenticated}.
 *
 * Reachable from `@siegel/core`.
 * @param raw - the received message
 * @param identities - one or more credentials: a certificate with its private key, a KEK with
 *   its key identifier, or a password
 * @param options - crypto implementation, PBKDF2 budget, cancellation and progress
 * @returns the decrypted entity as its own tree, whether it was authenticated, and the
 *   unprotected outer headers
 * @throws NotARecipientError `ERR_SMIME_NOT_A_RECIPIENT` listing the recipients when none of
 *   the identities is one; SmimeError `ERR_SMIME_NOT_ENCRYPTED` for a message without an
 *   encrypted part, `ERR_SMIME_DECRYPTION_FAILED` for a wrong key or altered ciphertext (a bad
 *   GCM tag returns no plaintext) and for a wrong password, `ERR_SMIME_MALFORMED_CMS` for broken
 *   CMS (also a `pkcs7-mime` part that holds no readable CMS, rather than "not encrypted"),
 *   `ERR_SMIME_LIMIT_EXCEEDED` for password recipients over `maxPbkdf2Iterations` and
 *   (SmimeLimitExceededError) for more RecipientInfos than `maxRecipientInfos`,
 *   `ERR_SMIME_INVALID_INPUT` for an unusable identity (the `@siegel/pki` error as `cause`);
 *   SmimeUnsupportedAlgorithmError `ERR_SMIME_UNSUPPORTED_ALGORITHM` naming the OID, or a key
 *   that cannot do the entry's algorithm; `ERR_SMIME_ABORTED` once `signal` is aborted
 * @throws SmimeError `ERR_SMIME_LIMIT_EXCEEDED` for a message too large for the runtime's
 *   buffers or strings (the engine's RangeError as `cause`)
 * @example
 * ```ts
 * const me = await loadIdentity({ pkcs12: p12, password })
 * const { entity, authenticated } = await decryptMessage(eml, me)
 * // a key shared in advance, or a password (openssl cms -secretkey / -pwri_password)
 * await decryptMessage(eml, { kek, keyIdentifier })
 * await decryptMessage(eml, { password: 'correct horse battery staple' })
 * ```
 */
export async function decryptMessage(
  raw: Uint8Array | string,
  identities: DecryptionCredential | readonly DecryptionCredential[],
  options?: DecryptOptions,
): Promise<DecryptedMessage> {
  return withinRuntimeLimits(() => decrypt(raw, identities, options))
}

async function decrypt(
  raw: Uint8Array | string,
  identities: DecryptionCredential | readonly DecryptionCredential[],
  options?: DecryptOptions,
): Promise<DecryptedMessage> {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw
  if (!(bytes instanceof Uint8Array))
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected the message as Uint8Array or string')
  const progress = new Progress(options)
  const credentials = resolveCredentials(identities)
  const maxPbkdf2Iterations = pbkdf2Budget(options?.maxPbkdf2Iterations)
  const limits = resolveCmsLimits({ maxRecipientInfos: options?.maxRecipientInfos })
  const received = await progress.run('parse', bytes.length, () => parseMessage(bytes))
  const rootCms = await decodeRootCms(received, progress)
  const { cms } = rootCms
    ? findEncryptedLayer(received, rootCms)
    : await progress.run('decode', bytes.length, () => findEncryptedLayer(received))
  const opened = await progress.run('decrypt', cms.length, () =>
    openEnvelope(cms, credentials, {
      crypto: options?.crypto,
      maxPbkdf2Iterations,
      limits,
      // Decoded from base64 by the parse above, the CMS bytes are ours and read only here; bytes
      // sent in binary lie in the caller's buffer and are left alone.
      ownsInput: cms.buffer !== bytes.buffer,
      // The content of an S/MIME message is a MIME entity (RFC 8551 §3.1): a header block, or
      // at least text. Where only a CBC padding vouches for the key, random bytes are refused.
      minimumPlausibility: PLAUSIBILITY.TEXT,
    }),
  )
  // RFC 3274: an envelope may hold CompressedData directly, as Bouncy Castle writes it.
  const readable = {
    ...opened,
    ...(await decompressContent(opened.content, opened.contentType, options)),
  }
  return withLazyEntity({ ...readable, unprotectedHeaders: received.headers })
}

/**
 * The result with `entity` parsed from its content when first read, then kept: a gateway that
 * passes the decrypted bytes on never pays for a parse, and a reader sees an ordinary property.
 */
function withLazyEntity(result: Omit<DecryptedMessage, 'entity'>): DecryptedMessage {
  return Object.defineProperty(result, 'entity', {
    configurable: true,
    enumerable: true,
    get(): MimeMessage {
      const entity = parseMessage(result.content)
      Object.defineProperty(result, 'entity', { value: entity, writable: true, enumerable: true })
      return entity
    },
    set(entity: MimeMessage) {
      Object.defineProperty(result, 'entity', { value: entity, writable: true, enumerable: true })
    },
  }) as DecryptedMessage
}
