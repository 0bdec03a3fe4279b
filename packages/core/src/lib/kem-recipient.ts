// KEMRecipientInfo (RFC 9629) for ML-KEM (RFC 9936): the sender encapsulates a shared secret to
// the recipient's ML-KEM key, derives a key-encryption key from it with HKDF, and wraps the
// content key with AES-KW. It travels as OtherRecipientInfo [4] with oriType id-ori-kem.
import {
  decapsulateKey,
  encapsulateKey,
  type AlgorithmIdentifier,
  type DigestName,
  type PrivateKey,
} from '@siegel/pki'
import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import { childrenOf, expectTag, oid, readOid, smallInteger, TAG, tlv, type DerNode } from './der.js'
import type { RecipientIdentifier } from './enveloped-data.js'
import { deriveKek } from './key-agreement.js'
import { AES_WRAP_BYTES, AES_WRAP_OID, aesWrap, unwrapWithKek } from './key-wrap.js'
import { ALGORITHM_OID } from './oids.js'
import { decodeAlgorithm, encodeAlgorithm } from './signed-data.js'

/** RFC 9629 §3: the oriType of a KEMRecipientInfo. */
export const ORI_KEM_OID = '1.2.840.113549.1.9.16.13.3'

interface KemParameters {
  /** The PrivateKeyType / public key type of @siegel/pki. */
  name: 'ML-KEM-512' | 'ML-KEM-768' | 'ML-KEM-1024'
  ciphertextBytes: number
  /** RFC 9936 §2.1: the AES key wrap every implementation of this parameter set has. */
  wrap: string
}

// RFC 9936 §3 (id-alg-ml-kem-*), FIPS 203 §8 Table 3 (ciphertext sizes).
export const KEMS: Readonly<Record<string, KemParameters>> = {
  [ALGORITHM_OID.mlKem512]: {
    name: 'ML-KEM-512',
    ciphertextBytes: 768,
    wrap: AES_WRAP_OID.aes128Wrap,
  },
  [ALGORITHM_OID.mlKem768]: {
    name: 'ML-KEM-768',
    ciphertextBytes: 1088,
    wrap: AES_WRAP_OID.aes256Wrap,
  },
  [ALGORITHM_OID.mlKem1024]: {
    name: 'ML-KEM-1024',
    ciphertextBytes: 1568,
    wrap: AES_WRAP_OID.aes256Wrap,
  },
}

type Kdf = { kdf: 'hkdf'; hash: DigestName } | { kdf: 'kmac'; bits: 128 | 256 }

// RFC 8619 §2: id-alg-hkdf-with-sha256/384/512, parameters absent. SHA-256 is the MUST of
// RFC 9936 §2.1 and what Siegel writes; the others and KMAC (RFC 9688: id-kmac128/256) are
// read.
const HKDF_SHA256 = '1.2.840.113549.1.9.16.3.28'
const KDFS: Readonly<Record<string, Kdf>> = {
  [HKDF_SHA256]: { kdf: 'hkdf', hash: 'SHA-256' },
  '1.2.840.113549.1.9.16.3.29': { kdf: 'hkdf', hash: 'SHA-384' },
  '1.2.840.113549.1.9.16.3.30': { kdf: 'hkdf', hash: 'SHA-512' },
  '2.16.840.1.101.3.4.2.21': { kdf: 'kmac', bits: 128 },
  '2.16.840.1.101.3.4.2.22': { kdf: 'kmac', bits: 256 },
}

/**
 * The key-encryption key (RFC 9629 §5): HKDF with an empty salt, or KMAC (SP 800-185 §4) keyed
 * with the shared secret over the same info, L = kekLength octets and an empty customization
 * string, as the other KEMRecipientInfo implementations do. KMAC is loaded on first use.
 */
async function deriveKemKek(
  kdf: Kdf,
  secret: Uint8Array,
  info: Uint8Array,
  kekBytes: number,
  crypto: Crypto | undefined,
): Promise<Uint8Array> {
  if (kdf.kdf === 'hkdf') return deriveKek(kdf, secret, info, kekBytes, crypto)
  const { kmac128, kmac256 } = await import('@noble/hashes/sha3-addons.js')
  return (kdf.bits === 128 ? kmac128 : kmac256)(secret, info, { dkLen: kekBytes })
}

/** A KEMRecipientInfo as read (RFC 9629 §3). */
export interface KemRecipient {
  type: 'kem'
  rid: RecipientIdentifier
  kem: AlgorithmIdentifier
  /** kemct: the KEM ciphertext for this recipient. */
  kemCiphertext: Uint8Array
  kdf: AlgorithmIdentifier
  /** The size of the key-encryption key in octets. */
  kekLength: number
  ukm: Uint8Array | undefined
  /** `wrap`: the key-encryption algorithm that wrapped the content key. */
  keyEncryptionAlgorithm: AlgorithmIdentifier
  encryptedKey: Uint8Array
}

/** The fields of a KEMRecipientInfo that {@link encapsulateFor} makes (all but the rid). */
export type KemRecipientFields = Omit<KemRecipient, 'type' | 'rid' | 'ukm'>

function malformed(message: string): SmimeError {
  return new SmimeError('ERR_SMIME_MALFORMED_CMS', message)
}

function octets(bytes: Uint8Array, node: DerNode | undefined, what: string): Uint8Array {
  const found = expectTag(node, TAG.octetString, what)
  return bytes.subarray(found.contentStart, found.contentEnd)
}

/** kekLength INTEGER (1..65535) (RFC 9629 §3). */
function kekLengthOf(bytes: Uint8Array, node: DerNode | undefined): number {
  const found = expectTag(node, TAG.integer, 'kekLength')
  const content = bytes.subarray(found.contentStart, found.contentEnd)
  const value = content.length > 0 && content.length <= 3 && content[0]! < 0x80
  const n = value ? content.reduce((sum, b) => sum * 256 + b, 0) : 0
  if (n < 1 || n > 65535) throw malformed('kekLength must be 1…65535')
  return n
}

/**
 * Reads an OtherRecipientInfo [4] (RFC 5652 §6.2.5); a KEMRecipientInfo when its oriType is
 * id-ori-kem, otherwise an entry that is listed but never opened.
 */
export function decodeOtherRecipient(
  bytes: Uint8Array,
  node: DerNode,
  decodeRid: (bytes: Uint8Array, node: DerNode | undefined) => RecipientIdentifier,
): KemRecipient | { type: 'other'; tag: number } {
  const [oriType, oriValue] = childrenOf(bytes, node)
  if (readOid(bytes, expectTag(oriType, TAG.oid, 'oriType')) !== ORI_KEM_OID)
    return { type: 'other', tag: node.tag }
  const f = childrenOf(bytes, expectTag(oriValue, TAG.sequence, 'KEMRecipientInfo'))
  const version = expectTag(f[0], TAG.integer, 'KEMRecipientInfo version')
  // RFC 9629 §3: version is always 0.
  if (version.contentEnd - version.contentStart !== 1 || bytes[version.contentStart] !== 0)
    throw malformed('a KEMRecipientInfo of a version other than 0')
  let i = 6
  const ukm =
    f[i]?.tag === TAG.context0 ? octets(bytes, childrenOf(bytes, f[i++]!)[0], 'ukm') : undefined
  return {
    type: 'kem',
    rid: decodeRid(bytes, f[1]),
    kem: decodeAlgorithm(bytes, f[2]),
    kemCiphertext: octets(bytes, f[3], 'kemct'),
    kdf: decodeAlgorithm(bytes, f[4]),
    kekLength: kekLengthOf(bytes, f[5]),
    ukm,
    keyEncryptionAlgorithm: decodeAlgorithm(bytes, f[i++]),
    encryptedKey: octets(bytes, f[i], 'encryptedKey'),
  }
}

/** The name of a KEM OID, e.g. `ML-KEM-768`, or the OID itself. */
export function kemName(oid: string): string {
  return KEMS[oid]?.name ?? oid
}

/** RFC 9629 §5: CMSORIforKEMOtherInfo ::= SEQUENCE { wrap, kekLength, ukm [0] EXPLICIT OPTIONAL } */
function otherInfo(wrap: AlgorithmIdentifier, kekLength: number, ukm?: Uint8Array): Uint8Array {
  return tlv(
    TAG.sequence,
    encodeAlgorithm(wrap),
    smallInteger(kekLength),
    ...(ukm ? [tlv(TAG.context0, tlv(TAG.octetString, ukm))] : []),
  )
}

/**
 * Recovers the content key of a KEMRecipientInfo. Every algorithm and size is checked before
 * the decapsulation: an unknown KEM, KDF or wrap is unsupported (naming the OID); a ciphertext
 * or kekLength that does not fit its algorithm is malformed; a private key of another kind than
 * the entry's KEM is invalid input.
 */
export async function unwrapKemKey(
  privateKey: PrivateKey,
  recipient: KemRecipient,
  crypto?: Crypto,
): Promise<Uint8Array> {
  const kem = KEMS[recipient.kem.oid]
  if (!kem)
    throw new SmimeUnsupportedAlgorithmError(
      recipient.kem.oid,
      `unsupported KEM ${recipient.kem.oid}`,
    )
  const kdf = KDFS[recipient.kdf.oid]
  if (!kdf)
    throw new SmimeUnsupportedAlgorithmError(
      recipient.kdf.oid,
      `unsupported key derivation ${recipient.kdf.oid} in a KEMRecipientInfo`,
    )
  const wrap = recipient.keyEncryptionAlgorithm
  const kekBytes = AES_WRAP_BYTES[wrap.oid]
  if (!kekBytes)
    throw new SmimeUnsupportedAlgorithmError(wrap.oid, `unsupported key wrap ${wrap.oid}`)
  // RFC 9936 §2.2.1: L must be consistent with the key size of the key-encryption algorithm.
  if (recipient.kekLength !== kekBytes)
    throw malformed(`kekLength ${recipient.kekLength} does not fit the ${kekBytes}-byte key wrap`)
  if (recipient.kemCiphertext.length !== kem.ciphertextBytes)
    throw malformed(
      `expected a ${kem.ciphertextBytes}-byte ${kem.name} ciphertext, got ${recipient.kemCiphertext.length}`,
    )
  // The entry names this identity's certificate, but the key given with it is of another kind.
  if (privateKey.type !== kem.name)
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      `the entry is for an ${kem.name} key, the identity's key is ${privateKey.type}`,
    )
  const secret = await decapsulateKey(privateKey, recipient.kemCiphertext)
  const info = otherInfo(wrap, kekBytes, recipient.ukm)
  const kek = await deriveKemKek(kdf, secret, info, kekBytes, crypto)
  secret.fill(0)
  try {
    return await unwrapWithKek(kek, wrap, recipient.encryptedKey, crypto)
  } finally {
    kek.fill(0)
  }
}

/**
 * The KEMRecipientInfo fields for one ML-KEM public key (RFC 9936 §2.1): HKDF-SHA256, and
 * AES-128 key wrap for ML-KEM-512, AES-256 key wrap for ML-KEM-768 and -1024.
 */
export async function encapsulateFor(
  publicKeyInfo: Uint8Array,
  cek: Uint8Array,
  crypto?: Crypto,
): Promise<KemRecipientFields> {
  const { algorithm, ciphertext, sharedSecret } = await encapsulateKey(
    publicKeyInfo,
    crypto ? { crypto } : undefined,
  )
  const [kemOid, kem] = Object.entries(KEMS).find(([, k]) => k.name === algorithm)!
  const wrap = { oid: kem.wrap }
  const kekBytes = AES_WRAP_BYTES[kem.wrap]!
  const kek = await deriveKek(
    { kdf: 'hkdf', hash: 'SHA-256' },
    sharedSecret,
    otherInfo(wrap, kekBytes),
    kekBytes,
    crypto,
  )
  sharedSecret.fill(0)
  try {
    return {
      kem: { oid: kemOid },
      kemCiphertext: ciphertext,
      kdf: { oid: HKDF_SHA256 },
      kekLength: kekBytes,
      keyEncryptionAlgorithm: wrap,
      encryptedKey: await aesWrap(kek, cek),
    }
  } finally {
    kek.fill(0)
  }
}

/** DER of an OtherRecipientInfo [4] holding a KEMRecipientInfo (RFC 9629 §3), version 0. */
export function encodeKemRecipient(rid: Uint8Array, fields: KemRecipientFields): Uint8Array {
  return tlv(
    0xa4,
    oid(ORI_KEM_OID),
    tlv(
      TAG.sequence,
      smallInteger(0),
      rid,
      encodeAlgorithm(fields.kem),
      tlv(TAG.octetString, fields.kemCiphertext),
      encodeAlgorithm(fields.kdf),
      smallInteger(fields.kekLength),
      encodeAlgorithm(fields.keyEncryptionAlgorithm),
      tlv(TAG.octetString, fields.encryptedKey),
    ),
  )
}
