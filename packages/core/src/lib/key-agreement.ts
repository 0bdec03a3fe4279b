// Ephemeral-static key agreement (RFC 5652 §6.2.2): ECDH on P-256/384/521 with the X9.63 KDF
// (RFC 5753 §7.2) and X25519 with HKDF (RFC 8418), the content key wrapped with AES-KW; old
// messages (`openssl cms -encrypt -des3` to an EC key) wrap it with the Triple-DES key wrap.
import type { AlgorithmIdentifier, DigestName, PrivateKey } from '@siegel/pki'
import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import { concatBytes, subtle } from './bytes.js'
import { encode, node, oid, readRoot, TAG, tlv } from './der.js'
import { importPublicKey } from './public-key-cache.js'
import { AES_WRAP_BYTES, AES_WRAP_OID, aesWrap, DES3_WRAP_OID, unwrapWithKek } from './key-wrap.js'
import { decodeAlgorithm, encodeAlgorithm } from './signed-data.js'

type Buf = Uint8Array<ArrayBuffer>
export type Scheme = { kdf: 'x963' | 'hkdf'; hash: DigestName }

// RFC 5753 §7.1.4 and RFC 8418 §4: the key agreement schemes and their KDF digests.
const SCHEMES: Readonly<Record<string, Scheme>> = {
  '1.3.133.16.840.63.0.2': { kdf: 'x963', hash: 'SHA-1' },
  '1.3.132.1.11.1': { kdf: 'x963', hash: 'SHA-256' },
  '1.3.132.1.11.2': { kdf: 'x963', hash: 'SHA-384' },
  '1.3.132.1.11.3': { kdf: 'x963', hash: 'SHA-512' },
  // Cofactor variants: the NIST prime curves have cofactor 1, so the shared secret is the same.
  '1.3.133.16.840.63.0.3': { kdf: 'x963', hash: 'SHA-1' },
  '1.3.132.1.14.1': { kdf: 'x963', hash: 'SHA-256' },
  '1.3.132.1.14.2': { kdf: 'x963', hash: 'SHA-384' },
  '1.3.132.1.14.3': { kdf: 'x963', hash: 'SHA-512' },
  '1.2.840.113549.1.9.16.3.19': { kdf: 'hkdf', hash: 'SHA-256' },
  '1.2.840.113549.1.9.16.3.20': { kdf: 'hkdf', hash: 'SHA-384' },
  '1.2.840.113549.1.9.16.3.21': { kdf: 'hkdf', hash: 'SHA-512' },
}

const CURVE_BITS: Readonly<Record<string, number>> = { 'P-256': 256, 'P-384': 384, 'P-521': 528 }
const CURVE_OID: Readonly<Record<string, string>> = {
  'P-256': '1.2.840.10045.3.1.7',
  'P-384': '1.3.132.0.34',
  'P-521': '1.3.132.0.35',
}
const EC_PUBLIC_KEY = '1.2.840.10045.2.1'
const X25519_OID = '1.3.101.110'

/** ECC-CMS-SharedInfo (RFC 5753 §7.2): entityUInfo only when the message carries a ukm. */
function sharedInfo(wrap: Uint8Array, ukm: Uint8Array | undefined, kekBytes: number): Uint8Array {
  const bits = new Uint8Array(4)
  new DataView(bits.buffer).setUint32(0, kekBytes * 8)
  return tlv(
    TAG.sequence,
    wrap,
    ...(ukm ? [tlv(TAG.context0, tlv(TAG.octetString, ukm))] : []),
    tlv(0xa2, tlv(TAG.octetString, bits)),
  )
}

/** The key-encryption key from a shared secret: HKDF (RFC 5869, no salt) or ANSI X9.63. */
export async function deriveKek(
  scheme: Scheme,
  z: Uint8Array,
  info: Uint8Array,
  kekBytes: number,
  crypto: Crypto | undefined,
): Promise<Uint8Array> {
  const webcrypto = subtle(crypto)
  if (scheme.kdf === 'hkdf') {
    // RFC 8418 §2: HKDF with no salt, the shared secret as IKM and the SharedInfo as info.
    const ikm = await webcrypto.importKey('raw', z as Buf, 'HKDF', false, ['deriveBits'])
    const params = { name: 'HKDF', hash: scheme.hash, salt: new Uint8Array(0), info: info as Buf }
    return new Uint8Array(await webcrypto.deriveBits(params, ikm, kekBytes * 8))
  }
  // ANSI X9.63 §3.6.1: Hash(Z || counter || SharedInfo), counter from 1.
  const out = new Uint8Array(kekBytes)
  for (let counter = 1, offset = 0; offset < kekBytes; counter++) {
    const c = new Uint8Array(4)
    new DataView(c.buffer).setUint32(0, counter)
    const input = concatBytes([z, c, info]) as Buf
    const block = new Uint8Array(await webcrypto.digest(scheme.hash, input))
    const take = Math.min(block.length, kekBytes - offset)
    out.set(block.subarray(0, take), offset)
    offset += take
  }
  return out
}

function schemeOf(algorithm: AlgorithmIdentifier): {
  scheme: Scheme
  wrap: Uint8Array
  wrapAlgorithm: AlgorithmIdentifier
  kekBytes: number
} {
  const scheme = SCHEMES[algorithm.oid]
  if (!scheme)
    throw new SmimeUnsupportedAlgorithmError(
      algorithm.oid,
      `unsupported key agreement ${algorithm.oid}`,
    )
  const wrap = algorithm.parameters
  if (!wrap) throw new SmimeError('ERR_SMIME_MALFORMED_CMS', 'the key agreement names no key wrap')
  const wrapAlgorithm = decodeAlgorithm(wrap, readRoot(wrap))
  // RFC 5753 §7.1.5: the KEK is as long as the wrap's key; 24 bytes for the 3DES wrap.
  const kekBytes = wrapAlgorithm.oid === DES3_WRAP_OID ? 24 : AES_WRAP_BYTES[wrapAlgorithm.oid]
  if (!kekBytes)
    throw new SmimeUnsupportedAlgorithmError(
      wrapAlgorithm.oid,
      `unsupported key wrap ${wrapAlgorithm.oid}`,
    )
  return { scheme, wrap, wrapAlgorithm, kekBytes }
}

function keyBits(type: string, curve: string | undefined): number | undefined {
  if (type === 'EC') return CURVE_BITS[curve ?? '']
  return type === 'X25519' ? 256 : undefined
}

/** Recovers the content key of a KeyAgreeRecipientInfo with the recipient's private key. */
export async function unwrapAgreedKey(
  privateKey: PrivateKey,
  recipient: {
    originatorKey: { algorithm: AlgorithmIdentifier; publicKey: Uint8Array } | undefined
    ukm: Uint8Array | undefined
    keyEncryptionAlgorithm: AlgorithmIdentifier
    encryptedKey: Uint8Array
  },
  crypto?: Crypto,
): Promise<Uint8Array> {
  const { scheme, wrap, wrapAlgorithm, kekBytes } = schemeOf(recipient.keyEncryptionAlgorithm)
  if (!recipient.originatorKey)
    throw new SmimeUnsupportedAlgorithmError(
      recipient.keyEncryptionAlgorithm.oid,
      'static-static key agreement (originator named by certificate) is not supported',
    )
  const bits = keyBits(privateKey.type, privateKey.namedCurve)
  if (!bits)
    throw new SmimeUnsupportedAlgorithmError(
      privateKey.type,
      `a ${privateKey.type} key cannot agree keys`,
    )
  const webcrypto = subtle(crypto)
  const mine = await privateKey.toCryptoKey({ usage: 'decrypt', ...(crypto ? { crypto } : {}) })
  const algorithm =
    privateKey.type === 'EC'
      ? { name: 'ECDH', namedCurve: privateKey.namedCurve! }
      : { name: privateKey.type }
  let peer: CryptoKey
  try {
    const raw = recipient.originatorKey.publicKey as Buf
    peer = await webcrypto.importKey('raw', raw, algorithm, false, [])
  } catch (cause) {
    throw new SmimeError('ERR_SMIME_MALFORMED_CMS', 'the originator key is not usable', { cause })
  }
  const params = { name: algorithm.name, public: peer } as EcdhKeyDeriveParams
  const z = new Uint8Array(await webcrypto.deriveBits(params, mine, bits))
  const info = sharedInfo(wrap, recipient.ukm, kekBytes)
  const kek = await deriveKek(scheme, z, info, kekBytes, crypto)
  z.fill(0)
  try {
    return await unwrapWithKek(kek, wrapAlgorithm, recipient.encryptedKey, crypto)
  } finally {
    kek.fill(0)
  }
}

/** The parts of a KeyAgreeRecipientInfo for one recipient, made with a fresh ephemeral key. */
export interface AgreedKey {
  /** DER of originator's [1] OriginatorPublicKey. */
  originatorKey: Uint8Array
  keyEncryptionAlgorithm: AlgorithmIdentifier
  encryptedKey: Uint8Array
}

/** Wraps a content key for an EC or X25519 public key (ephemeral-static, no ukm). */
export async function agreeKey(
  publicKey: { type: string; namedCurve?: string | undefined; spki: Uint8Array },
  cek: Uint8Array,
  crypto?: Crypto,
): Promise<AgreedKey> {
  const webcrypto = subtle(crypto)
  const ec = publicKey.type === 'EC'
  const curve = publicKey.namedCurve ?? ''
  const bits = keyBits(publicKey.type, curve)
  if (!bits)
    throw new SmimeUnsupportedAlgorithmError(
      publicKey.type,
      `cannot encrypt to a ${publicKey.type} ${curve} key`.trim(),
    )
  // RFC 5753 §8, RFC 8418 §4: a KDF digest and wrap size that match the curve's strength.
  const small = !ec || curve === 'P-256'
  const hash: DigestName = small ? 'SHA-256' : curve === 'P-384' ? 'SHA-384' : 'SHA-512'
  const kekBytes = small ? 16 : 32
  const schemeOid = !ec
    ? '1.2.840.113549.1.9.16.3.19'
    : { 'SHA-256': '1.3.132.1.11.1', 'SHA-384': '1.3.132.1.11.2', 'SHA-512': '1.3.132.1.11.3' }[
        hash as 'SHA-256'
      ]
  const algorithm = ec ? { name: 'ECDH', namedCurve: curve } : { name: 'X25519' }
  const recipient = await importPublicKey(webcrypto, publicKey.spki, algorithm, [])
  const ephemeral = (await webcrypto.generateKey(algorithm, true, ['deriveBits'])) as CryptoKeyPair
  const params = { name: algorithm.name, public: recipient } as EcdhKeyDeriveParams
  const z = new Uint8Array(await webcrypto.deriveBits(params, ephemeral.privateKey, bits))
  const wrap = encodeAlgorithm({
    oid: small ? AES_WRAP_OID.aes128Wrap : AES_WRAP_OID.aes256Wrap,
  })
  const info = sharedInfo(wrap, undefined, kekBytes)
  const kek = await deriveKek(SCHEMES[schemeOid]!, z, info, kekBytes, crypto)
  z.fill(0)
  const encryptedKey = await aesWrap(kek, cek)
  kek.fill(0)
  const point = new Uint8Array(await webcrypto.exportKey('raw', ephemeral.publicKey))
  // OriginatorPublicKey: id-ecPublicKey with the curve (as OpenSSL writes it), or id-X25519.
  const originatorAlgorithm = ec
    ? encodeAlgorithm({ oid: EC_PUBLIC_KEY, parameters: oid(CURVE_OID[curve]!) })
    : encodeAlgorithm({ oid: X25519_OID })
  const originatorKey = encode(
    node(0xa1, originatorAlgorithm, tlv(TAG.bitString, Uint8Array.of(0), point)),
  )
  return {
    originatorKey,
    keyEncryptionAlgorithm: { oid: schemeOid, parameters: wrap },
    encryptedKey,
  }
}
