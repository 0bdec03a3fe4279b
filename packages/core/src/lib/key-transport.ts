// RSA key transport (RFC 5652 §6.2.1): RSAES-PKCS1-v1_5 (RFC 3370 §4.2.1) and RSAES-OAEP
// (RFC 3560). WebCrypto has OAEP only; v1.5 comes from @siegel/pki (implicit rejection and a
// blinded RSA operation; not constant time, see its README).
import {
  decryptRsaPkcs1v15,
  encryptRsaPkcs1v15,
  PkiError,
  digestFromOid,
  type AlgorithmIdentifier,
  type DigestName,
  type PrivateKey,
} from '@siegel/pki'
import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import { subtle } from './bytes.js'
import { importPublicKey } from './public-key-cache.js'
import { childrenOf, expectTag, readNode, readOid, readRoot, TAG, tlv } from './der.js'
import { decodeAlgorithm, encodeAlgorithm } from './signed-data.js'

export const KEY_TRANSPORT_OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
} as const

type Buf = Uint8Array<ArrayBuffer>

/** RSAES-OAEP-params (RFC 4055 §4.1): the digest; MGF1 must use the same, the label is empty. */
export function oaepDigest(algorithm: AlgorithmIdentifier): DigestName {
  const p = algorithm.parameters
  if (!p || (p.length === 2 && p[0] === TAG.null)) return 'SHA-1'
  const fields = childrenOf(p, expectTag(readNode(p, 0), TAG.sequence, 'RSAES-OAEP-params'))
  let digest: DigestName = 'SHA-1'
  let mgfDigest: DigestName = 'SHA-1'
  for (const field of fields) {
    const alg = decodeAlgorithm(p, childrenOf(p, field)[0])
    if (field.tag === TAG.context0) digest = knownDigest(alg.oid)
    else if (field.tag === TAG.context1) {
      const params = alg.parameters
      if (alg.oid !== KEY_TRANSPORT_OID.mgf1 || !params)
        throw new SmimeUnsupportedAlgorithmError(
          alg.oid,
          `unsupported OAEP mask generation ${alg.oid}`,
        )
      mgfDigest = knownDigest(readOid(params, childrenOf(params, readRoot(params))[0]!))
    } else {
      throw new SmimeUnsupportedAlgorithmError(
        KEY_TRANSPORT_OID.rsaesOaep,
        'OAEP with a label is not supported',
      )
    }
  }
  if (digest !== mgfDigest)
    throw new SmimeUnsupportedAlgorithmError(
      KEY_TRANSPORT_OID.rsaesOaep,
      `OAEP with ${digest} and MGF1 with ${mgfDigest} is not supported (WebCrypto uses one digest)`,
    )
  return digest
}

function knownDigest(oid: string): DigestName {
  const digest = digestFromOid(oid)
  if (!digest) throw new SmimeUnsupportedAlgorithmError(oid, `unsupported digest ${oid}`)
  return digest
}

/**
 * Recovers a content-encryption key of `expectedBytes` bytes. For v1.5 a bad padding gives a
 * pseudo-random key of that length, never an error (RFC 3218 §2.3).
 */
export async function unwrapTransportedKey(
  privateKey: PrivateKey,
  algorithm: AlgorithmIdentifier,
  encryptedKey: Uint8Array,
  expectedBytes: number,
  crypto?: Crypto,
): Promise<Uint8Array> {
  if (algorithm.oid === KEY_TRANSPORT_OID.rsaEncryption) {
    // Implicit rejection: a bad padding gives a pseudo-random key, never an error.
    return decryptRsaPkcs1v15(privateKey, encryptedKey, expectedBytes, crypto ? { crypto } : {})
  }
  if (algorithm.oid === KEY_TRANSPORT_OID.rsaesOaep) {
    const hash = oaepDigest(algorithm)
    const key = await privateKey.toCryptoKey({
      usage: 'decrypt',
      hash,
      ...(crypto ? { crypto } : {}),
    })
    try {
      const cek = await subtle(crypto).decrypt({ name: 'RSA-OAEP' }, key, encryptedKey as Buf)
      return new Uint8Array(cek)
    } catch (cause) {
      throw new SmimeError('ERR_SMIME_DECRYPTION_FAILED', 'the RSA-OAEP key does not decrypt', {
        cause,
      })
    }
  }
  throw new SmimeUnsupportedAlgorithmError(
    algorithm.oid,
    `unsupported key transport ${algorithm.oid}`,
  )
}

/** How a content key is sent to an RSA recipient. */
export type RsaPadding = 'oaep-sha256' | 'oaep-sha1' | 'pkcs1'

/** The keyEncryptionAlgorithm for a padding (RFC 4055 §4.1; SHA-1 OAEP has empty parameters). */
export function keyTransportAlgorithm(padding: RsaPadding): AlgorithmIdentifier {
  if (padding === 'pkcs1')
    return { oid: KEY_TRANSPORT_OID.rsaEncryption, parameters: Uint8Array.of(5, 0) }
  if (padding === 'oaep-sha1')
    return { oid: KEY_TRANSPORT_OID.rsaesOaep, parameters: tlv(TAG.sequence) }
  const sha256 = encodeAlgorithm({ oid: '2.16.840.1.101.3.4.2.1' })
  const mgf = encodeAlgorithm({ oid: KEY_TRANSPORT_OID.mgf1, parameters: sha256 })
  return {
    oid: KEY_TRANSPORT_OID.rsaesOaep,
    parameters: tlv(TAG.sequence, tlv(TAG.context0, sha256), tlv(TAG.context1, mgf)),
  }
}

/** Encrypts a content key to an RSA public key (DER SubjectPublicKeyInfo). */
export async function transportKey(
  spki: Uint8Array,
  padding: RsaPadding,
  cek: Uint8Array,
  crypto?: Crypto,
): Promise<Uint8Array> {
  if (padding !== 'pkcs1') {
    const hash = padding === 'oaep-sha1' ? 'SHA-1' : 'SHA-256'
    const webcrypto = subtle(crypto)
    const key = await importPublicKey(webcrypto, spki, { name: 'RSA-OAEP', hash }, ['encrypt'])
    return new Uint8Array(await webcrypto.encrypt({ name: 'RSA-OAEP' }, key, cek as Buf))
  }
  try {
    return await encryptRsaPkcs1v15(spki, cek, crypto ? { crypto } : {})
  } catch (cause) {
    if (cause instanceof PkiError && cause.code === 'ERR_PKI_INVALID_INPUT')
      throw new SmimeError(
        'ERR_SMIME_INVALID_INPUT',
        'the RSA key is too small for the content key',
        { cause },
      )
    throw cause
  }
}
