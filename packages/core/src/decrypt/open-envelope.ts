import { PkiError, UnsupportedAlgorithmError } from '@siegel/pki'
import {
  NotARecipientError,
  SmimeError,
  SmimeUnsupportedAlgorithmError,
  type RecipientId,
} from '../errors.js'
import { decryptInChunks } from '../lib/chunked-cipher.js'
import { contentCipher, decryptContent } from '../lib/content-cipher.js'
import type { CmsLimits } from '../cms/limits.js'
import { decodeEnvelope, tagInPlace, type DecodedRecipient } from '../lib/enveloped-data.js'
import { unwrapAgreedKey } from '../lib/key-agreement.js'
import { unwrapKemKey } from '../lib/kem-recipient.js'
import { KEY_TRANSPORT_OID, unwrapTransportedKey } from '../lib/key-transport.js'
import { unwrapWithKek } from '../lib/key-wrap.js'
import { pbkdf2Params, unwrapPasswordKey } from '../lib/password-recipient.js'
import type { ResolvedCredential } from './credentials.js'
import { matchAttempts, type Attempt, type KnownRecipient } from './match-attempts.js'
export type { Attempt, KnownRecipient } from './match-attempts.js'
import { describe, describeText } from './describe-recipient.js'
import {
  choosePlausible,
  PLAUSIBILITY,
  type Plausibility,
  type UnprovenContent,
} from './plausible-content.js'
import type { ContentDecompression } from '../cms/decompress-data.js'

/** The decrypted content of an envelope, and how it was protected. */
export interface DecryptedData {
  /** The decrypted content octets; decompressed if they were CompressedData (`decompressed`). */
  content: Uint8Array
  /** The encrypted content type: id-data for S/MIME, id-ct-compressedData if compressed. */
  contentType: string
  /** Set when the encrypted content was CompressedData (RFC 3274): how it was decompressed. */
  decompressed?: ContentDecompression
  /**
   * True only for authenticated encryption (AuthEnvelopedData with AES-GCM or
   * ChaCha20-Poly1305): then the content is exactly what was encrypted. False for CBC, 3DES and
   * RC2: such ciphertext can be altered unnoticed (the EFAIL gadgets), so do not load remote
   * content from it, and treat it as unauthenticated unless an inner signature covers it.
   */
  authenticated: boolean
  /** The content cipher, e.g. `AES-256-GCM`. */
  contentEncryption: string
  /**
   * The OID of what gave the content key: key transport, key agreement, the KEM of a
   * KEMRecipientInfo (e.g. id-alg-ml-kem-768), AES key wrap (a KEK) or id-alg-PWRI-KEK (a
   * password).
   */
  keyEncryption: string
  /** The recipient entry that was decrypted. */
  recipient: RecipientId
  /** Which of the given identities decrypted it (index). */
  identityIndex: number
}

/** How much work opening one envelope may cost. */
export interface OpenEnvelopeOptions {
  crypto?: Crypto | undefined
  /** PBKDF2 iterations allowed in total, over every password recipient tried. */
  maxPbkdf2Iterations: number
  /** What the envelope may carry (maxRecipientInfos). */
  limits: CmsLimits
  /**
   * The CMS bytes are a private copy (decoded from the message here), so an AEAD tag may be
   * moved next to the ciphertext in place instead of joining both in a copy. Default `false`.
   */
  ownsInput?: boolean
  /**
   * How plausible (plausible-content.ts) a content must be when nothing but a CBC padding
   * vouches for it: `TEXT` where the content must be a MIME entity. Default `BINARY`.
   */
  minimumPlausibility?: Plausibility
}

// A message to hundreds of recipients is a mailing list; each attempt costs an RSA operation.
const MAX_ATTEMPTS = 64

/**
 * Decrypts CMS EnvelopedData or AuthEnvelopedData with the credentials that are recipients.
 * Every matching recipient is tried, those whose key recovery proves the key first; a wrong key
 * or password, a bad RSA v1.5 padding (implicit rejection), bad check bytes, bad CBC padding, a
 * bad tag and an ambiguous or implausible result all end in the same
 * ERR_SMIME_DECRYPTION_FAILED.
 */
export async function openEnvelope(
  cms: Uint8Array,
  credentials: readonly ResolvedCredential[],
  options: OpenEnvelopeOptions,
): Promise<DecryptedData> {
  const envelope = decodeEnvelope(cms, options.limits)
  const cipher = contentCipher(envelope.contentEncryptionAlgorithm)
  const attempts = attemptsFor(envelope.recipients, credentials)
  if (attempts.length > MAX_ATTEMPTS)
    throw new SmimeError(
      'ERR_SMIME_LIMIT_EXCEEDED',
      `more than ${MAX_ATTEMPTS} matching recipients`,
    )
  let unsupported: unknown
  const sealed = options.ownsInput === true ? tagInPlace(envelope) : undefined
  const aead = {
    ...(envelope.mac ? { mac: envelope.mac } : {}),
    ...(envelope.authenticatedAttributes ? { aad: envelope.authenticatedAttributes } : {}),
    ...(sealed ? { sealed } : {}),
  }
  const budget = { left: options.maxPbkdf2Iterations }
  const unproven: UnprovenContent<DecryptedData>[] = []
  for (const { recipient, index } of provenFirst(attempts)) {
    // RSA v1.5 needs the key length up front (implicit rejection); RC2 allows two lengths.
    const lengths = recipient.type === 'keyTransport' ? cipher.keyLengths : [0]
    for (const length of lengths) {
      let cek: Uint8Array
      try {
        cek = await recoverKey(recipient, credentials[index]!, length, budget, options.crypto)
      } catch (caught) {
        const error = asSmimeError(caught)
        if (error instanceof SmimeError && error.code === 'ERR_SMIME_LIMIT_EXCEEDED') throw error
        // Keep an algorithm we lack as the hint; a failed unwrap is like a wrong key.
        if (!(error instanceof SmimeError && error.code === 'ERR_SMIME_DECRYPTION_FAILED'))
          unsupported = error
        break
      }
      try {
        const ciphertext = envelope.encryptedContent
        // In place only where no other attempt needs the ciphertext again.
        const inPlace = options.ownsInput === true && attempts.length === 1 && lengths.length === 1
        const into = (): Uint8Array => (inPlace ? ciphertext : new Uint8Array(ciphertext.length))
        const content =
          (await decryptInChunks(cipher, cek, ciphertext, aead, into, options.crypto)) ??
          (await decryptContent(cipher, cek, ciphertext, aead, options.crypto))
        const result: DecryptedData = {
          content,
          contentType: envelope.contentType,
          authenticated: cipher.authenticated && envelope.kind === 'authEnveloped',
          contentEncryption: cipher.name,
          keyEncryption: (recipient.type === 'kem'
            ? recipient.kem
            : recipient.keyEncryptionAlgorithm
          ).oid,
          recipient: describe(recipient),
          identityIndex: index,
        }
        // A tag, a key wrap's integrity check or OAEP's decoding proved the key: done.
        if (cipher.authenticated || !isImplicitRejection(recipient)) return result
        // A CBC padding that checks out does not prove an RSA v1.5 key: try every other
        // entry too, then judge the contents (plausible-content.ts).
        unproven.push({ content, result })
      } catch (error) {
        if (!(error instanceof SmimeError && error.code === 'ERR_SMIME_DECRYPTION_FAILED'))
          throw error
      } finally {
        cek.fill(0)
      }
    }
  }
  const chosen = choosePlausible(unproven, options.minimumPlausibility ?? PLAUSIBILITY.BINARY)
  if (chosen) return chosen
  if (unsupported && attempts.length === 1) throw unsupported
  // No cause attached: which step failed must not be observable (RFC 3218 §2.3).
  throw new SmimeError(
    'ERR_SMIME_DECRYPTION_FAILED',
    `the ${cipher.name} message does not decrypt with the matching key: wrong key, or altered`,
  )
}

/**
 * The recipient entries the credentials can open, paired with them.
 * @throws NotARecipientError when there is none
 */
export function attemptsFor(
  recipients: readonly DecodedRecipient[],
  credentials: readonly ResolvedCredential[],
): Attempt[] {
  let attempts: Attempt[]
  try {
    attempts = matchAttempts(recipients, credentials)
  } catch (error) {
    throw asSmimeError(error)
  }
  if (attempts.length === 0) {
    const named = recipients.map(describe)
    throw new NotARecipientError(
      named,
      `the message is for ${named.length} recipient(s), none of them the given identities: ${named.map(describeText).join('; ')}`,
    )
  }
  return attempts
}

/** RSAES-PKCS1-v1_5 key transport: a wrong key gives a random content key, not an error. */
export function isImplicitRejection(recipient: KnownRecipient): boolean {
  return (
    recipient.type === 'keyTransport' &&
    recipient.keyEncryptionAlgorithm.oid === KEY_TRANSPORT_OID.rsaEncryption
  )
}

/** The attempts whose key recovery proves the key (OAEP, ECDH, KEK, password) before RSA v1.5. */
export function provenFirst(attempts: readonly Attempt[]): Attempt[] {
  const proven = attempts.filter((a) => !isImplicitRejection(a.recipient))
  return [...proven, ...attempts.filter((a) => isImplicitRejection(a.recipient))]
}

/**
 * A failure from `@siegel/pki` as the SmimeError that `decryptMessage` documents, the original
 * as its cause: an encrypted key that the RSA key cannot have produced (too long, not below the
 * modulus) is a failed unwrap, as with a wrong key; an algorithm that key cannot do is
 * unsupported; any other (an unreadable key or certificate) makes the identity unusable.
 */
export function asSmimeError(error: unknown): unknown {
  if (error instanceof SmimeError) return error
  if (error instanceof UnsupportedAlgorithmError)
    return new SmimeUnsupportedAlgorithmError(error.algorithm, error.message, { cause: error })
  if (error instanceof PkiError)
    return new SmimeError(
      error.code === 'ERR_PKI_INVALID_INPUT'
        ? 'ERR_SMIME_DECRYPTION_FAILED'
        : 'ERR_SMIME_INVALID_INPUT',
      `the identity's key cannot open this recipient entry: ${error.message}`,
      { cause: error },
    )
  return error
}

type Credential<K extends ResolvedCredential['kind']> = Extract<ResolvedCredential, { kind: K }>

/** The content key, from a credential that {@link matchAttempts} paired with the recipient. */
export async function recoverKey(
  recipient: KnownRecipient,
  credential: ResolvedCredential,
  length: number,
  budget: { left: number },
  crypto: Crypto | undefined,
): Promise<Uint8Array> {
  switch (recipient.type) {
    case 'kek': {
      const { kek } = credential as Credential<'kek'>
      return unwrapWithKek(kek, recipient.keyEncryptionAlgorithm, recipient.encryptedKey, crypto)
    }
    case 'password': {
      const params = pbkdf2Params(recipient.keyDerivationAlgorithm)
      if (params.iterations > budget.left)
        throw new SmimeError(
          'ERR_SMIME_LIMIT_EXCEEDED',
          `the password recipient asks for ${params.iterations} PBKDF2 iterations; ${budget.left} of maxPbkdf2Iterations are left`,
        )
      budget.left -= params.iterations
      const { password } = credential as Credential<'password'>
      return unwrapPasswordKey(password, params, recipient, crypto)
    }
    case 'keyTransport': {
      const { identity } = credential as Credential<'certificate'>
      const algorithm = recipient.keyEncryptionAlgorithm
      return unwrapTransportedKey(
        identity.privateKey,
        algorithm,
        recipient.encryptedKey,
        length,
        crypto,
      )
    }
    case 'keyAgreement': {
      const { identity } = credential as Credential<'certificate'>
      return unwrapAgreedKey(identity.privateKey, recipient, crypto)
    }
    case 'kem':
      return unwrapKemKey(
        (credential as Credential<'certificate'>).identity.privateKey,
        recipient,
        crypto,
      )
  }
}
