// The limits of the trust engine, in one place (the README's limits table lists them). Each
// bounds work that a hostile message or certificate pool could otherwise make unbounded.

/**
 * Signature checks per verification: every issuer candidate considered for a link costs one,
 * whether its result is remembered or not (Go's crypto/x509 counts each candidate the same
 * way, `maxChainSignatureChecks`; rustls-webpki allows the same 100). Real paths need fewer
 * than five, so the budget bounds the search itself, not only the cryptography.
 */
export const MAX_SIGNATURE_CHECKS = 100

/**
 * Path-building steps per verification (webpki's `Budget` allows 200,000 build calls): enough
 * for any honest pool, and a second bound should a caller raise the signature checks.
 */
export const MAX_BUILD_STEPS = 200_000

/**
 * Certificates per path. V-PKI paths are three certificates long; twelve leave room for
 * cross-certification and the self-issued key-rollover certificates PKITS uses.
 */
export const MAX_PATH_LENGTH = 12

/** A CRL signer is validated by the same engine; deeper recursion than this is an attack. */
export const MAX_SIGNER_DEPTH = 2
