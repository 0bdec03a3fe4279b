import { Certificate } from '@siegel/pki'
import { SmimeError } from '../errors.js'

/** The certificates a CMS structure carried, parsed; an unreadable one makes the CMS malformed. */
export function parseCarriedCertificates(ders: readonly Uint8Array[]): Certificate[] {
  return ders.map((der) => {
    try {
      return Certificate.from(der)
    } catch (cause) {
      throw new SmimeError(
        'ERR_SMIME_MALFORMED_CMS',
        'the SignedData carries a certificate that cannot be parsed',
        { cause },
      )
    }
  })
}
