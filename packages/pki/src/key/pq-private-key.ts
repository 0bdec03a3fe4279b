// ML-DSA and SLH-DSA private keys in PKCS#8 (RFC 5958 OneAsymmetricKey).
//
// RFC 9881 §6: the privateKey OCTET STRING holds the DER of
//   ML-DSA-xx-PrivateKey ::= CHOICE { seed [0] IMPLICIT OCTET STRING (SIZE (32)),
//     expandedKey OCTET STRING, both SEQUENCE { seed OCTET STRING, expandedKey OCTET STRING } }
// RFC 9909 §6: it holds SK.seed ‖ SK.prf ‖ PK.seed ‖ PK.root of an SLH-DSA key, raw.
//
// WebCrypto has no such keys, so they cannot become CryptoKeys: the PrivateKey object keeps
// the PKCS#8 bytes where no property reaches them (see private-key.ts) and Siegel's own
// signing code uses them. They stay in JavaScript memory for the life of the object.
import type { PqSignatureParams } from '../algorithms/pq-params.js'
import { pqEngine } from '../algorithms/pq-engine.js'
import { PkiError } from '../errors.js'
import { copyBytes, equalBytes } from '../lib/bytes.js'
import { der, DerReader, type Tlv } from '../lib/der.js'

/** The private key form RFC 9881 §6 lets a file choose. */
export type PqKeyForm = 'seed' | 'expandedKey' | 'both'

/** What the privateKey field of a PQ PKCS#8 key holds, sizes checked. */
export interface PqPrivateKeyFields {
  form: PqKeyForm
  seed?: Uint8Array
  /** ML-DSA: the expanded key; SLH-DSA: the raw private key. */
  secretKey?: Uint8Array
  /** The OneAsymmetricKey publicKey (RFC 5958 [1]), if present. */
  publicKey?: Uint8Array
}

/** A usable key pair, derived and checked once per PrivateKey. */
export interface PqKeyPair {
  secretKey: Uint8Array
  publicKey: Uint8Array
}

const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_KEY', 'post-quantum private key')

/**
 * Reads and size-checks the privateKey field of an ML-DSA or SLH-DSA PKCS#8 key (no arithmetic:
 * consistency is checked by {@link pqKeyPair}).
 *
 * @throws PkiError `ERR_PKI_MALFORMED_KEY` for a wrong form or length, or parameters present
 */
export function readPqPrivateKey(
  params: PqSignatureParams,
  pkcs8: Uint8Array,
  privateKey: Uint8Array,
): PqPrivateKeyFields {
  const publicKey = oneAsymmetricKeyPublicKey(pkcs8, params)
  if (publicKey && publicKey.length !== params.publicKeyBytes)
    reader.fail(`expected a ${params.publicKeyBytes}-byte public key, got ${publicKey.length}`)
  const extra = publicKey ? { publicKey } : {}
  if (params.family === 'SLH-DSA') {
    expectLength(privateKey, params.secretKeyBytes, `${params.name} private key`)
    // The key carries PK.seed ‖ PK.root itself; a differing publicKey is a different key.
    if (publicKey && !equalBytes(publicKey, privateKey.subarray(params.publicKeyBytes)))
      reader.fail('the publicKey does not belong to the private key')
    return { form: 'expandedKey', secretKey: privateKey, ...extra }
  }
  const choice = reader.one(privateKey)
  // RFC 9881 §6: the tag decides the CHOICE, never the length.
  if (choice.cls === 2 && choice.tag === 0 && !choice.constructed) {
    expectLength(choice.content, params.seedBytes, `${params.name} seed`)
    return { form: 'seed', seed: choice.content, ...extra }
  }
  if (choice.cls === 0 && choice.tag === 4) {
    expectLength(choice.content, params.secretKeyBytes, `${params.name} expandedKey`)
    return { form: 'expandedKey', secretKey: choice.content, ...extra }
  }
  if (choice.cls === 0 && choice.tag === 0x10) {
    const [seed, expanded, ...more] = reader.sequence(choice, 'both')
    if (more.length > 0) reader.fail('expected both ::= SEQUENCE { seed, expandedKey }')
    const seedBytes = reader.octets(seed, 'seed')
    const secretKey = reader.octets(expanded, 'expandedKey')
    expectLength(seedBytes, params.seedBytes, `${params.name} seed`)
    expectLength(secretKey, params.secretKeyBytes, `${params.name} expandedKey`)
    return { form: 'both', seed: seedBytes, secretKey, ...extra }
  }
  return reader.fail(`expected a ${params.name} seed [0], expandedKey or both`)
}

/**
 * Derives the key pair and checks that every part of the file belongs to one key:
 * - seed: the pair is ML-DSA.KeyGen_internal(ξ) (FIPS 204 Algorithm 6);
 * - both: the expanded key must equal the seed's (RFC 9881 §8.2 "MUST reject");
 * - expandedKey: the public key is recomputed, and tr and t0 are checked against it and
 *   against t = A·s1 + s2 (RFC 9881 Appendix C.4 examples 2 and 3);
 * - a OneAsymmetricKey publicKey must equal the derived one.
 *
 * @throws PkiError `ERR_PKI_MALFORMED_KEY` for an inconsistent key
 */
export async function derivePqKeyPair(
  params: PqSignatureParams,
  fields: PqPrivateKeyFields,
): Promise<PqKeyPair> {
  const engine = await pqEngine(params)
  let pair: PqKeyPair
  if (fields.seed) {
    pair = engine.keygen(fields.seed)
    if (fields.secretKey && !equalBytes(pair.secretKey, fields.secretKey))
      reader.fail('the expandedKey does not match the seed')
  } else {
    const secretKey = fields.secretKey!
    let publicKey: Uint8Array
    try {
      publicKey = engine.getPublicKey(secretKey)
    } catch (cause) {
      throw new PkiError('ERR_PKI_MALFORMED_KEY', `the ${params.name} key does not decode`, {
        cause,
      })
    }
    pair = { secretKey, publicKey }
    if (params.family === 'ML-DSA') {
      const { expandedKeyProblem } = await import('./ml-dsa-expanded-key.js')
      const problem = expandedKeyProblem(params.name, secretKey, publicKey)
      if (problem) reader.fail(`the ${params.name} expandedKey is inconsistent: ${problem}`)
    }
  }
  if (fields.publicKey && !equalBytes(fields.publicKey, pair.publicKey))
    reader.fail('the publicKey does not belong to the private key')
  return { secretKey: copyBytes(pair.secretKey), publicKey: copyBytes(pair.publicKey) }
}

/** The PKCS#8 (RFC 9881 seed form, or RFC 9909 raw key) of a key made from fresh randomness. */
export async function generatePqPkcs8(
  params: PqSignatureParams,
  random: (bytes: Uint8Array) => Uint8Array,
): Promise<Uint8Array> {
  const seed = random(new Uint8Array(params.seedBytes))
  const privateKey =
    params.family === 'ML-DSA'
      ? der.ctx(0, false, seed) // the RECOMMENDED seed-only form (RFC 9881 §8.1)
      : (await pqEngine(params)).keygen(seed).secretKey
  return der.seq(der.int(0), der.seq(der.oid(params.oid)), der.octets(privateKey))
}

/** The DER SubjectPublicKeyInfo of a raw public key (RFC 9881 §4, RFC 9909 §4). */
export function pqSubjectPublicKeyInfo(
  params: PqSignatureParams,
  publicKey: Uint8Array,
): Uint8Array {
  return der.seq(der.seq(der.oid(params.oid)), der.bits(publicKey))
}

/** OneAsymmetricKey ::= SEQUENCE { version, algorithm, privateKey, [0] attributes, [1] publicKey } */
function oneAsymmetricKeyPublicKey(
  pkcs8: Uint8Array,
  params: PqSignatureParams,
): Uint8Array | undefined {
  const fields = reader.sequence(reader.one(pkcs8), 'OneAsymmetricKey')
  // RFC 9881 §6 and RFC 9909 §6: the algorithm identifier's parameters MUST be absent (not NULL).
  if (reader.sequence(fields[1], 'privateKeyAlgorithm').length !== 1)
    reader.fail(`${params.name} keys take no algorithm parameters`)
  const field: Tlv | undefined = fields.slice(3).find((f) => reader.isContext(f, 1))
  if (!field) return undefined
  // [1] IMPLICIT BIT STRING: one octet of unused bits (0), then the key.
  if (field.content[0] !== 0) reader.fail('the publicKey BIT STRING has unused bits')
  return field.content.subarray(1)
}

function expectLength(bytes: Uint8Array, expected: number, what: string): void {
  if (bytes.length !== expected)
    reader.fail(`expected a ${expected}-byte ${what}, got ${bytes.length} bytes`)
}
