import { PQ_KEY_TYPES } from './pq-params.js'

/** A digest that Siegel signs and verifies with. */
export type DigestName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'

export const DIGEST_OIDS: Readonly<Record<DigestName, string>> = {
  'SHA-1': '1.3.14.3.2.26',
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
}

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
  mlKem512: '2.16.840.1.101.3.4.4.1',
  mlKem768: '2.16.840.1.101.3.4.4.2',
  mlKem1024: '2.16.840.1.101.3.4.4.3',
} as const

/** Public key algorithm OIDs (RFC 3279, 4055, 5480, 8410, 9935) and the names Siegel uses. */
export const KEY_TYPES: Readonly<Record<string, string>> = {
  [OID.rsaEncryption]: 'RSA',
  [OID.rsassaPss]: 'RSA-PSS',
  [OID.ecPublicKey]: 'EC',
  [OID.ed25519]: 'Ed25519',
  [OID.ed448]: 'Ed448',
  [OID.x25519]: 'X25519',
  [OID.x448]: 'X448',
  // ML-DSA (RFC 9881 §2) and SLH-DSA (RFC 9909 §3): the parameter set is the key type.
  ...PQ_KEY_TYPES,
  [OID.mlKem512]: 'ML-KEM-512',
  [OID.mlKem768]: 'ML-KEM-768',
  [OID.mlKem1024]: 'ML-KEM-1024',
}

/** Signature algorithm OIDs that fix their digest (RFC 4055, RFC 5758). */
export const SIGNATURE_OIDS: Readonly<Record<string, { key: 'RSA' | 'EC'; digest: DigestName }>> = {
  '1.2.840.113549.1.1.5': { key: 'RSA', digest: 'SHA-1' },
  '1.2.840.113549.1.1.11': { key: 'RSA', digest: 'SHA-256' },
  '1.2.840.113549.1.1.12': { key: 'RSA', digest: 'SHA-384' },
  '1.2.840.113549.1.1.13': { key: 'RSA', digest: 'SHA-512' },
  '1.2.840.10045.4.1': { key: 'EC', digest: 'SHA-1' },
  '1.2.840.10045.4.3.2': { key: 'EC', digest: 'SHA-256' },
  '1.2.840.10045.4.3.3': { key: 'EC', digest: 'SHA-384' },
  '1.2.840.10045.4.3.4': { key: 'EC', digest: 'SHA-512' },
}

export const CURVE_OIDS: Readonly<Record<string, 'P-256' | 'P-384' | 'P-521'>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
}

/**
 * The WebCrypto digest name for a digest algorithm OID, or `undefined` if Siegel does not know it.
 *
 * Reachable from `@siegel/pki`.
 * @param oid - e.g. `2.16.840.1.101.3.4.2.1`
 * @returns e.g. `'SHA-256'`
 * @example
 * ```ts
 * digestFromOid('2.16.840.1.101.3.4.2.1') // 'SHA-256'
 * ```
 */
export function digestFromOid(oid: string): DigestName | undefined {
  return (Object.keys(DIGEST_OIDS) as DigestName[]).find((name) => DIGEST_OIDS[name] === oid)
}

/**
 * The OID of a digest algorithm.
 *
 * Reachable from `@siegel/pki`.
 * @param digest - a WebCrypto digest name
 * @returns the dotted OID
 * @example
 * ```ts
 * digestOid('SHA-256') // '2.16.840.1.101.3.4.2.1'
 * ```
 */
export function digestOid(digest: DigestName): string {
  return DIGEST_OIDS[digest]
}
