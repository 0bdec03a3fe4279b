import { decodePem } from '../encoding/pem.js'
import { PkiError } from '../errors.js'
import { DerReader } from '../lib/der.js'
import { Certificate } from './certificate.js'

const SIGNED_DATA = '1.2.840.113549.1.7.2'
// A chain has a handful of certificates; a bundle of all of a CA's certificates a few hundred.
const MAX_CERTIFICATES = 1000
const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'certificate bundle')
const textDecoder = new TextDecoder()

/**
 * Reads every certificate of a bundle: PEM text with one or more `CERTIFICATE` blocks, a
 * PKCS#7 certs-only SignedData (`.p7b`/`.p7c`, RFC 5652 §5; DER or PEM `PKCS7`), or a single
 * certificate in DER, PEM or bare base64.
 *
 * Reachable from `@siegel/pki`.
 * @param input - the bundle as bytes or text
 * @returns the certificates in bundle order (never empty)
 * @throws PkiError `ERR_PKI_MALFORMED_CERTIFICATE` for bytes that hold no certificate,
 *   `ERR_PKI_INVALID_PEM` for PEM without a certificate or PKCS#7 block,
 *   `ERR_PKI_LIMIT_EXCEEDED` for more than 1000 certificates
 * @example
 * ```ts
 * const chain = readCertificates(p7bBytes)
 * ```
 */
export function readCertificates(input: Uint8Array | string): Certificate[] {
  if (typeof input !== 'string' && !(input instanceof Uint8Array))
    throw new PkiError('ERR_PKI_INVALID_INPUT', 'expected a bundle as Uint8Array or string')
  if (input instanceof Uint8Array && input[0] === 0x30) return fromDer(input)
  const text = typeof input === 'string' ? input : textDecoder.decode(input)
  if (!text.includes('-----BEGIN')) return [Certificate.from(text)]
  const out: Certificate[] = []
  for (const block of decodePem(text)) {
    if (['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'].includes(block.label))
      out.push(Certificate.from(block.der))
    else if (block.label === 'PKCS7' || block.label === 'CMS') out.push(...certsOnly(block.der))
    limit(out.length)
  }
  if (out.length === 0)
    throw new PkiError('ERR_PKI_INVALID_PEM', 'expected CERTIFICATE or PKCS7 blocks, found none')
  return out
}

function fromDer(der: Uint8Array): Certificate[] {
  const [first] = reader.sequence(reader.one(der), 'certificate or ContentInfo')
  // A ContentInfo starts with its content type OID; a Certificate with its TBSCertificate.
  return first?.tag === 6 ? certsOnly(der) : [Certificate.from(der)]
}

/** ContentInfo { signedData, [0] SignedData { ..., [0] IMPLICIT CertificateSet, ... } } */
function certsOnly(der: Uint8Array): Certificate[] {
  const [type, content] = reader.sequence(reader.one(der), 'ContentInfo')
  if (reader.oid(type, 'contentType') !== SIGNED_DATA) reader.fail('expected PKCS#7 SignedData')
  if (!reader.isContext(content, 0)) reader.fail('expected [0] content')
  const fields = reader.sequence(reader.children(content)[0], 'SignedData')
  const set = fields.find((f) => f.cls === 2 && f.tag === 0)
  const out: Certificate[] = []
  for (const choice of set ? reader.children(set) : []) {
    // CertificateChoices: only plain certificates (a SEQUENCE); attribute certificates and
    // other formats carry tags [1]..[3] and are not what a bundle is read for.
    if (choice.cls !== 0 || choice.tag !== 0x10) continue
    out.push(Certificate.from(choice.raw))
    limit(out.length)
  }
  if (out.length === 0) reader.fail('the PKCS#7 bundle holds no certificates')
  return out
}

function limit(count: number): void {
  if (count > MAX_CERTIFICATES)
    throw new PkiError('ERR_PKI_LIMIT_EXCEEDED', `more than ${MAX_CERTIFICATES} certificates`)
}
