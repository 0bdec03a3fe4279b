// Writing RFC 5652 §6 EnvelopedData and RFC 5083 AuthEnvelopedData. The content is placed into
// the output once (DerTree), so a 100 MiB message is not copied level by level.
import type { AlgorithmIdentifier } from '@siegel/pki'
import { concatBytes } from './bytes.js'
import { encodePieces, node, oid, setOf, smallInteger, TAG, tlv, type DerTree } from './der.js'
import { ENVELOPED_OID, type KekRecipient } from './enveloped-data.js'
import { encodeKemRecipient, type KemRecipientFields } from './kem-recipient.js'
import { CMS_OID } from './oids.js'
import type { PasswordWrappedKey } from './password-recipient.js'
import { encodeAlgorithm } from './signed-data.js'

/** How a RecipientInfo names its recipient. */
export type RecipientIdSpec =
  | { kind: 'issuerAndSerialNumber'; issuerDer: Uint8Array; serialNumber: Uint8Array }
  | { kind: 'subjectKeyIdentifier'; keyIdentifier: Uint8Array }

export type RecipientInfoSpec =
  | {
      type: 'keyTransport'
      rid: RecipientIdSpec
      keyEncryptionAlgorithm: AlgorithmIdentifier
      encryptedKey: Uint8Array
    }
  | {
      type: 'keyAgreement'
      rid: RecipientIdSpec
      /** DER of the [1] OriginatorPublicKey. */
      originatorKey: Uint8Array
      keyEncryptionAlgorithm: AlgorithmIdentifier
      encryptedKey: Uint8Array
    }
  | KekRecipient
  | ({ type: 'kem'; rid: RecipientIdSpec } & KemRecipientFields)
  | ({ type: 'password' } & PasswordWrappedKey)

function issuerAndSerial(rid: { issuerDer: Uint8Array; serialNumber: Uint8Array }): Uint8Array {
  return tlv(TAG.sequence, rid.issuerDer, tlv(TAG.integer, rid.serialNumber))
}

/** DER of one RecipientInfo (RFC 5652 §6.2.1 ktri, §6.2.2 kari, §6.2.3 kekri, §6.2.4 pwri). */
export function encodeRecipientInfo(spec: RecipientInfoSpec): Uint8Array {
  if (spec.type === 'kek')
    return tlv(
      0xa2,
      smallInteger(4),
      tlv(TAG.sequence, tlv(TAG.octetString, spec.keyIdentifier)),
      encodeAlgorithm(spec.keyEncryptionAlgorithm),
      tlv(TAG.octetString, spec.encryptedKey),
    )
  if (spec.type === 'password') {
    // keyDerivationAlgorithm [0] IMPLICIT: the AlgorithmIdentifier with a context tag.
    const derivation = encodeAlgorithm(spec.keyDerivationAlgorithm)
    derivation[0] = TAG.context0
    return tlv(
      0xa3,
      smallInteger(0),
      derivation,
      encodeAlgorithm(spec.keyEncryptionAlgorithm),
      tlv(TAG.octetString, spec.encryptedKey),
    )
  }
  const bySki = spec.rid.kind === 'subjectKeyIdentifier'
  if (spec.type === 'keyTransport' || spec.type === 'kem') {
    // RecipientIdentifier: issuerAndSerialNumber, or subjectKeyIdentifier [0] IMPLICIT.
    const rid =
      spec.rid.kind === 'subjectKeyIdentifier'
        ? tlv(0x80, spec.rid.keyIdentifier)
        : issuerAndSerial(spec.rid)
    if (spec.type === 'kem') return encodeKemRecipient(rid, spec)
    // Version 0 with issuerAndSerialNumber, 2 with subjectKeyIdentifier.
    return tlv(
      TAG.sequence,
      smallInteger(bySki ? 2 : 0),
      rid,
      encodeAlgorithm(spec.keyEncryptionAlgorithm),
      tlv(TAG.octetString, spec.encryptedKey),
    )
  }
  // KeyAgreeRecipientIdentifier: rKeyId [0] IMPLICIT RecipientKeyIdentifier { SKI }.
  const rid =
    spec.rid.kind === 'subjectKeyIdentifier'
      ? tlv(TAG.context0, tlv(TAG.octetString, spec.rid.keyIdentifier))
      : issuerAndSerial(spec.rid)
  return tlv(
    0xa1,
    smallInteger(3),
    tlv(TAG.context0, spec.originatorKey),
    encodeAlgorithm(spec.keyEncryptionAlgorithm),
    tlv(TAG.sequence, tlv(TAG.sequence, rid, tlv(TAG.octetString, spec.encryptedKey))),
  )
}

/**
 * The DER of an envelope whose ciphertext is still to come: every byte but the ciphertext's
 * `contentLength`, which belong at `contentOffset`. For AuthEnvelopedData the mac ends the
 * frame (RFC 5083 §2.1: no unauthAttrs are written), so a tag known only after the encryption
 * is written into the last `mac.length` bytes.
 */
export function encodeEnvelopeFrame(options: EnvelopeSpec & { contentLength: number }): {
  frame: Uint8Array
  contentOffset: number
} {
  // A [0] node with the ciphertext's length and no children: its header, then what follows.
  const hollow: DerTree = { tag: 0x80, children: [], length: options.contentLength }
  const pieces = encodePieces(envelopeTree(options, hollow))
  const frame = pieces.length === 1 ? pieces[0]! : concatBytes(pieces)
  const after = options.mac ? 2 + options.mac.length : 0
  return { frame, contentOffset: frame.length - after }
}

interface EnvelopeSpec {
  recipients: readonly RecipientInfoSpec[]
  contentEncryptionAlgorithm: AlgorithmIdentifier
  mac?: Uint8Array
}

/** ContentInfo of EnvelopedData (no mac) or AuthEnvelopedData (with the mac). */
function envelopeTree(options: EnvelopeSpec, encryptedContent: DerTree): DerTree {
  const recipientInfos = setOf(options.recipients.map(encodeRecipientInfo))
  const encryptedContentInfo = node(
    TAG.sequence,
    oid(CMS_OID.data),
    encodeAlgorithm(options.contentEncryptionAlgorithm),
    encryptedContent,
  )
  if (options.mac) {
    // RFC 5083 §2.1: AuthEnvelopedData version is always 0.
    const fields = node(
      TAG.sequence,
      smallInteger(0),
      recipientInfos,
      encryptedContentInfo,
      tlv(TAG.octetString, options.mac),
    )
    return node(TAG.sequence, oid(ENVELOPED_OID.authEnvelopedData), node(TAG.context0, fields))
  }
  const fields = node(
    TAG.sequence,
    smallInteger(envelopedDataVersion(options.recipients)),
    recipientInfos,
    encryptedContentInfo,
  )
  return node(TAG.sequence, oid(ENVELOPED_OID.envelopedData), node(TAG.context0, fields))
}

/**
 * RFC 5652 §6.1: version 3 with a pwri or ori (RFC 9629 §3: a KEMRecipientInfo is an ori), else
 * 0 when every RecipientInfo is version 0, else 2.
 */
export function envelopedDataVersion(recipients: readonly RecipientInfoSpec[]): number {
  const allVersion0 = recipients.every(
    (r) => r.type === 'keyTransport' && r.rid.kind === 'issuerAndSerialNumber',
  )
  const withPwriOrOri = recipients.some((r) => r.type === 'password' || r.type === 'kem')
  return withPwriOrOri ? 3 : allVersion0 ? 0 : 2
}
