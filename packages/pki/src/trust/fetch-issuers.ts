import type { Certificate } from '../certificate/certificate.js'
import { readCertificates } from '../certificate/read-certificates.js'
import { PkiError } from '../errors.js'
import type { RevocationCache, RevocationFetcher } from '../revocation/types.js'
import type { TrustFailure } from './reasons.js'

// A certificate names one or two caIssuers URLs; a chain needs a handful of fetches at most.
export const MAX_ISSUER_FETCHES = 8

/**
 * Makes the path builder's caIssuers hook: fetches the DER certificate or PKCS#7 bundle at each
 * HTTP caIssuers URL of a certificate (RFC 5280 §4.2.2.1), at most {@link MAX_ISSUER_FETCHES}
 * times per verification. Problems become hints, never exceptions.
 */
export function issuerFetcher(
  fetcher: RevocationFetcher,
  cache: RevocationCache | undefined,
  hint: (failure: TrustFailure) => void,
): (child: Certificate) => Promise<Certificate[]> {
  let left = MAX_ISSUER_FETCHES
  return async (child) => {
    const out: Certificate[] = []
    for (const url of child.authorityInfoAccess.caIssuers) {
      if (!/^https?:\/\//i.test(url) || left-- <= 0) continue
      try {
        let bytes = await cache?.get(`issuer ${url}`)
        if (!bytes) {
          bytes = await fetcher(url)
          if (bytes && cache) await cache.set(`issuer ${url}`, bytes)
        }
        if (bytes) out.push(...readCertificates(bytes))
      } catch (error) {
        hint({
          code: 'ERR_PKI_UNKNOWN_ISSUER',
          message: `caIssuers ${url}: ${error instanceof PkiError ? error.message : String(error)}`,
          certificate: child,
          data: { url, cause: error },
        })
      }
    }
    return out
  }
}
