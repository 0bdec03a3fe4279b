import { encodeBase64 } from '@siegel/mime'
import type { Certificate } from '@siegel/pki'
import { SmimeError } from '../errors.js'
import { ascii, concatBytes } from '../lib/bytes.js'
import { encodeCertsOnly } from '../lib/signed-data.js'
import { toCertificate } from './signer.js'

/**
 * Builds a certs-only S/MIME entity (RFC 8551 §3.6): `application/pkcs7-mime;
 * smime-type=certs-only` named `smime.p7c`, holding certificates and nothing else — a way to
 * hand out one's certificate and chain without signing anything.
 *
 * Reachable from `@siegel/core`.
 * @param certificates - the certificates (usually one's own first, then the chain)
 * @returns the MIME entity (headers and base64 body), to send as a message body or attachment
 * @throws SmimeError `ERR_SMIME_INVALID_INPUT` without certificates; PkiError for an unreadable one
 * @example
 * ```ts
 * const entity = createCertificatesMessage([myCertificate, issuingCa])
 * ```
 */
export function createCertificatesMessage(
  certificates: readonly (Certificate | Uint8Array | string)[],
): Uint8Array {
  if (!Array.isArray(certificates) || certificates.length === 0) {
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected at least one certificate')
  }
  const der = encodeCertsOnly(certificates.map((c) => toCertificate(c).der))
  const head =
    'MIME-Version: 1.0\r\n' +
    'Content-Type: application/pkcs7-mime; smime-type=certs-only; name="smime.p7c"\r\n' +
    'Content-Transfer-Encoding: base64\r\n' +
    'Content-Disposition: attachment; filename="smime.p7c"\r\n\r\n'
  return concatBytes([ascii(head), encodeBase64(der)])
}
