import { Certificate } from '../certificate/certificate.js'
import { SIGNED_PARTS } from '../certificate/signed-parts.js'
import { verifySignature } from '../algorithms/signature.js'
import { PkiError } from '../errors.js'
import { equalBytes } from '../lib/bytes.js'

/** Options of {@link trustAnchorWithFingerprint}. */
export interface TrustAnchorOptions {
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

// Certificates that look like administration roots but must never be S/MIME anchors:
// the TLS-interception proxy CA of the Bavarian authority network ("Bayern Web Gateway CA").
const REFUSED: Readonly<Record<string, string>> = {
  BDDFD1F49BB71B5EF209AA422138CE1BCED1314D47C86BA11718C200AD4A1077:
    'the TLS-interception proxy CA of the Bavarian authority network, not an S/MIME root',
}

/**
 * Accepts a root certificate that the user downloaded, **only** if its SHA-256 fingerprint is
 * the one the user expects (from the publisher's fingerprint page, a letter, a phone call).
 * There is no trust-on-first-use: without the right fingerprint nothing is trusted.
 *
 * Also checks that it is a CA certificate, and that a self-issued one is correctly
 * self-signed. Known look-alikes that must never be S/MIME anchors are refused.
 *
 * Reachable from `@siegel/pki`.
 * @param input - the certificate (DER, PEM or base64)
 * @param expectedSha256 - the fingerprint, hex with or without colons or spaces, any case
 * @param options - crypto implementation
 * @returns the certificate, to pass as one of `anchors`
 * @throws PkiError `ERR_PKI_FINGERPRINT_MISMATCH` if the fingerprint differs (the error
 *   carries both), `ERR_PKI_INVALID_INPUT` for a fingerprint that is not 64 hex digits,
 *   `ERR_PKI_NOT_A_CA`, `ERR_PKI_BAD_SIGNATURE` for a broken self-signature,
 *   `ERR_PKI_REFUSED_ANCHOR` for a known look-alike, and the errors of `Certificate.from`
 * @example
 * ```ts
 * const pca = await trustAnchorWithFingerprint(downloadedPem, 'AB:CD:…') // from BSI's page
 * ```
 */
export async function trustAnchorWithFingerprint(
  input: Uint8Array | string,
  expectedSha256: string,
  options?: TrustAnchorOptions,
): Promise<Certificate> {
  const expected =
    typeof expectedSha256 === 'string' ? expectedSha256.replace(/[\s:]/g, '').toUpperCase() : ''
  if (!/^[0-9A-F]{64}$/.test(expected))
    throw new PkiError('ERR_PKI_INVALID_INPUT', 'expected a SHA-256 fingerprint of 64 hex digits')
  const certificate = Certificate.from(input)
  const actual = (await certificate.fingerprint('SHA-256')).replace(/:/g, '')
  if (actual !== expected) throw new FingerprintMismatchError(expected, actual)
  const refused = REFUSED[actual]
  if (refused)
    throw new PkiError('ERR_PKI_REFUSED_ANCHOR', `"${certificate.subject}" is ${refused}`)
  if (!certificate.isCA)
    throw new PkiError('ERR_PKI_NOT_A_CA', `"${certificate.subject}" is not a CA certificate`)
  if (equalBytes(certificate.subjectDer, certificate.issuerDer)) {
    const signed = SIGNED_PARTS.get(certificate)!
    const check = await verifySignature(
      certificate,
      signed.tbs,
      signed.signature,
      signed.signatureAlgorithm,
      {
        ...(options?.crypto ? { crypto: options.crypto } : {}),
      },
    )
    if (!check.valid)
      throw new PkiError(check.code, `the self-signature does not verify: ${check.message}`)
  }
  return certificate
}

/**
 * The fingerprint of a certificate offered as trust anchor is not the expected one.
 *
 * Reachable from `@siegel/pki`.
 */
export class FingerprintMismatchError extends PkiError {
  /** The fingerprint the caller expected (upper-case hex, no colons). */
  readonly expected: string
  /** The certificate's actual fingerprint. */
  readonly actual: string

  constructor(expected: string, actual: string) {
    super(
      'ERR_PKI_FINGERPRINT_MISMATCH',
      `expected SHA-256 ${expected}, the certificate has ${actual}`,
    )
    this.expected = expected
    this.actual = actual
    this.name = 'FingerprintMismatchError'
  }
}
