import { Certificate } from '../certificate/certificate.js'
import { BAYERN_ROOT_CA_2019_BASE64, BAYERN_ROOT_CA_2019_SHA256 } from './bayern-root-ca-2019.js'

/** A trust anchor that ships with Siegel, with where it came from. */
export interface BundledAnchor {
  /** A stable identifier, e.g. `bayern-root-ca-2019`. */
  id: string
  /** The certificate. */
  certificate: Certificate
  /** Its SHA-256 fingerprint, upper-case hex with colons (as OpenSSL prints it). */
  sha256: string
  /** Who publishes it and where to check it. */
  provenance: string
}

let cache: readonly BundledAnchor[] | undefined

/**
 * The trust anchors bundled with Siegel: today the root of the Bavarian administration PKI,
 * Bayern-Root-CA-2019, under which the Free State of Bavaria's S/MIME certificates are issued.
 *
 * Nothing is trusted implicitly: pass these (and any roots you add with
 * `trustAnchorWithFingerprint`) as `anchors` to `verifyCertificate`. The federal V-PKI roots
 * (PCA-1-Verwaltung-NN, BSI) are not bundled; see the package README for how to add them.
 *
 * Reachable from `@siegel/pki`.
 * @returns the bundled anchors, the same frozen array on every call
 * @example
 * ```ts
 * const anchors = bundledAnchors().map((a) => a.certificate)
 * const verdict = await verifyCertificate(cert, { anchors, intermediates })
 * ```
 */
export function bundledAnchors(): readonly BundledAnchor[] {
  cache ??= Object.freeze([
    Object.freeze({
      id: 'bayern-root-ca-2019',
      certificate: Certificate.from(BAYERN_ROOT_CA_2019_BASE64),
      sha256: BAYERN_ROOT_CA_2019_SHA256,
      provenance:
        'Freistaat Bayern, Bayern-PKI 2.0 (V-PKI section of the Bavarian PKI web site, pki.bayern.de); ' +
        'CPS https://www.pki.bayern.de/mam/pki/vpki/policy_bayern-pki.pdf',
    }),
  ])
  return cache
}
