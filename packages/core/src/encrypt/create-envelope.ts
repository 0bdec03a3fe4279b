import { hexToBytes } from '../lib/hex.js'
import type { AlgorithmIdentifier } from '@siegel/pki'
import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import { ciphertextLength, encryptInChunks } from '../lib/chunked-cipher.js'
import { CONTENT_OID, contentCipher } from '../lib/content-cipher.js'
import { tlv, TAG } from '../lib/der.js'
import { encodeEnvelopeFrame, type RecipientInfoSpec } from '../lib/enveloped-data-writer.js'
import type { Progress } from '../lib/progress.js'
import { agreeKey } from '../lib/key-agreement.js'
import { encapsulateFor } from '../lib/kem-recipient.js'
import { AES_WRAP_OID, aesWrap } from '../lib/key-wrap.js'
import { wrapForPassword } from '../lib/password-recipient.js'
import { keyTransportAlgorithm, transportKey, type RsaPadding } from '../lib/key-transport.js'
import type { ContentEncryption, ResolvedRecipient } from './recipients.js'

const CONTENT: Readonly<Record<ContentEncryption, { oid: string; keyBytes: number }>> = {
  'AES-256-GCM': { oid: CONTENT_OID.aes256Gcm, keyBytes: 32 },
  'AES-128-GCM': { oid: CONTENT_OID.aes128Gcm, keyBytes: 16 },
  'AES-256-CBC': { oid: CONTENT_OID.aes256Cbc, keyBytes: 32 },
  'AES-192-CBC': { oid: CONTENT_OID.aes192Cbc, keyBytes: 24 },
  'AES-128-CBC': { oid: CONTENT_OID.aes128Cbc, keyBytes: 16 },
}

/** An envelope ready to be written: its DER length, known before any of it is encrypted. */
export interface PendingEnvelope {
  /** Bytes of the DER ContentInfo. */
  length: number
  /**
   * Hands the DER ContentInfo to `sink` in order, encrypting the content as it goes (phase
   * `encrypt`); the content key is erased when done.
   */
  write(sink: (bytes: Uint8Array) => void, progress: Progress): Promise<void>
}

/** The content cipher and how each recipient gets the content key. */
export interface EnvelopeChoice {
  contentEncryption: ContentEncryption
  rsaPadding: (r: ResolvedRecipient) => RsaPadding
  /** Shared keys and passwords to encrypt to as well. */
  symmetric?: readonly SymmetricRecipient[]
}

/**
 * Encrypts `content` (the concatenation of its pieces) under a content key already sealed for
 * every recipient ({@link sealContentKey}): AuthEnvelopedData for GCM (RFC 5083/5084),
 * EnvelopedData for CBC. The content is encrypted as the envelope is written, so its ciphertext
 * is never one buffer.
 */
export function createEnvelope(
  content: readonly Uint8Array[],
  { algorithm, cek, recipientInfos }: SealedContentKey,
  crypto?: Crypto,
): PendingEnvelope {
  const cipher = contentCipher(algorithm)
  let contentBytes = 0
  for (const piece of content) contentBytes += piece.length
  const contentLength = ciphertextLength(cipher, contentBytes)
  // The tag comes last and is known last: the frame holds room for it.
  const mac = cipher.tagBytes ? new Uint8Array(cipher.tagBytes) : undefined
  const { frame, contentOffset } = encodeEnvelopeFrame({
    recipients: recipientInfos,
    contentEncryptionAlgorithm: algorithm,
    contentLength,
    ...(mac ? { mac } : {}),
  })
  const write = async (sink: (bytes: Uint8Array) => void, progress: Progress): Promise<void> => {
    // The frame's start goes out with the first ciphertext, not before: where the runtime
    // encrypts in one piece, the caller's output is then allocated only once that piece and
    // the copy WebCrypto made of the content are done, never beside them.
    let written = -1
    const emit = (bytes: Uint8Array): void => {
      if (written < 0) sink(frame.subarray(0, contentOffset))
      written = Math.max(written, 0) + bytes.length
      sink(bytes)
    }
    try {
      const tag = await encryptInChunks(cipher, cek, content, emit, progress, crypto)
      // The DER lengths were written for this many bytes: anything else would be corrupt.
      if (written !== contentLength || (tag?.length ?? 0) !== (mac?.length ?? 0))
        throw new SmimeUnsupportedAlgorithmError(
          algorithm.oid,
          `${cipher.name} gave ${written} bytes of ciphertext, expected ${contentLength}`,
        )
      if (tag) frame.set(tag, frame.length - tag.length)
      sink(frame.subarray(contentOffset))
    } finally {
      cek.fill(0)
    }
  }
  return { length: frame.length + contentLength, write }
}

/** A fresh content key, its cipher and IV, and the key sealed for every recipient. */
export interface SealedContentKey {
  algorithm: AlgorithmIdentifier
  cek: Uint8Array
  recipientInfos: RecipientInfoSpec[]
}

/**
 * A fresh content key and IV for the chosen cipher, and the content key sealed for every
 * recipient, all recipients at once: their public-key operations run side by side where
 * WebCrypto has threads. The caller encrypts with `cek` and then zeroes it.
 */
export async function sealContentKey(
  recipients: readonly ResolvedRecipient[],
  choice: EnvelopeChoice,
  crypto?: Crypto,
): Promise<SealedContentKey> {
  const spec = CONTENT[choice.contentEncryption]
  if (!spec)
    throw new SmimeUnsupportedAlgorithmError(
      String(choice.contentEncryption),
      `cannot encrypt with ${String(choice.contentEncryption)}`,
    )
  const random = crypto ?? globalThis.crypto
  const gcm = choice.contentEncryption.endsWith('GCM')
  // RFC 5084 §3.2: a 12-byte nonce and a 16-byte tag; RFC 3565 §4.1: a 16-byte random IV.
  const iv = random.getRandomValues(new Uint8Array(gcm ? 12 : 16))
  const parameters = gcm
    ? tlv(TAG.sequence, tlv(TAG.octetString, iv), tlv(TAG.integer, Uint8Array.of(16)))
    : tlv(TAG.octetString, iv)
  const algorithm: AlgorithmIdentifier = { oid: spec.oid, parameters }
  const cek = random.getRandomValues(new Uint8Array(spec.keyBytes))
  try {
    const infos = await Promise.all([
      ...recipients.map((recipient) => recipientInfo(recipient, cek, choice, crypto)),
      ...(choice.symmetric ?? []).map((recipient) => symmetricInfo(recipient, cek, crypto)),
    ])
    return { algorithm, cek, recipientInfos: infos }
  } catch (error) {
    cek.fill(0)
    throw error
  }
}

async function recipientInfo(
  recipient: ResolvedRecipient,
  cek: Uint8Array,
  choice: { rsaPadding: (r: ResolvedRecipient) => RsaPadding },
  crypto: Crypto | undefined,
): Promise<RecipientInfoSpec> {
  const certificate = recipient.certificate
  const rid =
    recipient.identifyBy === 'subjectKeyIdentifier'
      ? { kind: 'subjectKeyIdentifier' as const, keyIdentifier: certificate.subjectKeyIdentifier! }
      : {
          kind: 'issuerAndSerialNumber' as const,
          issuerDer: certificate.issuerDer,
          serialNumber: hexToBytes(certificate.serialNumber),
        }
  const key = certificate.publicKey
  if (key.type === 'RSA') {
    const padding = choice.rsaPadding(recipient)
    return {
      type: 'keyTransport',
      rid,
      keyEncryptionAlgorithm: keyTransportAlgorithm(padding),
      encryptedKey: await transportKey(key.spki, padding, cek, crypto),
    }
  }
  if (key.type === 'EC' || key.type === 'X25519') {
    const agreed = await agreeKey(key, cek, crypto)
    return { type: 'keyAgreement', rid, ...agreed }
  }
  // RFC 9936 §2: an ML-KEM key gets a KEMRecipientInfo; ML-KEM is used for no other key.
  if (key.type.startsWith('ML-KEM-'))
    return { type: 'kem', rid, ...(await encapsulateFor(key.spki, cek, crypto)) }
  throw new SmimeError(
    'ERR_SMIME_UNSUITABLE_RECIPIENT',
    `${certificate.subject}: cannot encrypt to a ${key.type} key`,
  )
}

/** A recipient holding a shared key or a password; the password comes with its PBKDF2 count. */
export type SymmetricRecipient =
  | { kind: 'kek'; kek: Uint8Array; keyIdentifier: Uint8Array }
  | { kind: 'password'; password: Uint8Array; iterations: number }

const WRAP_FOR_KEK: Readonly<Record<number, string>> = {
  16: AES_WRAP_OID.aes128Wrap,
  24: AES_WRAP_OID.aes192Wrap,
  32: AES_WRAP_OID.aes256Wrap,
}

async function symmetricInfo(
  recipient: SymmetricRecipient,
  cek: Uint8Array,
  crypto: Crypto | undefined,
): Promise<RecipientInfoSpec> {
  if (recipient.kind === 'password')
    return {
      type: 'password',
      ...(await wrapForPassword(recipient.password, recipient.iterations, cek, crypto)),
    }
  // The AES key wrap of the KEK's size, as OpenSSL chooses it for -secretkey.
  return {
    type: 'kek',
    keyIdentifier: recipient.keyIdentifier,
    keyEncryptionAlgorithm: { oid: WRAP_FOR_KEK[recipient.kek.length]! },
    encryptedKey: await aesWrap(recipient.kek, cek),
  }
}
