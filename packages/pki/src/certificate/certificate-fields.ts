import type { AlgorithmIdentifier } from '../algorithms/signature.js'
import { copyBytes, toHex } from '../lib/bytes.js'
import { assertDer, DerReader, type Tlv } from '../lib/der.js'
import { readAlgorithmIdentifier, readSignatureBits } from '../lib/signed-fields.js'
import { readTime } from '../lib/x509-time.js'

/** The fields of an X.509 certificate (RFC 5280 §4.1), before any extension is interpreted. */
export interface CertificateFields {
  /** The exact DER of the TBSCertificate, which the issuer signed. */
  tbs: Uint8Array
  /** 1, 2 or 3. */
  version: number
  /** Lower-case hex of the serial INTEGER's content bytes, as encoded. */
  serialNumber: string
  issuer: Tlv
  subject: Tlv
  notBefore: Date
  notAfter: Date
  /** The exact DER of the SubjectPublicKeyInfo. */
  subjectPublicKeyInfo: Uint8Array
  /** The Extensions SEQUENCE inside [3], if present. */
  extensions: Tlv | undefined
  signatureAlgorithm: AlgorithmIdentifier
  /** The TBSCertificate's own `signature` field, which RFC 5280 §4.1.1.2 wants identical. */
  innerSignatureAlgorithm: AlgorithmIdentifier
  signature: Uint8Array
}

// RFC 5280 §4.1: what a CA signs is DER; a second encoding of the same value is refused.
const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'certificate', {
  strict: true,
})

/**
 * Reads the Certificate and TBSCertificate structure from DER. The TLVs returned alias `der`.
 *
 * @throws PkiError `ERR_PKI_MALFORMED_CERTIFICATE` for wrong tags, missing or extra fields,
 *   lengths beyond the input, bytes after the certificate, and encodings that are not DER
 *   (indefinite or non-minimal lengths, BOOLEANs other than 00/FF, non-minimal OIDs,
 *   constructed strings); `ERR_PKI_DER_TOO_DEEP` for nesting beyond 32 levels
 */
export function readCertificateFields(der: Uint8Array): CertificateFields {
  // Every constructed value, also those read only as raw bytes below (algorithm parameters,
  // the SubjectPublicKeyInfo, unknown extensions' structure), must be DER.
  assertDer(der, reader.context)
  const [tbs, signatureAlgorithm, signature, ...extra] = reader.sequence(
    reader.one(der),
    'Certificate',
  )
  if (extra.length > 0) reader.fail(`Certificate has ${extra.length} fields too many`)
  const fields = reader.sequence(tbs, 'TBSCertificate')
  let i = 0
  let version = 1
  if (reader.isContext(fields[0], 0)) {
    // version [0] EXPLICIT Version DEFAULT v1; RFC 5280 §4.1.2.1 knows v1 (0) to v3 (2).
    const [value, ...more] = reader.children(fields[i++]!)
    version = reader.smallInt(value, 'version') + 1
    if (more.length > 0 || version > 3) reader.fail(`expected version v1 to v3`)
  }
  const serialNumber = readSerial(fields[i++])
  const innerSignatureAlgorithm = readAlgorithmIdentifier(reader, fields[i++], 'signature')
  const issuer = readName(fields[i++], 'issuer')
  const validity = reader.sequence(fields[i++], 'Validity')
  if (validity.length !== 2) reader.fail('expected Validity { notBefore, notAfter }')
  const notBefore = readTime(reader, validity[0], 'notBefore')
  const notAfter = readTime(reader, validity[1], 'notAfter')
  const subject = readName(fields[i++], 'subject')
  const spki = fields[i++]
  reader.sequence(spki, 'SubjectPublicKeyInfo')
  // issuerUniqueID [1] and subjectUniqueID [2] (RFC 5280 §4.1.2.8) are not used.
  if (reader.isContext(fields[i], 1)) i++
  if (reader.isContext(fields[i], 2)) i++
  let extensions: Tlv | undefined
  if (reader.isContext(fields[i], 3)) {
    const [inner, ...more] = reader.children(fields[i++]!)
    if (!inner || more.length > 0) reader.fail('expected one Extensions SEQUENCE in [3]')
    extensions = inner
  }
  if (i < fields.length) reader.fail(`unexpected field ${i + 1} in TBSCertificate`)
  return {
    tbs: copyBytes(tbs!.raw),
    version,
    serialNumber,
    issuer,
    subject,
    notBefore,
    notAfter,
    subjectPublicKeyInfo: copyBytes(spki!.raw),
    extensions,
    signatureAlgorithm: readAlgorithmIdentifier(reader, signatureAlgorithm, 'signatureAlgorithm'),
    innerSignatureAlgorithm,
    signature: readSignatureBits(reader, signature),
  }
}

// Serial numbers are kept as encoded: RFC 5280 §4.1.2.2 wants positive minimal INTEGERs, but
// old CAs wrote negative ones and leading zero bytes, and the hex must match what they print.
function readSerial(tlv: Tlv | undefined): string {
  if (!tlv || tlv.cls !== 0 || tlv.tag !== 2 || tlv.constructed || tlv.content.length === 0)
    reader.fail('expected serialNumber (INTEGER)')
  return toHex(tlv.content)
}

function readName(tlv: Tlv | undefined, name: string): Tlv {
  if (!tlv || tlv.cls !== 0 || tlv.tag !== 0x10 || !tlv.constructed)
    reader.fail(`expected ${name} (Name)`)
  return tlv
}
