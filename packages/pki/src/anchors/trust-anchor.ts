import type { Certificate } from '../certificate/certificate.js'

/**
 * A trust anchor as the caller configures it (RFC 5914 TrustAnchorInfo, RFC 5937): a root
 * certificate, or a name and a public key without a certificate, each with optional
 * constraints that every path ending at it must satisfy.
 *
 * APIs that take anchors accept `Certificate | TrustAnchor`; a bare `Certificate` is the same
 * as `{ certificate }`. Paths end only at a configured anchor: a certificate from a message or
 * a pool that carries an anchor's name and key is replaced by the configured anchor, never
 * taken in its place (a forged or re-dated copy of a root must not extend its life).
 *
 * Constraints, by default (as OpenSSL and rustls-webpki apply them): the anchor certificate's
 * own `nameConstraints` and `pathLenConstraint`; a field given here replaces the certificate's.
 * `verifyCertificate`'s `enforceAnchorConstraints: false` turns them off (RFC 5280 §6.1 alone).
 * Where several anchors share a name and key, the first in the list is the one paths end at
 * (core puts the caller's anchors before the bundled ones, so a re-configured root wins).
 *
 * Reachable from `@siegel/pki`.
 * @example
 * ```ts
 * // A root that may have one level of sub-CAs below it, whatever its certificate says:
 * const anchor: TrustAnchor = { certificate: root, pathLength: 1 }
 * // A key without a certificate (RFC 5914), e.g. from a configuration file:
 * const keyOnly: TrustAnchor = { subject: root.subjectDer, publicKeyInfo: root.publicKey.spki }
 * await verifyCertificate(cert, { anchors: [anchor, keyOnly] })
 * ```
 */
export interface TrustAnchor {
  /** The anchor's certificate. Without it, `subject` and `publicKeyInfo` are required. */
  certificate?: Certificate
  /**
   * The anchor's name as DER (RFC 5914 taName), which its children name as issuer. Default:
   * the certificate's subject; if both are given they must be equal.
   */
  subject?: Uint8Array
  /**
   * The anchor's key as DER SubjectPublicKeyInfo (RFC 5914 pubKey). Default: the certificate's
   * key; if both are given they must be equal.
   */
  publicKeyInfo?: Uint8Array
  /**
   * The DER of a NameConstraints value (RFC 5280 §4.2.1.10; RFC 5914 nameConstr) that every
   * certificate below the anchor must satisfy. Default: the certificate's extension, if any.
   */
  nameConstraints?: Uint8Array
  /**
   * The most non-self-issued intermediates allowed below the anchor (RFC 5914
   * pathLenConstraint). Default: the certificate's basicConstraints pathLenConstraint, if any.
   */
  pathLength?: number
  /**
   * The policies the anchor is trusted for (RFC 5914 policySet, RFC 5937 §4): the
   * user-initial-policy-set becomes its intersection with these. Default: no restriction (the
   * certificate's certificatePolicies are not read as a restriction, as OpenSSL does).
   */
  policies?: readonly string[]
  /**
   * Accept a certificate that is not a CA (no basicConstraints cA) as this anchor, to trust
   * one end-entity certificate directly. Default `false`: such anchors are refused with
   * `ERR_PKI_REFUSED_ANCHOR`, since an end entity was never meant to vouch for others.
   */
  allowNonCa?: boolean
}
