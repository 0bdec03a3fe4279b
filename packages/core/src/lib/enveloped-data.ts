// RFC 5652 §6 EnvelopedData and RFC 5083 AuthEnvelopedData, read with the small DER module so
// that encrypted content of any size (and BER with constructed OCTET STRINGs) passes through.
import type { AlgorithmIdentifier } from '@siegel/pki'
import { checkLimit, type CmsLimits } from '../cms/limits.js'
import { SmimeError } from '../errors.js'
import { toHex } from './bytes.js'
import {
  childrenOf,
  expectTag,
  octetStringContent,
  readOid,
  readRoot,
  TAG,
  tlvBytes,
  type DerNode,
} from './der.js'
import { decodeOtherRecipient, type KemRecipient } from './kem-recipient.js'
import { decodeAlgorithm } from './signed-data.js'

export const ENVELOPED_OID = {
  envelopedData: '1.2.840.113549.1.7.3',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',
} as const

/** How a recipient is named: by issuer and serial number, or by subject key identifier. */
export type RecipientIdentifier =
  | { kind: 'issuerAndSerialNumber'; issuerDer: Uint8Array; serialNumber: string }
  | { kind: 'subjectKeyIdentifier'; keyIdentifier: Uint8Array }

/** A KEKRecipientInfo, as read and as written. */
export interface KekRecipient {
  type: 'kek'
  /** kekid.keyIdentifier: names the key-encryption key both sides hold. */
  keyIdentifier: Uint8Array
  keyEncryptionAlgorithm: AlgorithmIdentifier
  encryptedKey: Uint8Array
}

export type DecodedRecipient =
  | {
      type: 'keyTransport'
      rid: RecipientIdentifier
      keyEncryptionAlgorithm: AlgorithmIdentifier
      encryptedKey: Uint8Array
    }
  | {
      type: 'keyAgreement'
      rid: RecipientIdentifier
      /** The originator's public key: its algorithm and the BIT STRING's key bytes. */
      originatorKey: { algorithm: AlgorithmIdentifier; publicKey: Uint8Array } | undefined
      ukm: Uint8Array | undefined
      keyEncryptionAlgorithm: AlgorithmIdentifier
      encryptedKey: Uint8Array
    }
  | KekRecipient
  | KemRecipient
  | {
      type: 'password'
      /** Absent when the KEK was derived by other means (RFC 3211 §2.2). */
      keyDerivationAlgorithm: AlgorithmIdentifier | undefined
      keyEncryptionAlgorithm: AlgorithmIdentifier
      encryptedKey: Uint8Array
    }
  | { type: 'other'; tag: number }

export interface DecodedEnvelope {
  kind: 'enveloped' | 'authEnveloped'
  recipients: DecodedRecipient[]
  contentType: string
  contentEncryptionAlgorithm: AlgorithmIdentifier
  encryptedContent: Uint8Array
  /** AuthEnvelopedData: DER of authAttrs as SET OF (RFC 5083 §2.2: the AAD). */
  authenticatedAttributes?: Uint8Array
  /** AuthEnvelopedData: the message authentication code (the GCM tag), a copy. */
  mac?: Uint8Array
  /** True when the tag's TLV follows a primitive encrypted content in the same buffer. */
  tagFollows?: boolean
}

function malformed(message: string): SmimeError {
  return new SmimeError('ERR_SMIME_MALFORMED_CMS', message)
}

/** The contentType OID of a ContentInfo, or undefined if the bytes are not one. */
export function contentInfoType(der: Uint8Array): string | undefined {
  try {
    const root = readRoot(der)
    const first = root.tag === TAG.sequence ? childrenOf(der, root)[0] : undefined
    return first?.tag === TAG.oid ? readOid(der, first) : undefined
  } catch {
    return undefined // not CMS at all; the caller reports what it expected
  }
}

/**
 * Decodes a BER/DER ContentInfo holding EnvelopedData or AuthEnvelopedData; the RecipientInfos
 * are counted against `limits` before any is decoded.
 */
export function decodeEnvelope(bytes: Uint8Array, limits: CmsLimits): DecodedEnvelope {
  const contentInfo = childrenOf(bytes, expectTag(readRoot(bytes), TAG.sequence, 'ContentInfo'))
  const contentType = readOid(bytes, expectTag(contentInfo[0], TAG.oid, 'contentType'))
  const kind =
    contentType === ENVELOPED_OID.envelopedData
      ? 'enveloped'
      : contentType === ENVELOPED_OID.authEnvelopedData
        ? 'authEnveloped'
        : undefined
  if (!kind)
    throw malformed(`expected EnvelopedData or AuthEnvelopedData, got content type ${contentType}`)
  const wrapper = childrenOf(bytes, expectTag(contentInfo[1], TAG.context0, '[0] content'))
  const fields = childrenOf(bytes, expectTag(wrapper[0], TAG.sequence, 'EnvelopedData'))
  expectTag(fields[0], TAG.integer, 'version')
  let i = 1
  if (fields[i]?.tag === TAG.context0) i++ // originatorInfo: certificates we do not need
  const recipientSet = expectTag(fields[i++], TAG.set, 'recipientInfos')
  const recipientNodes = childrenOf(bytes, recipientSet)
  checkLimit(limits, 'maxRecipientInfos', recipientNodes.length, 'RecipientInfos in the envelope')
  const recipients = recipientNodes.flatMap((n) => decodeRecipient(bytes, n))
  if (recipients.length === 0) throw malformed('the message has no recipientInfos')
  const eci = childrenOf(bytes, expectTag(fields[i++], TAG.sequence, 'EncryptedContentInfo'))
  const innerType = readOid(bytes, expectTag(eci[0], TAG.oid, 'content type'))
  const algorithm = decodeAlgorithm(bytes, eci[1])
  const content = eci[2]
  // [0] IMPLICIT OCTET STRING: primitive 0x80, or constructed 0xa0 in BER.
  if (!content || (content.tag & 0xdf) !== 0x80)
    throw malformed('the encrypted content is missing (detached content is not supported)')
  const encryptedContent = octetStringContent(bytes, content)
  const envelope: DecodedEnvelope = {
    kind,
    recipients,
    contentType: innerType,
    contentEncryptionAlgorithm: algorithm,
    encryptedContent,
  }
  if (kind === 'authEnveloped') {
    if (fields[i]?.tag === TAG.context1) {
      // A copy: tagInPlace may overwrite these bytes.
      const der = tlvBytes(bytes, fields[i++]!).slice()
      der[0] = TAG.set // RFC 5083 §2.2: the AAD is the DER of authAttrs with the SET OF tag.
      envelope.authenticatedAttributes = der
    }
    const mac = fields[i]
    if (!mac || (mac.tag & 0xdf) !== TAG.octetString) throw malformed('the mac is missing')
    envelope.mac = octetStringContent(bytes, mac).slice()
    envelope.tagFollows = content.tag === 0x80 && mac.tag === TAG.octetString
  }
  return envelope
}

function decodeRid(bytes: Uint8Array, node: DerNode | undefined): RecipientIdentifier {
  if (node?.tag === TAG.sequence) {
    const [issuer, serial] = childrenOf(bytes, node)
    expectTag(issuer, TAG.sequence, 'issuer Name')
    expectTag(serial, TAG.integer, 'serialNumber')
    return {
      kind: 'issuerAndSerialNumber',
      issuerDer: tlvBytes(bytes, issuer!),
      serialNumber: toHex(bytes.subarray(serial!.contentStart, serial!.contentEnd)),
    }
  }
  if (node?.tag === 0x80)
    return {
      kind: 'subjectKeyIdentifier',
      keyIdentifier: bytes.subarray(node.contentStart, node.contentEnd),
    }
  // KeyAgreeRecipientIdentifier rKeyId [0] IMPLICIT RecipientKeyIdentifier { SKI, date?, other? }
  if (node?.tag === TAG.context0) {
    const ski = expectTag(childrenOf(bytes, node)[0], TAG.octetString, 'subjectKeyIdentifier')
    return {
      kind: 'subjectKeyIdentifier',
      keyIdentifier: bytes.subarray(ski.contentStart, ski.contentEnd),
    }
  }
  throw malformed('unreadable recipient identifier')
}

function decodeRecipient(bytes: Uint8Array, node: DerNode): DecodedRecipient[] {
  if (node.tag === TAG.sequence) {
    // KeyTransRecipientInfo (RFC 5652 §6.2.1)
    const f = childrenOf(bytes, node)
    expectTag(f[0], TAG.integer, 'KeyTransRecipientInfo version')
    const encryptedKey = expectTag(f[3], TAG.octetString, 'encryptedKey')
    return [
      {
        type: 'keyTransport',
        rid: decodeRid(bytes, f[1]),
        keyEncryptionAlgorithm: decodeAlgorithm(bytes, f[2]),
        encryptedKey: bytes.subarray(encryptedKey.contentStart, encryptedKey.contentEnd),
      },
    ]
  }
  if (node.tag === 0xa2) return [decodeKekRecipient(bytes, node)]
  if (node.tag === 0xa3) return [decodePasswordRecipient(bytes, node)]
  // ori [4]: a KEMRecipientInfo (RFC 9629); other ori types and anything newer are listed,
  // never matched to an identity.
  if (node.tag === 0xa4) return [decodeOtherRecipient(bytes, node, decodeRid)]
  if (node.tag !== 0xa1) return [{ type: 'other', tag: node.tag }]
  // KeyAgreeRecipientInfo [1] IMPLICIT (RFC 5652 §6.2.2)
  const f = childrenOf(bytes, node)
  expectTag(f[0], TAG.integer, 'KeyAgreeRecipientInfo version')
  const originator = childrenOf(bytes, expectTag(f[1], TAG.context0, 'originator'))[0]
  let originatorKey: { algorithm: AlgorithmIdentifier; publicKey: Uint8Array } | undefined
  if (originator?.tag === TAG.context1) {
    const [algorithm, key] = childrenOf(bytes, originator)
    const bits = expectTag(key, TAG.bitString, 'originator publicKey')
    originatorKey = {
      algorithm: decodeAlgorithm(bytes, algorithm),
      publicKey: bytes.subarray(bits.contentStart + 1, bits.contentEnd),
    }
  }
  let i = 2
  let ukm: Uint8Array | undefined
  if (f[i]?.tag === TAG.context1) {
    const octets = expectTag(childrenOf(bytes, f[i++]!)[0], TAG.octetString, 'ukm')
    ukm = bytes.subarray(octets.contentStart, octets.contentEnd)
  }
  const keyEncryptionAlgorithm = decodeAlgorithm(bytes, f[i++])
  const keys = childrenOf(bytes, expectTag(f[i], TAG.sequence, 'recipientEncryptedKeys'))
  if (keys.length === 0) throw malformed('a KeyAgreeRecipientInfo without recipientEncryptedKeys')
  // Each RecipientEncryptedKey becomes one recipient; they share the originator key and ukm.
  return keys.map((key) => {
    const [rid, encrypted] = childrenOf(
      bytes,
      expectTag(key, TAG.sequence, 'RecipientEncryptedKey'),
    )
    const encryptedKey = expectTag(encrypted, TAG.octetString, 'encryptedKey')
    return {
      type: 'keyAgreement' as const,
      rid: decodeRid(bytes, rid),
      originatorKey,
      ukm,
      keyEncryptionAlgorithm,
      encryptedKey: bytes.subarray(encryptedKey.contentStart, encryptedKey.contentEnd),
    }
  })
}

function octets(bytes: Uint8Array, node: DerNode | undefined, what: string): Uint8Array {
  const found = expectTag(node, TAG.octetString, what)
  return bytes.subarray(found.contentStart, found.contentEnd)
}

// KEKRecipientInfo [2] IMPLICIT (RFC 5652 §6.2.3): version 4, kekid { keyIdentifier, date?,
// other? }, keyEncryptionAlgorithm, encryptedKey. Only the key identifier names the key.
function decodeKekRecipient(bytes: Uint8Array, node: DerNode): DecodedRecipient {
  const f = childrenOf(bytes, node)
  expectTag(f[0], TAG.integer, 'KEKRecipientInfo version')
  const kekid = childrenOf(bytes, expectTag(f[1], TAG.sequence, 'KEKIdentifier'))
  return {
    type: 'kek',
    keyIdentifier: octets(bytes, kekid[0], 'keyIdentifier'),
    keyEncryptionAlgorithm: decodeAlgorithm(bytes, f[2]),
    encryptedKey: octets(bytes, f[3], 'encryptedKey'),
  }
}

// PasswordRecipientInfo [3] IMPLICIT (RFC 5652 §6.2.4, RFC 3211 §2.2): version 0,
// keyDerivationAlgorithm [0] IMPLICIT OPTIONAL, keyEncryptionAlgorithm, encryptedKey.
function decodePasswordRecipient(bytes: Uint8Array, node: DerNode): DecodedRecipient {
  const f = childrenOf(bytes, node)
  expectTag(f[0], TAG.integer, 'PasswordRecipientInfo version')
  let i = 1
  const keyDerivationAlgorithm =
    f[i]?.tag === TAG.context0 ? decodeAlgorithm(bytes, f[i++], TAG.context0) : undefined
  return {
    type: 'password',
    keyDerivationAlgorithm,
    keyEncryptionAlgorithm: decodeAlgorithm(bytes, f[i++]),
    encryptedKey: octets(bytes, f[i], 'encryptedKey'),
  }
}

/**
 * The AEAD input ciphertext ‖ tag without copying the ciphertext: the tag is written over the
 * bytes right after the ciphertext (the authAttrs, copied out already, and the tag's own
 * OCTET STRING). Only for CMS bytes that nobody reads again; undefined for BER content.
 */
export function tagInPlace(envelope: DecodedEnvelope): Uint8Array | undefined {
  const { encryptedContent: ciphertext, mac } = envelope
  if (!mac || !envelope.tagFollows) return undefined
  const sealed = new Uint8Array(
    ciphertext.buffer,
    ciphertext.byteOffset,
    ciphertext.length + mac.length,
  )
  sealed.set(mac, ciphertext.length)
  return sealed
}
