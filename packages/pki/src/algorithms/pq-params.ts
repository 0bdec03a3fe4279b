// The post-quantum signature algorithms (FIPS 204 ML-DSA, FIPS 205 SLH-DSA) as X.509 and CMS
// name them. Only sizes and identifiers live here; the arithmetic is loaded when first used
// (see pq-engine.ts), so that code which never meets such a key never loads it.
import type { DigestName } from './oids.js'

/** ML-DSA parameter sets (FIPS 204 Table 1; RFC 9881 §2). Reachable from `@siegel/pki`. */
export type MlDsaName = 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87'

/** SLH-DSA parameter sets (FIPS 205 Table 2; RFC 9909 §3). Reachable from `@siegel/pki`. */
export type SlhDsaName =
  | 'SLH-DSA-SHA2-128s'
  | 'SLH-DSA-SHA2-128f'
  | 'SLH-DSA-SHA2-192s'
  | 'SLH-DSA-SHA2-192f'
  | 'SLH-DSA-SHA2-256s'
  | 'SLH-DSA-SHA2-256f'
  | 'SLH-DSA-SHAKE-128s'
  | 'SLH-DSA-SHAKE-128f'
  | 'SLH-DSA-SHAKE-192s'
  | 'SLH-DSA-SHAKE-192f'
  | 'SLH-DSA-SHAKE-256s'
  | 'SLH-DSA-SHAKE-256f'

/** A post-quantum signature key type: its parameter set. Reachable from `@siegel/pki`. */
export type PqSignatureName = MlDsaName | SlhDsaName

/** Sizes and CMS conventions of one parameter set. Reachable from `@siegel/pki`. */
export interface PqSignatureParams {
  name: PqSignatureName
  family: 'ML-DSA' | 'SLH-DSA'
  oid: string
  publicKeyBytes: number
  /** The expanded (FIPS 204 skEncode) or raw (FIPS 205 §9.1) private key. */
  secretKeyBytes: number
  signatureBytes: number
  /** ML-DSA: the key-generation seed ξ; SLH-DSA: SK.seed ‖ SK.prf ‖ PK.seed. */
  seedBytes: number
  /**
   * The digest Siegel uses for signed attributes (RFC 9882 §3.3: SHA-512 for every ML-DSA set;
   * RFC 9814: SHA-256 for the 128-bit SHA2 sets, SHA-512 above). `undefined` for the SHAKE
   * sets, whose CMS digests (SHAKE128/SHAKE256, RFC 8702) Siegel does not compute.
   */
  cmsDigest: DigestName | undefined
  /** Digests strong enough for this set (RFC 9882 §3.3 table; RFC 9814), weakest first. */
  digests: readonly DigestName[]
}

const ALL: readonly DigestName[] = ['SHA-256', 'SHA-384', 'SHA-512']
const FROM_384: readonly DigestName[] = ['SHA-384', 'SHA-512']
const ONLY_512: readonly DigestName[] = ['SHA-512']
// NIST CSOR: id-ml-dsa-44 is 2.16.840.1.101.3.4.3.17, the SLH-DSA sets follow from .20 to .31.
const ARC = '2.16.840.1.101.3.4.3.'

function mlDsa(name: MlDsaName, n: number, sizes: [number, number, number]): PqSignatureParams {
  const digests = n === 17 ? ALL : n === 18 ? FROM_384 : ONLY_512
  const [publicKeyBytes, secretKeyBytes, signatureBytes] = sizes
  return {
    name,
    family: 'ML-DSA',
    oid: ARC + n,
    publicKeyBytes,
    secretKeyBytes,
    signatureBytes,
    seedBytes: 32,
    cmsDigest: 'SHA-512',
    digests,
  }
}

function slhDsa(
  name: SlhDsaName,
  n: number,
  security: 16 | 24 | 32,
  sig: number,
): PqSignatureParams {
  const sha2 = name.startsWith('SLH-DSA-SHA2')
  return {
    name,
    family: 'SLH-DSA',
    oid: ARC + n,
    publicKeyBytes: 2 * security,
    secretKeyBytes: 4 * security,
    signatureBytes: sig,
    seedBytes: 3 * security,
    cmsDigest: sha2 ? (security === 16 ? 'SHA-256' : 'SHA-512') : undefined,
    digests: security === 16 ? ALL : ONLY_512,
  }
}

const LIST: readonly PqSignatureParams[] = [
  mlDsa('ML-DSA-44', 17, [1312, 2560, 2420]),
  mlDsa('ML-DSA-65', 18, [1952, 4032, 3309]),
  mlDsa('ML-DSA-87', 19, [2592, 4896, 4627]),
  slhDsa('SLH-DSA-SHA2-128s', 20, 16, 7856),
  slhDsa('SLH-DSA-SHA2-128f', 21, 16, 17088),
  slhDsa('SLH-DSA-SHA2-192s', 22, 24, 16224),
  slhDsa('SLH-DSA-SHA2-192f', 23, 24, 35664),
  slhDsa('SLH-DSA-SHA2-256s', 24, 32, 29792),
  slhDsa('SLH-DSA-SHA2-256f', 25, 32, 49856),
  slhDsa('SLH-DSA-SHAKE-128s', 26, 16, 7856),
  slhDsa('SLH-DSA-SHAKE-128f', 27, 16, 17088),
  slhDsa('SLH-DSA-SHAKE-192s', 28, 24, 16224),
  slhDsa('SLH-DSA-SHAKE-192f', 29, 24, 35664),
  slhDsa('SLH-DSA-SHAKE-256s', 30, 32, 29792),
  slhDsa('SLH-DSA-SHAKE-256f', 31, 32, 49856),
]

/** Parameter sets by OID (public key, private key and signature share one OID). */
export const PQ_SIGNATURE_OIDS: Readonly<Record<string, PqSignatureParams>> = Object.fromEntries(
  LIST.map((params) => [params.oid, params]),
)

/** Key type names by OID, merged into `KEY_TYPES`. */
export const PQ_KEY_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  LIST.map((params) => [params.oid, params.name]),
)

/**
 * The sizes, OID and CMS digests of an ML-DSA or SLH-DSA key type (a `PrivateKey.type` or
 * `PublicKeyInfo.type`), or `undefined` for any other key type.
 *
 * Reachable from `@siegel/pki`.
 * @param name - a key type, e.g. `'ML-DSA-65'`
 * @returns the parameter set, or `undefined`
 * @example
 * ```ts
 * pqSignatureParams('ML-DSA-65')?.cmsDigest // 'SHA-512'
 * pqSignatureParams('RSA') // undefined
 * ```
 */
export function pqSignatureParams(name: string): PqSignatureParams | undefined {
  return LIST.find((params) => params.name === name)
}
