import { Certificate } from '../certificate/certificate.js'
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { copyBytes, subtle } from '../lib/bytes.js'
import { describePublicKey } from '../key/public-key-info.js'
import type { PrivateKey } from '../key/private-key.js'
import { CURVE_SIZES, derToRawSignature, rawToDerSignature } from './ecdsa-signature.js'
import { MD5_WITH_RSA, rsaPkcs1Check } from './rsa-pkcs1-digest.js'
import { hash } from '../lib/hash.js'
import { importVerifyKey } from './public-key-cache.js'
import { asRsaEncryptionSpki, readPssParameters, type PssParameters } from './rsa-pss.js'
import { OID, SIGNATURE_OIDS, type DigestName } from './oids.js'
import { PQ_SIGNATURE_OIDS, pqSignatureParams } from './pq-params.js'

/** An AlgorithmIdentifier (RFC 5280 §4.1.1.2): OID plus optional DER parameters. */
export interface AlgorithmIdentifier {
  oid: string
  /** DER of the parameters field, when present (an explicit NULL included). */
  parameters?: Uint8Array
}

/** What {@link createSignature} produced. */
export interface CreatedSignature {
  signature: Uint8Array
  /** The signature algorithm identifier to write next to the signature. */
  algorithm: AlgorithmIdentifier
  /** The digest the signature uses (for CMS `digestAlgorithm`). */
  digest: DigestName
}

/** The outcome of {@link verifySignature}; never a bare boolean. */
export type SignatureCheck =
  | { valid: true; digest: DigestName | undefined }
  | {
      valid: false
      code: 'ERR_PKI_BAD_SIGNATURE' | 'ERR_PKI_UNSUPPORTED_ALGORITHM' | 'ERR_PKI_WEAK_ALGORITHM'
      message: string
    }

const NULL_PARAMETERS = Uint8Array.of(0x05, 0x00)
const DEFAULT_EC_DIGEST: Readonly<Record<string, DigestName>> = {
  'P-256': 'SHA-256',
  'P-384': 'SHA-384',
  'P-521': 'SHA-512',
}
export const ECDSA_OIDS: Readonly<Record<string, string>> = {
  'SHA-1': '1.2.840.10045.4.1',
  'SHA-256': '1.2.840.10045.4.3.2',
  'SHA-384': '1.2.840.10045.4.3.3',
  'SHA-512': '1.2.840.10045.4.3.4',
}

/**
 * Signs bytes with a WebCrypto private key and names the algorithm as CMS and X.509 write it.
 *
 * RSASSA-PKCS1-v1_5 keys sign with the digest bound at import and are identified as
 * `rsaEncryption` (RFC 3370 §3.2, what OpenSSL writes); ECDSA uses the curve's digest
 * (RFC 5753) unless `digest` is given; Ed25519 is identified per RFC 8419 with SHA-512.
 * ML-DSA and SLH-DSA keys, which WebCrypto lacks, are given as a {@link PrivateKey} and sign
 * in pure mode (RFC 9881 §3, RFC 9909 §3); their code is loaded on first use. A classical
 * `PrivateKey` is imported (non-extractable) and signs as its `CryptoKey` would.
 *
 * Reachable from `@siegel/pki`.
 * @param privateKey - a signing `CryptoKey`, or a `PrivateKey` (required for ML-DSA/SLH-DSA)
 * @param data - the bytes to sign
 * @param options - digest for ECDSA; crypto implementation
 * @returns the signature, its algorithm identifier and digest
 * @throws UnsupportedAlgorithmError `ERR_PKI_UNSUPPORTED_ALGORITHM` for other key types
 * @example
 * ```ts
 * const { signature, algorithm } = await createSignature(key, bytes)
 * ```
 */
export async function createSignature(
  privateKey: CryptoKey | PrivateKey,
  data: Uint8Array,
  options?: { digest?: DigestName; crypto?: Crypto },
): Promise<CreatedSignature> {
  if (isPrivateKey(privateKey)) {
    if (pqSignatureParams(privateKey.type))
      return (await import('./pq-signature.js')).createPqSignature(privateKey, data)
    const { digest, crypto } = options ?? {}
    privateKey = await privateKey.toCryptoKey({
      usage: 'sign',
      ...(digest ? { hash: digest } : {}),
      ...(crypto ? { crypto } : {}),
    })
  }
  const algorithm = privateKey.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm>
  const webcrypto = subtle(options?.crypto)
  const input = copyBytes(data)
  switch (algorithm.name) {
    case 'RSASSA-PKCS1-v1_5': {
      const digest = algorithm.hash?.name as DigestName
      const signature = await webcrypto.sign('RSASSA-PKCS1-v1_5', privateKey, input)
      return {
        signature: new Uint8Array(signature),
        algorithm: { oid: OID.rsaEncryption, parameters: NULL_PARAMETERS },
        digest,
      }
    }
    case 'ECDSA': {
      const digest = signingDigest(privateKey, options?.digest)
      const raw = await webcrypto.sign({ name: 'ECDSA', hash: digest }, privateKey, input)
      return {
        signature: rawToDerSignature(new Uint8Array(raw)),
        algorithm: { oid: ECDSA_OIDS[digest]! },
        digest,
      }
    }
    case 'Ed25519': {
      const signature = await webcrypto.sign('Ed25519', privateKey, input)
      return {
        signature: new Uint8Array(signature),
        algorithm: { oid: OID.ed25519 },
        digest: 'SHA-512',
      }
    }
    default:
      throw new UnsupportedAlgorithmError(
        String(algorithm.name),
        `cannot sign with a ${String(algorithm.name)} key`,
      )
  }
}

/**
 * The digest {@link createSignature} will use with this key: the digest bound to an RSA key,
 * `preferred` or the curve's own digest for ECDSA (RFC 5753), SHA-512 for Ed25519 (RFC 8419).
 *
 * Reachable from `@siegel/pki`.
 * @param privateKey - a signing `CryptoKey`
 * @param preferred - for ECDSA: the digest to use instead of the curve's
 * @returns the digest name
 * @example
 * ```ts
 * signingDigest(rsaKey) // 'SHA-256'
 * ```
 */
export function signingDigest(privateKey: CryptoKey, preferred?: DigestName): DigestName {
  const algorithm = privateKey.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm>
  if (algorithm.name === 'Ed25519') return 'SHA-512'
  if (algorithm.name === 'ECDSA')
    return preferred ?? DEFAULT_EC_DIGEST[algorithm.namedCurve ?? ''] ?? 'SHA-256'
  const bound = algorithm.hash?.name as DigestName | undefined
  return bound ?? preferred ?? 'SHA-256'
}

/**
 * Verifies a signature made with the public key of a certificate (or a DER SubjectPublicKeyInfo).
 *
 * Reachable from `@siegel/pki`.
 * @param signer - the certificate or SPKI whose key made the signature
 * @param data - the signed bytes
 * @param signature - the signature as it appears in CMS or X.509
 * @param algorithm - the signature algorithm identifier
 * @param options - `digest` for identifiers that do not fix one (`rsaEncryption` in CMS);
 *   `md5: true` to accept md5WithRSAEncryption (archived certificates only: MD5 collisions are
 *   practical, RFC 6151)
 * @returns `{ valid: true }` or `{ valid: false, code, message }`; never throws for a bad signature
 * @example
 * ```ts
 * const check = await verifySignature(cert, tbs, sig, { oid: '1.2.840.113549.1.1.11' })
 * ```
 */
export async function verifySignature(
  signer: Certificate | Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
  algorithm: AlgorithmIdentifier,
  options?: { digest?: DigestName; md5?: boolean; crypto?: Crypto },
): Promise<SignatureCheck> {
  const key = signer instanceof Certificate ? signer.publicKey : describePublicKey(signer)
  if (PQ_SIGNATURE_OIDS[algorithm.oid])
    return (await import('./pq-signature.js')).verifyPqSignature(
      key,
      data,
      signature,
      algorithm,
      options?.digest,
    )
  if (algorithm.oid === MD5_WITH_RSA && key.type === 'RSA')
    return md5Check(key.spki, data, signature, options?.md5)
  const known = SIGNATURE_OIDS[algorithm.oid]
  let params: RsaHashedImportParams | EcKeyImportParams | Algorithm
  let digest: DigestName | undefined = known?.digest ?? options?.digest
  let sig = signature
  let spki = key.spki
  let verifyParams: Algorithm | RsaPssParams | EcdsaParams | undefined
  if (algorithm.oid === OID.rsassaPss && (key.type === 'RSA' || key.type === 'RSA-PSS')) {
    let pss: PssParameters
    try {
      pss = readPssParameters(algorithm.parameters)
    } catch (cause) {
      if (!(cause instanceof PkiError)) throw cause
      return { valid: false, code: 'ERR_PKI_UNSUPPORTED_ALGORITHM', message: cause.message }
    }
    params = { name: 'RSA-PSS', hash: pss.hash }
    verifyParams = { name: 'RSA-PSS', saltLength: pss.saltLength } as RsaPssParams
    digest = pss.hash
    if (key.type === 'RSA-PSS') spki = asRsaEncryptionSpki(key.spki)
  } else if (
    (algorithm.oid === OID.rsaEncryption || known?.key === 'RSA') &&
    key.type === 'RSA' &&
    digest
  ) {
    params = { name: 'RSASSA-PKCS1-v1_5', hash: digest }
  } else if (known?.key === 'EC' && key.type === 'EC' && CURVE_SIZES[key.namedCurve ?? '']) {
    params = { name: 'ECDSA', namedCurve: key.namedCurve! }
    const raw = derToRawSignature(signature, CURVE_SIZES[key.namedCurve!]!)
    if (!raw)
      return {
        valid: false,
        code: 'ERR_PKI_BAD_SIGNATURE',
        message: 'the ECDSA signature is not a valid DER ECDSA-Sig-Value',
      }
    sig = raw
  } else if (algorithm.oid === OID.ed25519 && key.type === 'Ed25519') {
    params = { name: 'Ed25519' }
    digest = options?.digest
  } else {
    return {
      valid: false,
      code: 'ERR_PKI_UNSUPPORTED_ALGORITHM',
      message: `unsupported signature algorithm ${algorithm.oid} for a ${key.type} key`,
    }
  }
  const webcrypto = subtle(options?.crypto)
  let valid: boolean
  try {
    const publicKey = await importVerifyKey(webcrypto, spki, params)
    verifyParams ??= params.name === 'ECDSA' ? { name: 'ECDSA', hash: digest! } : params
    valid = await webcrypto.verify(verifyParams, publicKey, copyBytes(sig), copyBytes(data))
  } catch (cause) {
    const name = cause instanceof DOMException ? cause.name : 'Error'
    const code =
      name === 'NotSupportedError' ? 'ERR_PKI_UNSUPPORTED_ALGORITHM' : 'ERR_PKI_BAD_SIGNATURE'
    return { valid: false, code, message: `${params.name} verification could not run: ${name}` }
  }
  return valid
    ? { valid: true, digest }
    : {
        valid: false,
        code: 'ERR_PKI_BAD_SIGNATURE',
        message: 'the signature does not match the data and key',
      }
}

/** A PrivateKey of this package, told from a CryptoKey by shape (no import of the class). */
function isPrivateKey(key: CryptoKey | PrivateKey): key is PrivateKey {
  return typeof (key as PrivateKey).toCryptoKey === 'function'
}

function md5Check(
  spki: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
  allowed: boolean | undefined,
): SignatureCheck {
  if (!allowed)
    return {
      valid: false,
      code: 'ERR_PKI_WEAK_ALGORITHM',
      message: 'md5WithRSAEncryption is refused: MD5 collisions are practical (RFC 6151)',
    }
  return rsaPkcs1Check(spki, 'MD5', hash('MD5').digest(data), signature)
}
