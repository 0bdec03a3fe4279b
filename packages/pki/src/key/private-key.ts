import { isMlKem, parseMlKemPrivateKey, type MlKemType } from '../algorithms/ml-kem.js'
import { CURVE_OIDS, KEY_TYPES, OID, type DigestName } from '../algorithms/oids.js'
import { pqSignatureParams, type PqSignatureName } from '../algorithms/pq-params.js'
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { buildPrivateKeyInfo, parsePrivateKeyInfo } from '../lib/pkcs8.js'
import { copyBytes, subtle } from '../lib/bytes.js'
import { rememberedKey } from './crypto-key-cache.js'
import { readPqPrivateKey } from './pq-private-key.js'

/**
 * The key types {@link PrivateKey} can hold: classical ones, the ML-DSA and SLH-DSA parameter
 * sets (`'ML-DSA-65'`, `'SLH-DSA-SHA2-128s'`, ...) and the ML-KEM ones (`'ML-KEM-768'`).
 */
export type PrivateKeyType =
  'RSA' | 'RSA-PSS' | 'EC' | 'Ed25519' | 'Ed448' | 'X25519' | 'X448' | PqSignatureName | MlKemType

/** Options of {@link PrivateKey.toCryptoKey} and `importPrivateKey`. */
export interface CryptoKeyOptions {
  /** What the key will do: `'sign'` (default) or `'decrypt'` (RSA-OAEP, ECDH, X25519, X448). */
  usage?: 'sign' | 'decrypt'
  /** Digest bound to an RSA key (WebCrypto binds one at import). Default `'SHA-256'`. */
  hash?: DigestName
  /** RSA signature scheme: `'pkcs1'` (RSASSA-PKCS1-v1_5, default) or `'pss'` (RSA-PSS). */
  rsaScheme?: 'pkcs1' | 'pss'
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

let construct: (
  pkcs8: Uint8Array,
  type: PrivateKeyType,
  curve?: string,
  bits?: number,
) => PrivateKey
// The key material lives here, not on the object: no property, JSON or inspection reaches it.
const MATERIAL = new WeakMap<PrivateKey, Uint8Array>()
const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/**
 * A private key held opaquely. Make one with `readPrivateKey`, `readPkcs12` or
 * `generateKeyPair`; turn it into a non-extractable WebCrypto key with
 * {@link PrivateKey.toCryptoKey}.
 *
 * The key material is kept where neither properties, `JSON.stringify` nor `console.log` reach
 * it. Only functions of this package use it: `writePkcs12`, and operations WebCrypto lacks.
 *
 * ML-DSA and SLH-DSA keys (post-quantum) have no WebCrypto form: {@link PrivateKey.toCryptoKey}
 * refuses them and they are used as they are, by `createSignature`, `signData`/`signMessage`
 * of `@siegel/core`, `issueCertificate` and `createCertificateRequest`. Their bytes therefore
 * live in JavaScript memory for as long as this object does: there is no non-extractable
 * form to hide them in, and a heap dump of the process shows them. Drop the object when done.
 *
 * Reachable from `@siegel/pki`.
 * @example
 * ```ts
 * const key = await readPrivateKey(pem, { password })
 * key.type // 'RSA'
 * const signingKey = await key.toCryptoKey({ usage: 'sign' })
 * ```
 */
export class PrivateKey {
  /** The key type. */
  readonly type: PrivateKeyType
  /** For EC keys: `P-256`, `P-384` or `P-521`. */
  readonly namedCurve: string | undefined
  /** For RSA keys: the modulus size in bits. */
  readonly modulusBits: number | undefined

  static {
    construct = (pkcs8, type, curve, bits) => new PrivateKey(pkcs8, type, curve, bits)
    // What Node's console.log and util.inspect print: the type and size, never the material.
    Object.defineProperty(PrivateKey.prototype, INSPECT, {
      value(this: PrivateKey): string {
        return this.toString()
      },
    })
  }

  private constructor(pkcs8: Uint8Array, type: PrivateKeyType, curve?: string, bits?: number) {
    this.type = type
    this.namedCurve = curve
    this.modulusBits = bits
    MATERIAL.set(this, pkcs8)
    Object.freeze(this)
  }

  /**
   * A **non-extractable** WebCrypto key for one usage.
   *
   * The key is imported once per usage, digest and scheme (and WebCrypto implementation) and
   * then remembered with this object: later calls give the same `CryptoKey`, which is why
   * decrypting or signing repeatedly with one `PrivateKey` costs no import. The remembered
   * keys go when this object is dropped.
   *
   * @param options - usage, digest and RSA scheme, crypto implementation
   * @returns the `CryptoKey`
   * @throws UnsupportedAlgorithmError `ERR_PKI_UNSUPPORTED_ALGORITHM` if the runtime cannot
   *   use this key type for that usage (Ed448 and X448 in browsers; ML-DSA and SLH-DSA
   *   everywhere: WebCrypto has no such keys); PkiError
   *   `ERR_PKI_MALFORMED_KEY` if the runtime rejects the key
   */
  async toCryptoKey(options?: CryptoKeyOptions): Promise<CryptoKey> {
    const [params, usages] = importParams(this.type, this.namedCurve, options)
    return rememberedKey(this, subtle(options?.crypto), [params, usages], () =>
      importPkcs8(webCryptoPkcs8(this), this.type, this.namedCurve, options, false),
    )
  }

  /**
   * The matching public key as a DER SubjectPublicKeyInfo, e.g. for a certification request or
   * to find the certificate that belongs to this key. RSA-PSS keys are given as rsaEncryption.
   *
   * @param options - crypto implementation
   * @returns the DER SubjectPublicKeyInfo
   * @throws UnsupportedAlgorithmError `ERR_PKI_UNSUPPORTED_ALGORITHM` if the runtime lacks the
   *   key type
   */
  async publicKeyInfo(options?: { crypto?: Crypto }): Promise<Uint8Array> {
    if (pqSignatureParams(this.type))
      return (await import('./pq-key-pair.js')).pqPublicKeyInfo(this)
    if (isMlKem(this.type)) {
      // RFC 9935 §8: the key is checked (seed against expandedKey, FIPS 203 hash check) here.
      const { privateKey } = parsePrivateKeyInfo(privateKeyMaterial(this))
      const { checkedMlKemPublicKeyInfo } = await import('../algorithms/ml-kem-check.js')
      return checkedMlKemPublicKeyInfo(this.type, privateKey)
    }
    const webcrypto = subtle(options?.crypto)
    const sign = !['X25519', 'X448'].includes(this.type)
    const cryptoOptions = {
      usage: sign ? ('sign' as const) : ('decrypt' as const),
      ...(options?.crypto ? { crypto: options.crypto } : {}),
    }
    // Import extractable only for this moment, to read the public half as JWK.
    const key = await importPkcs8(
      webCryptoPkcs8(this),
      this.type,
      this.namedCurve,
      cryptoOptions,
      true,
    )
    const jwk = await webcrypto.exportKey('jwk', key)
    const publicJwk: JsonWebKey = { kty: jwk.kty! }
    for (const field of ['n', 'e', 'crv', 'x', 'y'] as const)
      if (jwk[field] !== undefined) publicJwk[field] = jwk[field]
    const usages: KeyUsage[] = sign ? ['verify'] : []
    const algorithm =
      key.algorithm.name === 'ECDH' ? { name: 'ECDH', namedCurve: this.namedCurve! } : key.algorithm
    const publicKey = await webcrypto.importKey('jwk', publicJwk, algorithm, true, usages)
    return new Uint8Array(await webcrypto.exportKey('spki', publicKey))
  }

  /** Type and size only; never the key material. */
  toJSON(): { type: PrivateKeyType; namedCurve?: string; modulusBits?: number } {
    return {
      type: this.type,
      ...(this.namedCurve ? { namedCurve: this.namedCurve } : {}),
      ...(this.modulusBits ? { modulusBits: this.modulusBits } : {}),
    }
  }

  /** For logs: the type and size, never the key material. */
  toString(): string {
    return `PrivateKey(${this.type}${this.namedCurve ? ` ${this.namedCurve}` : ''}${this.modulusBits ? ` ${this.modulusBits}` : ''})`
  }
}

/** Wraps a version-0 PKCS#8 PrivateKeyInfo (internal: the readers and generators use it). */
export function makePrivateKey(pkcs8: Uint8Array): PrivateKey {
  const info = parsePrivateKeyInfo(pkcs8)
  const type = KEY_TYPES[info.algorithmOid] as PrivateKeyType | undefined
  if (!type)
    throw new UnsupportedAlgorithmError(
      info.algorithmOid,
      `unsupported private key algorithm ${info.algorithmOid}`,
    )
  const pq = pqSignatureParams(type)
  if (pq) {
    // Kept as read (a OneAsymmetricKey v2 keeps its publicKey) after the form is checked.
    readPqPrivateKey(pq, pkcs8, info.privateKey)
    return construct(copyBytes(pkcs8), type)
  }
  let curve: string | undefined
  if (type === 'EC') {
    curve = info.curveOid === undefined ? undefined : CURVE_OIDS[info.curveOid]
    if (!curve)
      throw new UnsupportedAlgorithmError(
        info.curveOid ?? 'EC',
        `unsupported EC curve ${info.curveOid ?? '(none given)'}`,
      )
  }
  if (isMlKem(type)) {
    // RFC 9935 §6: parameters absent; the CHOICE and its sizes are checked before any use.
    if (info.parameters)
      throw new PkiError('ERR_PKI_MALFORMED_KEY', `${type} keys have no algorithm parameters`)
    parseMlKemPrivateKey(type, info.privateKey)
  }
  return construct(copyBytes(buildPrivateKeyInfo(info)), type, curve, info.modulusBits)
}

/**
 * The key once the checks that need work have passed (internal: readers call it). ML-KEM:
 * RFC 9935 §8 seed consistency and the FIPS 203 §7.3 hash check.
 */
export async function checkedPrivateKey(key: PrivateKey): Promise<PrivateKey> {
  if (isMlKem(key.type)) await key.publicKeyInfo()
  return key
}

/** The PKCS#8 PrivateKeyInfo of a key (internal: for writers and operations WebCrypto lacks). */
export function privateKeyMaterial(key: PrivateKey): Uint8Array {
  const material = MATERIAL.get(key)
  if (!material)
    throw new PkiError('ERR_PKI_INVALID_INPUT', 'expected a PrivateKey made by @siegel/pki')
  return material
}

/** PKCS#8 as WebCrypto takes it: id-RSASSA-PSS keys are presented as rsaEncryption. */
function webCryptoPkcs8(key: PrivateKey): Uint8Array {
  const material = privateKeyMaterial(key)
  if (key.type !== 'RSA-PSS') return material
  // RFC 4055 §1.2: the key itself is the same RSAPrivateKey; browsers only import rsaEncryption.
  const { privateKey } = parsePrivateKeyInfo(material)
  return buildPrivateKeyInfo({ algorithmOid: OID.rsaEncryption, privateKey })
}

function importParams(
  type: PrivateKeyType,
  namedCurve: string | undefined,
  options: CryptoKeyOptions | undefined,
): [RsaHashedImportParams | EcKeyImportParams | Algorithm, KeyUsage[]] {
  const usage = options?.usage ?? 'sign'
  const hash = options?.hash ?? 'SHA-256'
  const sign = usage === 'sign'
  switch (type) {
    case 'RSA':
      if (!sign) return [{ name: 'RSA-OAEP', hash }, ['decrypt']]
      return [
        { name: options?.rsaScheme === 'pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash },
        ['sign'],
      ]
    case 'RSA-PSS':
      if (sign) return [{ name: 'RSA-PSS', hash }, ['sign']]
      break
    case 'EC':
      return sign
        ? [{ name: 'ECDSA', namedCurve: namedCurve! }, ['sign']]
        : [{ name: 'ECDH', namedCurve: namedCurve! }, ['deriveBits']]
    case 'Ed25519':
    case 'Ed448':
      if (sign) return [{ name: type }, ['sign']]
      break
    case 'X25519':
    case 'X448':
      if (!sign) return [{ name: type }, ['deriveBits']]
      break
  }
  throw new UnsupportedAlgorithmError(type, `a ${type} key cannot be used to ${usage}`)
}

export async function importPkcs8(
  pkcs8: Uint8Array,
  type: PrivateKeyType,
  namedCurve: string | undefined,
  options: CryptoKeyOptions | undefined,
  extractable: boolean,
): Promise<CryptoKey> {
  const [params, usages] = importParams(type, namedCurve, options)
  try {
    return await subtle(options?.crypto).importKey(
      'pkcs8',
      copyBytes(pkcs8),
      params,
      extractable,
      usages,
    )
  } catch (cause) {
    const name = (cause as { name?: string } | undefined)?.name
    if (
      name === 'NotSupportedError' ||
      (cause instanceof TypeError && /not supported|Unrecognized/i.test(cause.message))
    ) {
      throw new UnsupportedAlgorithmError(
        params.name,
        `this runtime cannot import ${params.name} keys`,
        { cause },
      )
    }
    throw new PkiError(
      'ERR_PKI_MALFORMED_KEY',
      `the ${params.name} private key was rejected on import`,
      { cause },
    )
  }
}
