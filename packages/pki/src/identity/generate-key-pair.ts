import { generateMlKemKeyPair, isMlKem, type MlKemType } from '../algorithms/ml-kem.js'
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { subtle } from '../lib/bytes.js'
import { pqSignatureParams, type PqSignatureName } from '../algorithms/pq-params.js'
import { makePrivateKey, type PrivateKey } from '../key/private-key.js'

/**
 * The key types {@link generateKeyPair} makes: classical, the ML-DSA and SLH-DSA parameter sets
 * (post-quantum signature keys) and the ML-KEM ones (post-quantum key encapsulation); see
 * `PrivateKey` for how post-quantum keys are held.
 */
export type KeyPairAlgorithm =
  'RSA-3072' | 'RSA-4096' | 'P-256' | 'P-384' | 'Ed25519' | PqSignatureName | MlKemType

/** Options of {@link generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /**
   * Default `'RSA-3072'`: what every mail program can use for signing and encryption, and
   * what the Bavarian administration PKI asks (RSA ≥ 3000 bits). EC and Ed25519 keys sign
   * fine but many programs cannot encrypt to them yet. ML-KEM keys (FIPS 203) only receive
   * encrypted mail (KEMRecipientInfo, RFC 9629): they cannot sign, so a certificate for one
   * comes from a CA key (`issueCertificate`), never from the key itself; the private key is
   * kept in the seed form of RFC 9935 §6.
   */
  algorithm?: KeyPairAlgorithm
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/** A new key pair. */
export interface GeneratedKeyPair {
  /** The private key, opaque; save it with `writePrivateKey` or `writePkcs12`. */
  privateKey: PrivateKey
  /** The public key as DER SubjectPublicKeyInfo. */
  publicKeyInfo: Uint8Array
}

const PARAMS: Readonly<
  Record<
    Exclude<KeyPairAlgorithm, PqSignatureName | MlKemType>,
    RsaHashedKeyGenParams | EcKeyGenParams | Algorithm
  >
> = {
  'RSA-3072': {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 3072,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  },
  'RSA-4096': {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 4096,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  },
  'P-256': { name: 'ECDSA', namedCurve: 'P-256' },
  'P-384': { name: 'ECDSA', namedCurve: 'P-384' },
  Ed25519: { name: 'Ed25519' },
}

/**
 * Generates a key pair ("Schlüsselpaar generieren") for a certificate request.
 *
 * Reachable from `@siegel/pki`.
 * @param options - algorithm (default RSA-3072), crypto implementation
 * @returns the opaque private key and the public key
 * @throws PkiError `ERR_PKI_INVALID_OPTION` for an unknown algorithm;
 *   UnsupportedAlgorithmError if the runtime cannot generate it
 * @example
 * ```ts
 * const { privateKey } = await generateKeyPair({ algorithm: 'RSA-3072' })
 * const csr = await createCertificateRequest(privateKey, { subject: { commonName: 'Erika' }, emails: [email] })
 * ```
 */
export async function generateKeyPair(options?: GenerateKeyPairOptions): Promise<GeneratedKeyPair> {
  const algorithm = options?.algorithm ?? 'RSA-3072'
  const pq = typeof algorithm === 'string' ? pqSignatureParams(algorithm) : undefined
  if (pq) return (await import('./generate-pq-key-pair.js')).generatePqKeyPair(pq, options?.crypto)
  if (isMlKem(algorithm)) {
    const { pkcs8, spki } = await generateMlKemKeyPair(algorithm, options?.crypto)
    return { privateKey: makePrivateKey(pkcs8), publicKeyInfo: spki }
  }
  const params = Object.hasOwn(PARAMS, algorithm)
    ? PARAMS[algorithm as keyof typeof PARAMS]
    : undefined
  if (!params)
    throw new PkiError('ERR_PKI_INVALID_OPTION', `unknown key algorithm ${String(algorithm)}`)
  const webcrypto = subtle(options?.crypto)
  let pair: CryptoKeyPair
  try {
    // Extractable only until the PKCS#8 bytes are inside the opaque PrivateKey.
    pair = (await webcrypto.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair
  } catch (cause) {
    throw new UnsupportedAlgorithmError(
      algorithm,
      `this runtime cannot generate ${algorithm} keys`,
      { cause },
    )
  }
  const pkcs8 = new Uint8Array(await webcrypto.exportKey('pkcs8', pair.privateKey))
  const spki = new Uint8Array(await webcrypto.exportKey('spki', pair.publicKey))
  return { privateKey: makePrivateKey(pkcs8), publicKeyInfo: spki }
}
