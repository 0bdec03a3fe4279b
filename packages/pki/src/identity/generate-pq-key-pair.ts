import type { PqSignatureParams } from '../algorithms/pq-params.js'
import { pqPublicKeyInfo } from '../key/pq-key-pair.js'
import { generatePqPkcs8 } from '../key/pq-private-key.js'
import { makePrivateKey } from '../key/private-key.js'
import type { GeneratedKeyPair } from './generate-key-pair.js'

/**
 * An ML-DSA key (seed form, RFC 9881 §6) or SLH-DSA key (RFC 9909 §6) from the runtime's
 * random source (`crypto.getRandomValues`).
 */
export async function generatePqKeyPair(
  params: PqSignatureParams,
  crypto: Crypto | undefined,
): Promise<GeneratedKeyPair> {
  const source = crypto ?? globalThis.crypto
  const pkcs8 = await generatePqPkcs8(params, (bytes) => source.getRandomValues(bytes))
  const privateKey = makePrivateKey(pkcs8)
  return { privateKey, publicKeyInfo: await pqPublicKeyInfo(privateKey) }
}
