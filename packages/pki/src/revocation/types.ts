import type { Certificate } from '../certificate/certificate.js'
import type { Crl } from './parse-crl.js'

/**
 * How revocation is checked: `'off'` not at all; `'soft-fail'` a revoked certificate is
 * rejected but missing or unusable data is only reported; `'hard-fail'` every certificate
 * needs a usable answer.
 */
export type RevocationMode = 'off' | 'soft-fail' | 'hard-fail'

/** Fetches revocation data over HTTP; opt-in. Return `undefined` when nothing was found. */
export type RevocationFetcher = (
  url: string,
  request?: { body: Uint8Array; contentType: string },
) => Promise<Uint8Array | undefined>

/** A cache for fetched CRLs and OCSP responses, keyed by URL (plus request for OCSP). */
export interface RevocationCache {
  get(key: string): Uint8Array | undefined | Promise<Uint8Array | undefined>
  set(key: string, value: Uint8Array): void | Promise<void>
}

/** Revocation inputs of `verifyCertificate`. */
export interface RevocationOptions {
  /** Default `'soft-fail'`. */
  mode?: RevocationMode
  /** CRLs the caller already has (DER, PEM or parsed). */
  crls?: readonly (Crl | Uint8Array | string)[]
  /** DER OCSP responses the caller already has (stapled, or fetched earlier). */
  ocspResponses?: readonly Uint8Array[]
  /** Use delta CRLs (RFC 5280 §5.2.4) from `crls`. Default false. */
  deltaCrls?: boolean
  /**
   * Fetches CRLs from the certificates' HTTP distribution points and asks their OCSP
   * responders. Off unless given; LDAP URLs are reported as unsupported.
   */
  fetcher?: RevocationFetcher
  /** Cache for fetched data. */
  cache?: RevocationCache
}

/** The revocation status of one certificate on the chosen path, and what decided it. */
export interface RevocationStatus {
  status: 'good' | 'revoked' | 'unknown' | 'not-checked'
  /** Which source decided: a CRL or an OCSP response, and where it came from. */
  source?: { kind: 'crl' | 'ocsp'; origin: 'caller' | 'fetched'; url?: string }
  /** thisUpdate of the deciding CRL or response. */
  thisUpdate?: Date
  nextUpdate?: Date
  revocationDate?: Date
  /** CRLReason code (RFC 5280 §5.3.1), if given. */
  reason?: number
  /** Why sources were not used: stale, wrong scope, bad signature, unsupported URL, ... */
  problems: string[]
}

/** What the revocation checker needs from the path engine. */
export interface RevocationContext {
  /** Every certificate the caller supplied (possible CRL signers). */
  pool: readonly Certificate[]
  /** Verifies a signature by `signer` over `tbs`, within the engine's budget. */
  verify(
    signer: Certificate,
    tbs: Uint8Array,
    signature: Uint8Array,
    algorithm: { oid: string; parameters?: Uint8Array },
  ): Promise<boolean>
  /** True if `signer` (a CRL or OCSP signer other than the issuer) is itself trusted at `at`. */
  trusted(signer: Certificate, at: Date): Promise<boolean>
}
