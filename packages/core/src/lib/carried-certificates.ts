import { Certificate } from '@siegel/pki'
import type { SmimeErrorCode } from '../errors.js'
import { equalBytes, toHex } from './bytes.js'

// Correspondents send the same certificates (their own and their CAs') with every message.
// Parsing them again costs time, and so does checking again the signatures that link them,
// which @siegel/pki remembers per Certificate object. So the certificates read last are kept
// and found again by their exact DER bytes: the same bytes give the same (frozen) Certificate.
// Only parsed values are kept, never a verdict: the chain is validated afresh every time.
const MAX_REMEMBERED = 64
// Bucket: the length and the last bytes (inside the signature value), then a full comparison.
const REMEMBERED = new Map<string, Certificate>()

function readCertificate(der: Uint8Array): Certificate {
  const id = `${der.length}:${toHex(der.subarray(der.length - 16))}`
  const known = REMEMBERED.get(id)
  if (known && equalBytes(known.der, der)) {
    // Most recently used last, so the oldest is the first to go.
    REMEMBERED.delete(id)
    REMEMBERED.set(id, known)
    return known
  }
  const certificate = Certificate.from(der)
  REMEMBERED.delete(id)
  REMEMBERED.set(id, certificate)
  if (REMEMBERED.size > MAX_REMEMBERED) REMEMBERED.delete(REMEMBERED.keys().next().value!)
  return certificate
}

/** The certificates a CMS structure carried that could be read, and a problem per other one. */
export interface CarriedCertificates {
  certificates: Certificate[]
  problems: { code: SmimeErrorCode; message: string }[]
}

/**
 * Parses the certificates a SignedData carried. RFC 5652 §5.1 makes them a convenience for
 * path building: one that cannot be read is reported and skipped, so it cannot keep the others
 * (or the signature) from being checked.
 */
export function parseCarriedCertificates(ders: readonly Uint8Array[]): CarriedCertificates {
  const carried: CarriedCertificates = { certificates: [], problems: [] }
  ders.forEach((der, index) => {
    try {
      carried.certificates.push(readCertificate(der))
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause)
      carried.problems.push({
        code: 'ERR_SMIME_UNREADABLE_CERTIFICATE',
        message: `certificate ${index + 1} of ${ders.length} in the SignedData cannot be parsed and was skipped: ${reason}`,
      })
    }
  })
  return carried
}
