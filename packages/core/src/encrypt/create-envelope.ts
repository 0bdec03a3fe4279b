import { hexToBytes } from '../lib/hex.js'
import type { AlgorithmIdentifier } from '@siegel/pki'
import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import { CONTENT_OID, contentCipher, encryptContent } from '../lib/content-cipher.js'
import { tlv, TAG } from '../lib/der.js'
import { encodeEnvelope, type RecipientInfoSpec } from '../lib/enveloped-data-writer.js'
import { agreeKey } from '../lib/key-agreement.js'
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

/** The content cipher and how each recipient gets the content key. */
export interface EnvelopeChoice {
  contentEncryption: ContentEncryption
  rsaPadding: (r: ResolvedRecipient) => RsaPadding
  /** Shared keys and passwords to encrypt to as well. */
  symmetric?: readonly SymmetricRecipient[]
}

/**
 * Encrypts `content` for every recipient under one fresh content key: AuthEnvelopedData for
 * GCM (RFC 5083/5084), EnvelopedData for CBC. Returns the DER ContentInfo in pieces.
 */
export async function createEnvelope(
  content: Uint8Array,
  recipients: readonly ResolvedRecipient[],
  choice: EnvelopeChoice,
  crypto?: Crypto,
): Promise<Uint8Array[]> {
  const { algorithm, cek, recipientInfos } = await sealContentKey(recipients, choice, crypto)
  try {
    const { ciphertext, mac } = await encryptContent(contentCipher(algorithm), cek, content, crypto)
    return encodeEnvelope({
      recipients: recipientInfos,
      contentEncryptionAlgorithm: algorithm,
      encryptedContent: ciphertext,
      ...(mac ? { mac } : {}),
    })
  } finally {
    cek.fill(0)
  }
}

/**
 * A fresh content key and IV for the chosen cipher, and the content key sealed for every
 * recipient. The caller encrypts with `cek` and then zeroes it.
 */
export async function sealContentKey(
  recipients: readonly ResolvedRecipient[],
  choice: EnvelopeChoice,
  crypto?: Crypto,
): Promise<{
  algorithm: AlgorithmIdentifier
  cek: Uint8Array
  recipientInfos: RecipientInfoSpec[]
}> {
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
    const infos: RecipientInfoSpec[] = []
    for (const recipient of recipients)
      infos.push(await recipientInfo(recipient, cek, choice, crypto))
    for (const recipient of choice.symmetric ?? [])
      infos.push(await symmetricInfo(recipient, cek, crypto))
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
