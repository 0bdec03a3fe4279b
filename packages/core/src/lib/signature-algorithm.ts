// How a CMS signer signs (RFC 3370, RFC 4056, RFC 5753, RFC 8419): the digest, the
// signatureAlgorithm identifier written into SignerInfo, and the signing itself.
import {
  createSignature,
  digestOid,
  pqSignatureParams,
  signingDigest,
  type AlgorithmIdentifier,
  type DigestName,
  type PrivateKey,
} from '@siegel/pki'
import { SmimeError } from '../errors.js'
import { subtle } from './bytes.js'
import { oid, smallInteger, TAG, tlv } from './der.js'
import { ALGORITHM_OID } from './oids.js'

const NULL = Uint8Array.of(0x05, 0x00)
const DIGEST_BYTES: Readonly<Record<DigestName, number>> = {
  'SHA-1': 20,
  'SHA-256': 32,
  'SHA-384': 48,
  'SHA-512': 64,
}
const ECDSA_OIDS: Readonly<Record<DigestName, string>> = {
  'SHA-1': '1.2.840.10045.4.1',
  'SHA-256': '1.2.840.10045.4.3.2',
  'SHA-384': '1.2.840.10045.4.3.3',
  'SHA-512': '1.2.840.10045.4.3.4',
}

/** How one key signs: known before signing, so CMSAlgorithmProtection can name it. */
export interface SignatureScheme {
  digest: DigestName
  digestAlgorithm: AlgorithmIdentifier
  signatureAlgorithm: AlgorithmIdentifier
  sign(data: Uint8Array): Promise<Uint8Array>
}

/**
 * The key a signer signs with: a `CryptoKey` as given, an ML-DSA/SLH-DSA `PrivateKey` as it is,
 * and any other `PrivateKey` imported as a non-extractable `CryptoKey` (RSA with `digest` bound,
 * SHA-256 by default).
 */
export async function signingKey(
  key: CryptoKey | PrivateKey,
  options: { digest?: DigestName; crypto?: Crypto },
): Promise<CryptoKey | PrivateKey> {
  if (!isPrivateKey(key) || pqSignatureParams(key.type)) return key
  return key.toCryptoKey({
    usage: 'sign',
    ...(options.digest ? { hash: options.digest } : {}),
    ...(key.type === 'RSA-PSS' ? { rsaScheme: 'pss' as const } : {}),
    ...(options.crypto ? { crypto: options.crypto } : {}),
  })
}

function isPrivateKey(key: CryptoKey | PrivateKey): key is PrivateKey {
  return typeof (key as PrivateKey).toCryptoKey === 'function'
}

/**
 * ML-DSA (RFC 9882 §3) and SLH-DSA (RFC 9814) in pure mode over the signed attributes: the
 * signature algorithm is the parameter set's OID without parameters, the digest of the content
 * SHA-512 for ML-DSA and SHA-256 or SHA-512 for the SLH-DSA SHA2 sets. The SHAKE sets would need
 * SHAKE128/SHAKE256 digests (RFC 8702), which Siegel does not compute: they sign certificates but
 * not messages.
 */
function pqScheme(key: PrivateKey): SignatureScheme {
  const params = pqSignatureParams(key.type)!
  const digest = params.cmsDigest
  if (!digest)
    throw new SmimeError(
      'ERR_SMIME_UNSUPPORTED_ALGORITHM',
      `cannot sign messages with ${key.type}: its CMS digest (SHAKE, RFC 9814) is not supported`,
    )
  return {
    digest,
    digestAlgorithm: { oid: digestOid(digest) },
    signatureAlgorithm: { oid: params.oid },
    async sign(data) {
      return (await createSignature(key, data)).signature
    },
  }
}

/**
 * The scheme for a WebCrypto signing key (or an ML-DSA/SLH-DSA `PrivateKey`). RSA keys sign with the digest bound at import;
 * RSASSA-PKCS1-v1_5 is identified as rsaEncryption (RFC 3370 §3.2, as OpenSSL and Outlook
 * write it), RSA-PSS with explicit parameters and a salt as long as the digest (RFC 4056 §3);
 * ECDSA uses the curve's digest unless another is asked for; Ed25519 hashes its signed
 * attributes with SHA-512 (RFC 8419 §3).
 */
export function signatureScheme(
  key: CryptoKey | PrivateKey,
  options: { digest?: DigestName; crypto?: Crypto },
): SignatureScheme {
  if (isPrivateKey(key)) {
    if (pqSignatureParams(key.type)) return pqScheme(key)
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'import the private key with signingKey first')
  }
  const name = key.algorithm.name
  const digest = signingDigest(key, options.digest)
  const digestAlgorithm = { oid: digestOid(digest) }
  const viaPki = (signatureAlgorithm: AlgorithmIdentifier): SignatureScheme => ({
    digest,
    digestAlgorithm,
    signatureAlgorithm,
    async sign(data) {
      const created = await createSignature(key, data, {
        digest,
        ...(options.crypto ? { crypto: options.crypto } : {}),
      })
      return created.signature
    },
  })
  switch (name) {
    case 'RSASSA-PKCS1-v1_5':
      return viaPki({ oid: ALGORITHM_OID.rsaEncryption, parameters: NULL })
    case 'ECDSA':
      return viaPki({ oid: ECDSA_OIDS[digest] })
    case 'Ed25519':
      return viaPki({ oid: ALGORITHM_OID.ed25519 })
    case 'RSA-PSS': {
      const saltLength = DIGEST_BYTES[digest]
      return {
        digest,
        digestAlgorithm,
        signatureAlgorithm: {
          oid: ALGORITHM_OID.rsassaPss,
          parameters: pssParameters(digest, saltLength),
        },
        async sign(data) {
          const params = { name: 'RSA-PSS', saltLength }
          return new Uint8Array(
            await subtle(options.crypto).sign(params, key, data as Uint8Array<ArrayBuffer>),
          )
        },
      }
    }
    default:
      throw new SmimeError('ERR_SMIME_UNSUPPORTED_ALGORITHM', `cannot sign with a ${name} key`)
  }
}

/** RSASSA-PSS-params (RFC 4055 §3.1) with MGF1 over the same digest. */
export function pssParameters(digest: DigestName, saltLength: number): Uint8Array {
  const hash = tlv(TAG.sequence, oid(digestOid(digest)))
  return tlv(
    TAG.sequence,
    tlv(TAG.context0, hash),
    tlv(TAG.context1, tlv(TAG.sequence, oid(ALGORITHM_OID.mgf1), hash)),
    tlv(0xa2, smallInteger(saltLength)),
  )
}
