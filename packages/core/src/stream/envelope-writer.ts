// EnvelopedData (RFC 5652 §6.1) and AuthEnvelopedData (RFC 5083 §2.1) in BER with indefinite
// lengths (X.690 §8.1.3.6), so the output can start before the content's length is known: the
// head is written first, then the ciphertext as one OCTET STRING segment per piece inside a
// constructed [0] encryptedContent (X.690 §8.7.3), then the tag and the end-of-contents octets.
// Everything but the lengths is DER, as encodeEnvelope writes it; OpenSSL's `cms -stream`
// writes the same shape.
import type { AlgorithmIdentifier } from '@siegel/pki'
import { concatBytes } from '../lib/bytes.js'
import { oid, setOf, smallInteger, TAG, tlv } from '../lib/der.js'
import {
  encodeRecipientInfo,
  envelopedDataVersion,
  type RecipientInfoSpec,
} from '../lib/enveloped-data-writer.js'
import { ENVELOPED_OID } from '../lib/enveloped-data.js'
import { CMS_OID } from '../lib/oids.js'
import { encodeAlgorithm } from '../lib/signed-data.js'

const INDEFINITE = 0x80
const END_OF_CONTENTS = Uint8Array.of(0, 0)

/** Everything before the first ciphertext segment. */
export function envelopeHead(options: {
  recipients: readonly RecipientInfoSpec[]
  contentEncryptionAlgorithm: AlgorithmIdentifier
  authenticated: boolean
}): Uint8Array {
  const type = options.authenticated ? ENVELOPED_OID.authEnvelopedData : ENVELOPED_OID.envelopedData
  // RFC 5083 §2.1: AuthEnvelopedData version is always 0.
  const version = options.authenticated ? 0 : envelopedDataVersion(options.recipients)
  return concatBytes([
    Uint8Array.of(TAG.sequence, INDEFINITE),
    oid(type),
    Uint8Array.of(TAG.context0, INDEFINITE, TAG.sequence, INDEFINITE),
    smallInteger(version),
    setOf(options.recipients.map(encodeRecipientInfo)),
    Uint8Array.of(TAG.sequence, INDEFINITE),
    oid(CMS_OID.data),
    encodeAlgorithm(options.contentEncryptionAlgorithm),
    // encryptedContent [0] IMPLICIT OCTET STRING, in its constructed form.
    Uint8Array.of(TAG.context0, INDEFINITE),
  ])
}

/** The DER header of one OCTET STRING segment of `length` bytes (its bytes follow it). */
export function segmentHeader(length: number): Uint8Array {
  return tlvHeader(TAG.octetString, length)
}

/** Everything after the last ciphertext segment: for AuthEnvelopedData the mac (the tag). */
export function envelopeTail(mac?: Uint8Array): Uint8Array {
  return concatBytes([
    END_OF_CONTENTS, // [0] encryptedContent
    END_OF_CONTENTS, // EncryptedContentInfo
    ...(mac ? [tlv(TAG.octetString, mac)] : []),
    END_OF_CONTENTS, // (Auth)EnvelopedData
    END_OF_CONTENTS, // [0] content
    END_OF_CONTENTS, // ContentInfo
  ])
}

function tlvHeader(tag: number, length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(tag, length)
  const bytes: number[] = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256)
  return Uint8Array.of(tag, 0x80 | bytes.length, ...bytes)
}
