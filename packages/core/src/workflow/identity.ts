import {
  Certificate,
  pqSignatureParams,
  readPkcs12,
  readPrivateKey,
  type PrivateKey,
} from '@siegel/pki'
import { SmimeError } from '../errors.js'
import type { Signer } from '../sign/signer.js'

/** Someone who can sign and decrypt: a certificate, its private key and the CA chain. */
export interface Identity {
  certificate: Certificate
  /** The private key, held opaquely (see `PrivateKey` of `@siegel/pki`). */
  privateKey: PrivateKey
  /** CA certificates above the certificate, to send along with signatures. */
  chain: Certificate[]
}

/** Where an {@link Identity} comes from: a PKCS#12 file, or key and certificate files. */
export type IdentitySource =
  | { pkcs12: Uint8Array | string; password: string }
  | {
      certificate: Certificate | Uint8Array | string
      privateKey: PrivateKey | Uint8Array | string
      /** Password of an encrypted private key file. */
      password?: string
      chain?: readonly (Certificate | Uint8Array | string)[]
    }

/**
 * Loads an identity from a `.p12`/`.pfx` file and its password, or from a certificate and a
 * private key (PEM or DER, encrypted or not).
 *
 * Reachable from `@siegel/core`.
 * @param source - the PKCS#12 bytes and password, or certificate, key and chain
 * @param options - crypto implementation
 * @returns the identity; from a PKCS#12 file with several keys, the first key that has its certificate
 * @throws SmimeError `ERR_SMIME_INVALID_INPUT` if the PKCS#12 file holds no key with its
 *   certificate; PkiError for a wrong password (`ERR_PKI_MAC_MISMATCH` for PKCS#12 files,
 *   `ERR_PKI_BAD_PASSWORD` for encrypted keys) or unreadable files
 * @example
 * ```ts
 * const me = await loadIdentity({ pkcs12: p12Bytes, password: 'secret' })
 * ```
 */
export async function loadIdentity(
  source: IdentitySource,
  options?: { crypto?: Crypto },
): Promise<Identity> {
  const crypto = options?.crypto ? { crypto: options.crypto } : {}
  if ('pkcs12' in source) {
    const contents = await readPkcs12(source.pkcs12, source.password, crypto)
    const found = contents.identities.find((i) => i.certificate !== undefined)
    if (!found?.certificate)
      throw new SmimeError(
        'ERR_SMIME_INVALID_INPUT',
        'the PKCS#12 file holds no private key together with its certificate',
      )
    return { certificate: found.certificate, privateKey: found.key, chain: found.chain }
  }
  const toCertificate = (c: Certificate | Uint8Array | string): Certificate =>
    c instanceof Certificate ? c : Certificate.from(c)
  const privateKey =
    source.privateKey instanceof Uint8Array || typeof source.privateKey === 'string'
      ? await readPrivateKey(source.privateKey, {
          ...(source.password ? { password: source.password } : {}),
          ...crypto,
        })
      : source.privateKey
  return {
    certificate: toCertificate(source.certificate),
    privateKey,
    chain: (source.chain ?? []).map(toCertificate),
  }
}

/** The {@link Signer} for an identity: a non-extractable signing key made from its private key. */
export async function identitySigner(identity: Identity, crypto?: Crypto): Promise<Signer> {
  // ML-DSA and SLH-DSA keys have no CryptoKey form: they sign as they are.
  if (pqSignatureParams(identity.privateKey.type))
    return {
      certificate: identity.certificate,
      privateKey: identity.privateKey,
      chain: identity.chain,
    }
  const privateKey = await identity.privateKey.toCryptoKey({
    usage: 'sign',
    ...(crypto ? { crypto } : {}),
  })
  return { certificate: identity.certificate, privateKey, chain: identity.chain }
}
