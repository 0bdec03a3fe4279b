import { verifySignature, type AlgorithmIdentifier } from '../algorithms/signature.js'
import type { Certificate } from '../certificate/certificate.js'
import { SIGNED_PARTS } from '../certificate/signed-parts.js'
import { MD5_WITH_RSA } from '../algorithms/rsa-pkcs1-digest.js'
import { PQ_SIGNATURE_OIDS } from '../algorithms/pq-params.js'
import { equalBytes, toHex } from '../lib/bytes.js'
import type { VerificationBudget } from './budget.js'
import type { TrustFailure } from './reasons.js'

// Verified signatures are facts about bytes: a child certificate and an issuer key give the
// same answer every time, so results are remembered per child (and dropped with it).
const LINKS = new WeakMap<Certificate, Map<string, boolean>>()

/** Budgeted, cached signature checks for one verification. */
export interface SignatureChecker {
  /** True if `issuer`'s key signed `child`; failures go to `hint`. */
  link(child: Certificate, issuer: Certificate, hint: (f: TrustFailure) => void): Promise<boolean>
  /** A budgeted check of other signed data (CRLs, OCSP responses). */
  raw(
    signer: Certificate,
    tbs: Uint8Array,
    signature: Uint8Array,
    algorithm: AlgorithmIdentifier,
  ): Promise<boolean>
}

/**
 * What checking one signature costs the budget, known before the check: one unit for RSA,
 * ECDSA, EdDSA and ML-DSA (a few milliseconds at most). An SLH-DSA verification hashes its way
 * through the whole signature (7.8-50 KB), and SHAKE runs about 3x slower than SHA-2 in
 * JavaScript: SHAKE-256f takes 34 ms in Node. Priced at about one unit per 2.5 ms of that work,
 * the default 100 units bound a pool of such certificates to well under a second.
 */
export function signatureCheckCost(algorithm: AlgorithmIdentifier): number {
  const pq = PQ_SIGNATURE_OIDS[algorithm.oid]
  if (!pq || pq.family === 'ML-DSA') return 1
  return Math.ceil(pq.signatureBytes / 16_000) * (pq.name.includes('SHAKE') ? 3 : 1)
}

function sameAlgorithm(a: AlgorithmIdentifier, b: AlgorithmIdentifier): boolean {
  if (a.oid !== b.oid) return false
  if (!a.parameters || !b.parameters) return a.parameters === b.parameters
  return equalBytes(a.parameters, b.parameters)
}

export function signatureChecker(
  budget: VerificationBudget,
  crypto: Crypto | undefined,
  md5 = false,
): SignatureChecker {
  const options = { md5, ...(crypto ? { crypto } : {}) }
  const spend = (algorithm: AlgorithmIdentifier): void =>
    budget.spend('signature checks', signatureCheckCost(algorithm))
  return {
    async link(child, issuer, hint) {
      // Every candidate considered costs a check, remembered or not, as Go counts them: a
      // remembered result saves the cryptography, but the budget must also bound the search,
      // or a pool of cross-certificates whose links are all remembered is explored forever.
      const parts = SIGNED_PARTS.get(child)!
      spend(parts.signatureAlgorithm)
      const key = toHex(issuer.publicKey.spki)
      const known = LINKS.get(child)?.get(key)
      if (known === false)
        hint({
          code: 'ERR_PKI_BAD_SIGNATURE',
          message: `"${issuer.subject}" did not sign "${child.subject}"`,
          certificate: child,
          data: { candidate: issuer },
        })
      if (known !== undefined) return known
      // RFC 5280 §4.1.1.2: signatureAlgorithm "MUST contain the same algorithm identifier as
      // the signature field in the sequence tbsCertificate"; the outer one is not signed, so a
      // mismatch is a certificate someone altered or a CA got wrong (OpenSSL, Go, webpki refuse).
      const inner = parts.innerSignatureAlgorithm
      if (inner && !sameAlgorithm(inner, parts.signatureAlgorithm)) {
        hint({
          code: 'ERR_PKI_MALFORMED_CERTIFICATE',
          message: `"${child.subject}": signatureAlgorithm ${parts.signatureAlgorithm.oid} differs from the signed ${inner.oid}`,
          certificate: child,
          data: { inner, outer: parts.signatureAlgorithm },
        })
        return false
      }
      const check = await verifySignature(
        issuer,
        parts.tbs,
        parts.signature,
        parts.signatureAlgorithm,
        options,
      )
      if (!check.valid) {
        hint({
          code: check.code,
          message: check.message,
          certificate: child,
          data: { candidate: issuer },
        })
        // Not facts about the bytes but about what this call accepts: never remembered.
        if (check.code !== 'ERR_PKI_BAD_SIGNATURE') return false
      }
      if (parts.signatureAlgorithm.oid === MD5_WITH_RSA) return check.valid
      const map = LINKS.get(child) ?? new Map<string, boolean>()
      LINKS.set(child, map)
      map.set(key, check.valid)
      return check.valid
    },
    async raw(signer, tbs, signature, algorithm) {
      spend(algorithm)
      const check = await verifySignature(signer, tbs, signature, algorithm, options)
      return check.valid
    },
  }
}
