import { Certificate } from '@siegel/pki'
import type { SmimeErrorCode } from '../errors.js'

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
      carried.certificates.push(Certificate.from(der))
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
