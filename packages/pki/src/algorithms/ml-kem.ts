// ML-KEM (FIPS 203) keys as X.509 and PKCS#8 carry them (RFC 9935, draft-ietf-lamps-kyber-
// certificates), on @noble/post-quantum. The noble code is loaded on first use (dynamic import),
// so a program that never touches an ML-KEM key does not bundle it.
import { der, DerReader } from '../lib/der.js'
import { OID } from './oids.js'

/** The ML-KEM parameter sets. */
export type MlKemType = 'ML-KEM-512' | 'ML-KEM-768' | 'ML-KEM-1024'

interface MlKemSizes {
  oid: string
  /** k of FIPS 203 §8 (Table 2). */
  k: number
  /** Encapsulation key, decapsulation key and ciphertext sizes (FIPS 203 §8 Table 3). */
  publicKeyBytes: number
  expandedKeyBytes: number
  ciphertextBytes: number
}

export const ML_KEM: Readonly<Record<MlKemType, MlKemSizes>> = {
  'ML-KEM-512': {
    oid: OID.mlKem512,
    k: 2,
    publicKeyBytes: 800,
    expandedKeyBytes: 1632,
    ciphertextBytes: 768,
  },
  'ML-KEM-768': {
    oid: OID.mlKem768,
    k: 3,
    publicKeyBytes: 1184,
    expandedKeyBytes: 2400,
    ciphertextBytes: 1088,
  },
  'ML-KEM-1024': {
    oid: OID.mlKem1024,
    k: 4,
    publicKeyBytes: 1568,
    expandedKeyBytes: 3168,
    ciphertextBytes: 1568,
  },
}

/** FIPS 203 §7.1: the 64-byte seed d ‖ z that ML-KEM.KeyGen_internal expands. */
export const ML_KEM_SEED_BYTES = 64

export function isMlKem(type: string): type is MlKemType {
  return Object.hasOwn(ML_KEM, type)
}

type NobleMlKem = typeof import('@noble/post-quantum/ml-kem.js')
let noble: Promise<NobleMlKem> | undefined

/** The noble ML-KEM of one parameter set, imported when first needed. */
export async function mlKem(type: MlKemType): Promise<NobleMlKem['ml_kem512']> {
  const m = await (noble ??= import('@noble/post-quantum/ml-kem.js'))
  return type === 'ML-KEM-512' ? m.ml_kem512 : type === 'ML-KEM-768' ? m.ml_kem768 : m.ml_kem1024
}

/** An ML-KEM-PrivateKey (RFC 9935 §6): the seed, the expanded key, or both. */
export interface MlKemPrivateKey {
  seed?: Uint8Array
  expandedKey?: Uint8Array
}

const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_KEY', 'ML-KEM private key', {
  strict: true,
})

/**
 * Reads the PKCS#8 privateKey octets of an ML-KEM key. RFC 9935 §6: the CHOICE is told by its
 * tag (`[0]` seed, OCTET STRING expandedKey, SEQUENCE both), and every size is fixed per
 * parameter set, so any other length is refused before any work.
 */
export function parseMlKemPrivateKey(type: MlKemType, octets: Uint8Array): MlKemPrivateKey {
  const sizes = ML_KEM[type]
  const top = reader.one(octets)
  const seed = (tlv: typeof top | undefined): Uint8Array => {
    const bytes = tlv?.content
    if (bytes === undefined || bytes.length !== ML_KEM_SEED_BYTES)
      reader.fail(`expected a ${ML_KEM_SEED_BYTES}-byte seed, got ${bytes?.length ?? 0}`)
    return bytes
  }
  const expanded = (tlv: typeof top | undefined): Uint8Array => {
    const bytes = reader.octets(tlv, 'expandedKey')
    if (bytes.length !== sizes.expandedKeyBytes)
      reader.fail(`expected a ${sizes.expandedKeyBytes}-byte ${type} key, got ${bytes.length}`)
    return bytes
  }
  if (top.cls === 2 && top.tag === 0 && !top.constructed) return { seed: seed(top) }
  if (top.cls === 0 && top.tag === 4) return { expandedKey: expanded(top) }
  const fields = reader.sequence(top, 'both')
  if (fields.length !== 2 || fields[0]?.tag !== 4 || fields[0].cls !== 0)
    reader.fail('expected both ::= SEQUENCE { seed OCTET STRING, expandedKey OCTET STRING }')
  return { seed: seed(fields[0]), expandedKey: expanded(fields[1]) }
}

/** The decapsulation key noble takes: the expanded key, from the seed if only that is held. */
export async function expandedMlKemKey(type: MlKemType, octets: Uint8Array): Promise<Uint8Array> {
  const key = parseMlKemPrivateKey(type, octets)
  if (key.expandedKey) return key.expandedKey.slice()
  return (await mlKem(type)).keygen(key.seed!).secretKey
}

/** RFC 9935 §4: SubjectPublicKeyInfo with parameters absent and the raw key as BIT STRING. */
export function mlKemPublicKeyInfo(type: MlKemType, publicKey: Uint8Array): Uint8Array {
  return der.seq(der.seq(der.oid(ML_KEM[type].oid)), der.bits(publicKey))
}

/** A new key pair: PKCS#8 in the seed form (RFC 9935 §6 recommends it) and the SPKI. */
export async function generateMlKemKeyPair(
  type: MlKemType,
  crypto: Crypto | undefined,
): Promise<{ pkcs8: Uint8Array; spki: Uint8Array }> {
  const seed = (crypto ?? globalThis.crypto).getRandomValues(new Uint8Array(ML_KEM_SEED_BYTES))
  const { publicKey, secretKey } = (await mlKem(type)).keygen(seed)
  secretKey.fill(0)
  const algorithm = der.seq(der.oid(ML_KEM[type].oid))
  const pkcs8 = der.seq(der.int(0), algorithm, der.octets(der.ctx(0, false, seed)))
  seed.fill(0)
  return { pkcs8, spki: mlKemPublicKeyInfo(type, publicKey) }
}
