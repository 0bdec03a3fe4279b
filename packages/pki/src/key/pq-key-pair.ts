// The key pair behind an ML-DSA or SLH-DSA PrivateKey, derived and checked on first use and
// then remembered with the object (keygen from a seed costs about a millisecond for ML-DSA and
// far more for SLH-DSA "s" sets).
import { pqSignatureParams, type PqSignatureParams } from '../algorithms/pq-params.js'
import { UnsupportedAlgorithmError } from '../errors.js'
import { parsePrivateKeyInfo } from '../lib/pkcs8.js'
import { privateKeyMaterial, type PrivateKey } from './private-key.js'
import {
  derivePqKeyPair,
  pqSubjectPublicKeyInfo,
  readPqPrivateKey,
  type PqKeyPair,
} from './pq-private-key.js'

const PAIRS = new WeakMap<PrivateKey, Promise<PqKeyPair>>()

/** The parameters of a PQ PrivateKey; throws for a classical one. */
export function pqParamsOf(key: PrivateKey): PqSignatureParams {
  const params = pqSignatureParams(key.type)
  if (!params)
    throw new UnsupportedAlgorithmError(key.type, `${key.type} is no ML-DSA or SLH-DSA key`)
  return params
}

/**
 * The checked key pair of an ML-DSA or SLH-DSA PrivateKey.
 *
 * @throws PkiError `ERR_PKI_MALFORMED_KEY` for an inconsistent key (see `derivePqKeyPair`)
 */
export function pqKeyPair(key: PrivateKey): Promise<PqKeyPair> {
  let pair = PAIRS.get(key)
  if (!pair) {
    const params = pqParamsOf(key)
    const pkcs8 = privateKeyMaterial(key)
    const info = parsePrivateKeyInfo(pkcs8)
    const fields = readPqPrivateKey(params, pkcs8, info.privateKey)
    pair = derivePqKeyPair(params, fields)
    PAIRS.set(key, pair)
    // A failed derivation is not remembered: the next call reports it again.
    pair.catch(() => PAIRS.delete(key))
  }
  return pair
}

/** The DER SubjectPublicKeyInfo of an ML-DSA or SLH-DSA PrivateKey. */
export async function pqPublicKeyInfo(key: PrivateKey): Promise<Uint8Array> {
  return pqSubjectPublicKeyInfo(pqParamsOf(key), (await pqKeyPair(key)).publicKey)
}
