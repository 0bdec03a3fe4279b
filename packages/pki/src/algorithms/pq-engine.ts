// The one place that loads @noble/post-quantum (FIPS 204/205 in TypeScript). Its modules are
// imported dynamically: a bundle that never meets an ML-DSA or SLH-DSA key never loads them,
// and a bundler with code splitting puts them into chunks of their own.
import { UnsupportedAlgorithmError } from '../errors.js'
import type { PqSignatureParams } from './pq-params.js'

/** The operations of one parameter set (the subset of noble's `Signer` Siegel uses). */
export interface PqEngine {
  keygen(seed: Uint8Array): { secretKey: Uint8Array; publicKey: Uint8Array }
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean
  getPublicKey(secretKey: Uint8Array): Uint8Array
}

const EXPORT_NAMES: Readonly<Record<string, string>> = {
  'ML-DSA-44': 'ml_dsa44',
  'ML-DSA-65': 'ml_dsa65',
  'ML-DSA-87': 'ml_dsa87',
}

/** noble's export name for a parameter set: `SLH-DSA-SHA2-128s` → `slh_dsa_sha2_128s`. */
function exportName(params: PqSignatureParams): string {
  return EXPORT_NAMES[params.name] ?? params.name.toLowerCase().replaceAll('-', '_')
}

/**
 * The implementation of one parameter set, loaded on first use.
 *
 * @throws UnsupportedAlgorithmError `ERR_PKI_UNSUPPORTED_ALGORITHM` if the module cannot be
 *   loaded (a bundle built without it)
 */
export async function pqEngine(params: PqSignatureParams): Promise<PqEngine> {
  let module: Record<string, unknown>
  try {
    module =
      params.family === 'ML-DSA'
        ? await import('@noble/post-quantum/ml-dsa.js')
        : await import('@noble/post-quantum/slh-dsa.js')
  } catch (cause) {
    throw new UnsupportedAlgorithmError(params.name, `cannot load ${params.name}`, { cause })
  }
  const engine = module[exportName(params)] as PqEngine | undefined
  if (!engine) throw new UnsupportedAlgorithmError(params.name, `no ${params.name} implementation`)
  return engine
}
