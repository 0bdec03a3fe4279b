import { Certificate, type PrivateKey } from '@siegel/pki'
import { SmimeError } from '../errors.js'

/** Who signs: a certificate, its private key, and the CA certificates to send along. */
export interface Signer {
  /** The signer's certificate (a `Certificate`, or DER/PEM). */
  certificate: Certificate | Uint8Array | string
  /**
   * The matching private key: a `CryptoKey` (e.g. from `importPrivateKey` of `@siegel/pki`), or
   * a `PrivateKey` of `@siegel/pki`. ML-DSA and SLH-DSA keys exist only as `PrivateKey`:
   * WebCrypto has no such keys, so they sign in JavaScript and their bytes are not hidden
   * behind a non-extractable key (see `PrivateKey`).
   */
  privateKey: CryptoKey | PrivateKey
  /** Intermediate CA certificates to include so recipients can build the path. */
  chain?: readonly (Certificate | Uint8Array | string)[]
  /**
   * The certificate others should encrypt to, announced in the encryptionKeyPreference
   * attributes. Default: the signing certificate. `null` leaves the attributes out.
   */
  encryptionCertificate?: Certificate | Uint8Array | string | null
  /**
   * Announce the post-quantum signature algorithms Siegel verifies (ML-DSA-87/65/44 and the
   * SLH-DSA SHA2 sets; RFC 8551 §2.5.2) in smimeCapabilities, after the
   * content-encryption algorithms. Default `false`: peers learn of them only when asked.
   */
  announcePostQuantumSignatures?: boolean
}

export interface ResolvedSigner {
  certificate: Certificate
  privateKey: CryptoKey | PrivateKey
  chain: Certificate[]
  encryptionCertificate: Certificate | undefined
  announcePostQuantumSignatures: boolean
}

export function toCertificate(input: Certificate | Uint8Array | string): Certificate {
  return input instanceof Certificate ? input : Certificate.from(input)
}

/** Checks and normalises the signers given to a signing function. */
export function resolveSigners(input: Signer | readonly Signer[]): ResolvedSigner[] {
  const list = Array.isArray(input) ? input : [input as Signer]
  if (list.length === 0)
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected at least one signer')
  return list.map((signer, i) => {
    const key = signer?.privateKey as unknown
    const cryptoKey =
      !!key &&
      typeof key === 'object' &&
      'algorithm' in key &&
      (key as CryptoKey).type === 'private'
    if (
      !cryptoKey &&
      !(key instanceof Object && typeof (key as PrivateKey).toCryptoKey === 'function')
    ) {
      throw new SmimeError(
        'ERR_SMIME_INVALID_INPUT',
        `expected signer ${i}'s privateKey to be a private CryptoKey or a PrivateKey`,
      )
    }
    const certificate = toCertificate(signer.certificate)
    const preference = signer.encryptionCertificate
    return {
      certificate,
      privateKey: signer.privateKey,
      chain: (signer.chain ?? []).map(toCertificate),
      encryptionCertificate:
        preference === null
          ? undefined
          : preference === undefined
            ? certificate
            : toCertificate(preference),
      announcePostQuantumSignatures: signer.announcePostQuantumSignatures === true,
    }
  })
}
