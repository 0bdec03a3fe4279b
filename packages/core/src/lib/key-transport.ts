// RSA key transport (RFC 5652 §6.2.1): RSAES-PKCS1-v1_5 (RFC 3370 §4.2.1) and RSAES-OAEP
// (RFC 3560). WebCrypto has OAEP only; v1.5 decryption is the oracle-safe one of @siegel/pki,
// v1.5 encryption is a public-key operation done here on BigInt.
import {
  decryptRsaPkcs1v15,
  digestFromOid,
  type AlgorithmIdentifier,
  type DigestName,
  type PrivateKey,
} from '@siegel/pki'
import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import { subtle } from './bytes.js'
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
    const key = await webcrypto.importKey('spki', spki as Buf, { name: 'RSA-OAEP', hash }, false, [
      'encrypt',
    ])
    return new Uint8Array(await webcrypto.encrypt({ name: 'RSA-OAEP' }, key, cek as Buf))
  }
  // RFC 8017 §7.2.1: EM = 00 02 PS 00 M, PS at least 8 random non-zero bytes; c = m^e mod n.
  const { n, e } = rsaPublicKey(spki)
  const k = Math.ceil(n.toString(2).length / 8)
  if (cek.length > k - 11)
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'the RSA key is too small for the content key')
  const em = new Uint8Array(k)
  em[1] = 2
  const ps = em.subarray(2, k - cek.length - 1)
  const random = crypto ?? globalThis.crypto
  random.getRandomValues(ps)
  for (let i = 0; i < ps.length; i++)
    while (ps[i] === 0) ps[i] = random.getRandomValues(new Uint8Array(1))[0]!
  em.set(cek, k - cek.length)
  const c = modPow(toBigInt(em), e, n)
  em.fill(0)
  return toBytes(c, k)
}

function rsaPublicKey(spki: Uint8Array): { n: bigint; e: bigint } {
  const [, bits] = childrenOf(spki, expectTag(readRoot(spki), TAG.sequence, 'SubjectPublicKeyInfo'))
  const b = expectTag(bits, TAG.bitString, 'subjectPublicKey')
  const key = spki.subarray(b.contentStart + 1, b.contentEnd)
  const [n, e] = childrenOf(key, expectTag(readRoot(key), TAG.sequence, 'RSAPublicKey'))
  const int = (node: typeof n): bigint => {
    const checked = expectTag(node, TAG.integer, 'INTEGER')
    return toBigInt(key.subarray(checked.contentStart, checked.contentEnd))
  }
  return { n: int(n), e: int(e) }
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  let b = base % modulus
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus
    b = (b * b) % modulus
  }
  return result
}

function toBigInt(bytes: Uint8Array): bigint {
  let hex = ''
  for (const b of bytes) hex += b.toString(16).padStart(2, '0')
  return hex.length === 0 ? 0n : BigInt(`0x${hex}`)
}

function toBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0')
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}
