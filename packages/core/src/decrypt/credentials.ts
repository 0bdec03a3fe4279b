import type { Certificate, PrivateKey } from '@siegel/pki'
import { SmimeError } from '../errors.js'

/** Who can decrypt: a certificate and its private key. */
export interface DecryptionIdentity {
  /** The recipient certificate (a `Certificate`, or DER/PEM). */
  certificate: Certificate | Uint8Array | string
  /** Its private key, from `readPrivateKey`, `readPkcs12` or `loadIdentity`. */
  privateKey: PrivateKey
}

/**
 * A symmetric key-encryption key shared in advance (RFC 5652 §6.2.3 KEKRecipientInfo), as
 * `openssl cms -secretkey <hex> -secretkeyid <hex>` uses it. It opens the recipient entries
 * whose key identifier equals `keyIdentifier`, wrapped with AES key wrap (RFC 3394) or, in old
 * messages, the Triple-DES key wrap (RFC 3217).
 */
export interface KekIdentity {
  /**
   * The key-encryption key: 16, 24 or 32 bytes (AES-128, AES-192 or AES-256 key wrap; 24 bytes
   * also for the Triple-DES key wrap of old messages, RFC 3217).
   */
  kek: Uint8Array
  /** The key identifier the message names the key by (`kekid.keyIdentifier`), byte for byte. */
  keyIdentifier: Uint8Array
}

/**
 * A password (RFC 3211 PasswordRecipientInfo), as `openssl cms -pwri_password` uses it: the
 * key-encryption key is derived with PBKDF2 and unwraps the content key of every password
 * recipient entry. A string is encoded as UTF-8.
 */
export interface PasswordIdentity {
  /** The password, as text (UTF-8) or as the exact bytes. */
  password: string | Uint8Array
}

/** Anything that can open an encrypted message: a certificate with its key, a KEK, a password. */
export type DecryptionCredential = DecryptionIdentity | KekIdentity | PasswordIdentity

/** Limits on the work an encrypted message may ask for. */
export interface DecryptionLimits {
  /**
   * The PBKDF2 iterations that password recipients may cost, summed over every one tried. A
   * recipient entry asking for more than is left is refused with ERR_SMIME_LIMIT_EXCEEDED
   * before its key derivation starts, so a hostile message cannot hold a mail gateway's CPU.
   * Default 2,000,000 (under a second of CPU).
   */
  maxPbkdf2Iterations?: number
  /**
   * RecipientInfos the envelope may list; more are refused with a `SmimeLimitExceededError`
   * (ERR_SMIME_LIMIT_EXCEEDED) before any is decoded. Default 1,000 (see `CmsLimits`).
   */
  maxRecipientInfos?: number
}

/** A credential, with a password already encoded as bytes. */
export type ResolvedCredential =
  | { kind: 'certificate'; identity: DecryptionIdentity }
  | { kind: 'kek'; kek: Uint8Array; keyIdentifier: Uint8Array }
  | { kind: 'password'; password: Uint8Array }

// RFC 3211 leaves the count to the sender; OpenSSL writes 2,048 and OWASP asks 600,000 for
// PBKDF2-SHA256. Two million (about 0.5 s with SHA-256, 0.9 s with SHA-1) lets two recipients
// at OWASP's count be tried, and keeps a hostile message under a second of a mail gateway's
// CPU, summed over every password recipient tried. Encryption writes no more than decryption
// accepts.
export const MAX_PBKDF2_ITERATIONS = 2_000_000

const KEK_BYTES: ReadonlySet<number> = new Set([16, 24, 32])

function invalid(message: string): SmimeError {
  return new SmimeError('ERR_SMIME_INVALID_INPUT', message)
}

function resolve(credential: DecryptionCredential): ResolvedCredential {
  if (credential && 'privateKey' in credential && credential.privateKey && credential.certificate)
    return { kind: 'certificate', identity: credential }
  if (credential && 'kek' in credential) {
    const { kek, keyIdentifier } = credential
    if (!(kek instanceof Uint8Array) || !KEK_BYTES.has(kek.length))
      throw invalid(`expected a kek of 16, 24 or 32 bytes, got ${describe(kek)}`)
    if (!(keyIdentifier instanceof Uint8Array) || keyIdentifier.length === 0)
      throw invalid('expected the keyIdentifier of the kek as non-empty Uint8Array')
    return { kind: 'kek', kek, keyIdentifier }
  }
  if (credential && 'password' in credential) {
    const { password } = credential
    if (typeof password === 'string')
      return { kind: 'password', password: new TextEncoder().encode(password) }
    if (password instanceof Uint8Array) return { kind: 'password', password }
    throw invalid(`expected the password as string or Uint8Array, got ${describe(password)}`)
  }
  throw invalid(
    'expected identities with certificate and privateKey, kek and keyIdentifier, or password',
  )
}

function describe(value: unknown): string {
  return value instanceof Uint8Array ? `length=${value.length}` : typeof value
}

/** Normalises one credential or a list of them, once, at the public edge. */
export function resolveCredentials(
  input: DecryptionCredential | readonly DecryptionCredential[],
): ResolvedCredential[] {
  const list: readonly DecryptionCredential[] = Array.isArray(input)
    ? input
    : [input as DecryptionCredential]
  if (list.length === 0) throw invalid('expected at least one identity')
  return list.map(resolve)
}

/** The PBKDF2 budget of a call: a positive integer, never silently disabled. */
export function pbkdf2Budget(value: number | undefined): number {
  if (value === undefined) return MAX_PBKDF2_ITERATIONS
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw invalid(`expected maxPbkdf2Iterations as a positive integer, got ${String(value)}`)
  return value
}
