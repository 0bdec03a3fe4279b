import type { Certificate } from '../certificate/certificate.js'
import { equalBytes, fromHex } from '../lib/bytes.js'
import { der, DerReader } from '../lib/der.js'
import { hash } from '../lib/hash.js'

/** The CertID of RFC 6960 §4.1.1, with SHA-1 as every responder understands it. */
export interface CertId {
  issuerNameHash: Uint8Array
  issuerKeyHash: Uint8Array
  /** Lower-case hex of the serial's DER content bytes. */
  serialNumber: string
}

/** An OCSP request (DER) and what its response must echo. */
export interface OcspRequest {
  der: Uint8Array
  certId: CertId
  nonce: Uint8Array
}

const SHA1 = '1.3.14.3.2.26'
const NONCE = '1.3.6.1.5.5.7.48.1.2'
// RFC 5280 §4.1: what a CA signs is DER; a second encoding of the same value is refused.
const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'public key', {
  strict: true,
})

/** SHA-1 of the subjectPublicKey BIT STRING's value (RFC 6960 §4.1.1 issuerKeyHash). */
export function keyHash(cert: Certificate): Uint8Array {
  const [, bits] = reader.sequence(reader.one(cert.publicKey.spki), 'SubjectPublicKeyInfo')
  return hash('SHA-1').digest(bits!.content.subarray(1))
}

export function certIdOf(cert: Certificate, issuer: Certificate): CertId {
  return {
    issuerNameHash: hash('SHA-1').digest(issuer.subjectDer),
    issuerKeyHash: keyHash(issuer),
    serialNumber: cert.serialNumber,
  }
}

export function sameCertId(a: CertId, b: CertId): boolean {
  return (
    a.serialNumber === b.serialNumber &&
    equalBytes(a.issuerNameHash, b.issuerNameHash) &&
    equalBytes(a.issuerKeyHash, b.issuerKeyHash)
  )
}

/**
 * Builds an OCSP request for one certificate (RFC 6960 §4.1) with a random nonce
 * (RFC 8954: 32 bytes).
 *
 * Reachable from `@siegel/pki`.
 * @param cert - the certificate to ask about
 * @param issuer - its issuer
 * @param options - WebCrypto implementation for the nonce
 * @returns the DER request, its CertID and nonce
 * @example
 * ```ts
 * const { der } = createOcspRequest(cert, issuer)
 * ```
 */
export function createOcspRequest(
  cert: Certificate,
  issuer: Certificate,
  options?: { crypto?: Crypto },
): OcspRequest {
  const certId = certIdOf(cert, issuer)
  const nonce = (options?.crypto ?? globalThis.crypto).getRandomValues(new Uint8Array(32))
  const id = der.seq(
    der.seq(der.oid(SHA1), der.null()),
    der.octets(certId.issuerNameHash),
    der.octets(certId.issuerKeyHash),
    // The serial's content bytes are already a DER INTEGER's content.
    Uint8Array.from([0x02, ...lengthOf(certId.serialNumber), ...fromHex(certId.serialNumber)]),
  )
  const extensions = der.ctx(
    2,
    true,
    der.seq(der.seq(der.oid(NONCE), der.octets(der.octets(nonce)))),
  )
  return { der: der.seq(der.seq(der.seq(der.seq(id)), extensions)), certId, nonce }
}

function lengthOf(hex: string): number[] {
  const n = hex.length / 2
  return n < 0x80 ? [n] : [0x81, n]
}
