import { OID } from '../algorithms/oids.js'
import { pqSignatureParams } from '../algorithms/pq-params.js'
import { decodePem } from '../encoding/pem.js'
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { DerReader, type Tlv } from '../lib/der.js'
import { KdfBudget } from '../lib/limits.js'
import { loadHashes } from '../lib/hash.js'
import { parsePbe, passwordForms, type Password, type PbeDecryption } from '../lib/pbe.js'
import {
  buildPrivateKeyInfo,
  isRsaPrivateKey,
  parsePrivateKeyInfo,
  parseSec1,
} from '../lib/pkcs8.js'
import { checkedPrivateKey, makePrivateKey, type PrivateKey } from './private-key.js'

/**
 * Limits on the password-based key derivation of {@link readPrivateKey} and
 * {@link readPkcs12}. A file names its own iteration count, so without them a file of a few KiB
 * could ask for hours of work. Each derivation is priced and checked before it runs; over a
 * limit, the call throws {@link LimitExceededError} (`ERR_PKI_LIMIT_EXCEEDED`, `limit` naming
 * it). Raise a limit only for files you trust; an option of 0, NaN, a negative number or a
 * string throws `ERR_PKI_INVALID_OPTION` instead of disabling the limit.
 *
 * Reachable from `@siegel/pki`.
 */
export interface KeyDerivationLimits {
  /**
   * Most iterations one PBKDF2 or PKCS#12 KDF derivation (or the PKCS#12 MAC) may ask for.
   * Default 1,000,000 (OpenSSL writes 2,048, Windows 2,000, Java 10,000).
   */
  maxIterations?: number
  /**
   * Most iterations all derivations of the call may add up to, counting one per output block
   * (a 3DES key from SHA-1 is two) and the MAC, every encrypted safe and every key. Default
   * 1,000,000: about 0.5 s in Node and 0.9 s in Chromium in the slowest case, the legacy
   * PKCS#12 KDF (in JavaScript). A modern file costs three times its iteration count, a legacy
   * one six to seven times.
   */
  maxTotalIterations?: number
}

/** Options of {@link readPrivateKey}. */
export interface ReadPrivateKeyOptions extends KeyDerivationLimits {
  /** The password of an encrypted PKCS#8 key. Required for those; ignored otherwise. */
  password?: string
  /** WebCrypto implementation (for PBES2). Default `globalThis.crypto`. */
  crypto?: Crypto
}

const PEM_LABELS = ['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']
const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_KEY', 'private key')
const textDecoder = new TextDecoder()

/**
 * Reads a private key from PEM or DER in any of the usual formats into an opaque
 * {@link PrivateKey}:
 * - PKCS#8 `PRIVATE KEY` (RFC 5208/5958), also OneAsymmetricKey v2 with a public key;
 * - encrypted PKCS#8 `ENCRYPTED PRIVATE KEY`: PBES2 (PBKDF2 with HMAC-SHA-1/256/384/512 and
 *   AES-128/192/256-CBC or 3DES), the PKCS#12 schemes (3DES, RC2) and PBES1 (DES, RC2);
 * - PKCS#1 `RSA PRIVATE KEY` and SEC1 `EC PRIVATE KEY`.
 *
 * Key types: RSA, RSA-PSS, EC P-256/384/521, Ed25519, Ed448, X25519, X448 (whether the
 * runtime can then *use* Ed448/X448 is decided by {@link PrivateKey.toCryptoKey}); ML-DSA-44/65/87
 * in any of the three forms of RFC 9881 §6 (seed, expandedKey, both) and the SLH-DSA sets of
 * RFC 9909 §6. An ML-DSA key is checked for consistency as it is read: `both` must have the
 * seed's expanded key, an `expandedKey` must sign what its public key verifies, and a
 * OneAsymmetricKey publicKey must belong to the private key.
 *
 * Reachable from `@siegel/pki`.
 * @param input - PEM text or bytes, or DER bytes
 * @param options - password for encrypted keys; key-derivation limits; crypto implementation
 * @returns the key
 * @throws PkiError `ERR_PKI_MALFORMED_KEY` for bytes that are no private key,
 *   `ERR_PKI_INVALID_PEM` for PEM without a key block, `ERR_PKI_PASSWORD_REQUIRED` for an
 *   encrypted key without password, `ERR_PKI_BAD_PASSWORD` for a wrong password,
 *   `ERR_PKI_INVALID_OPTION` for a limit option that is no positive integer;
 *   LimitExceededError (`ERR_PKI_LIMIT_EXCEEDED`) for an iteration count over `maxIterations`
 *   or `maxTotalIterations`, thrown before any key derivation; UnsupportedAlgorithmError
 *   (`ERR_PKI_UNSUPPORTED_ALGORITHM`) for an unknown key type, curve or encryption scheme;
 *   `ERR_PKI_MALFORMED_KEY` also for an ML-DSA/SLH-DSA key of the wrong length or form, or
 *   whose parts disagree
 * @example
 * ```ts
 * const key = await readPrivateKey(encryptedPem, { password: 'secret' })
 * const cryptoKey = await key.toCryptoKey()
 * ```
 */
export async function readPrivateKey(
  input: Uint8Array | string,
  options?: ReadPrivateKeyOptions,
): Promise<PrivateKey> {
  const budget = new KdfBudget(options)
  const { der, label } = keyBytes(input)
  const top = reader.one(der)
  const fields = reader.sequence(top, 'private key')
  if (label === 'ENCRYPTED PRIVATE KEY' || (label === undefined && isEncryptedPkcs8(fields))) {
    await loadHashes()
    if (options?.password === undefined)
      throw new PkiError(
        'ERR_PKI_PASSWORD_REQUIRED',
        'the private key is encrypted: give its password',
      )
    const encrypted = parseEncryptedPkcs8(fields, budget)
    budget.spend(encrypted.scheme.work, 'the encrypted private key')
    const password = passwordForms(options.password)[0]!
    return consistent(makePrivateKey(await decryptPkcs8(encrypted, password, options.crypto)))
  }
  if (label === 'RSA PRIVATE KEY' || (label === undefined && isRsaPrivateKey(der))) {
    if (!isRsaPrivateKey(der)) reader.fail('expected a PKCS#1 RSAPrivateKey')
    return makePrivateKey(buildPrivateKeyInfo({ algorithmOid: OID.rsaEncryption, privateKey: der }))
  }
  if (label === 'EC PRIVATE KEY' || (label === undefined && isSec1(fields))) {
    const { curveOid } = parseSec1(der)
    if (!curveOid) reader.fail('the SEC1 key names no curve')
    return makePrivateKey(
      buildPrivateKeyInfo({ algorithmOid: OID.ecPublicKey, curveOid, privateKey: der }),
    )
  }
  parsePrivateKeyInfo(der)
  return consistent(makePrivateKey(der))
}

/**
 * RFC 9881 §8.2: an ML-DSA (or ML-KEM) key whose seed, expanded key and public key disagree is rejected
 * when read, not at its first signature (the check loads the ML-DSA/SLH-DSA code).
 */
async function consistent(key: PrivateKey): Promise<PrivateKey> {
  if (pqSignatureParams(key.type)) await (await import('./pq-key-pair.js')).pqKeyPair(key)
  // RFC 9935 §8: an ML-KEM key is checked the same way (seed against expandedKey, FIPS 203).
  return checkedPrivateKey(key)
}

/** An EncryptedPrivateKeyInfo (RFC 5958 §3) with its scheme read and priced. */
export interface EncryptedPkcs8 {
  scheme: PbeDecryption
  encrypted: Uint8Array
}

/** Reads an EncryptedPrivateKeyInfo's scheme and checks its limits; derives nothing yet. */
export function parseEncryptedPkcs8(fields: Tlv[], budget: KdfBudget): EncryptedPkcs8 {
  const encrypted = reader.octets(fields[1], 'encryptedData')
  return { scheme: parsePbe(reader, fields[0], budget), encrypted }
}

/** Decrypts an EncryptedPrivateKeyInfo whose work is booked to the PrivateKeyInfo it holds. */
export async function decryptPkcs8(
  { scheme, encrypted }: EncryptedPkcs8,
  password: Password,
  crypto: Crypto | undefined,
): Promise<Uint8Array> {
  const plain = await scheme.decrypt(password, encrypted, crypto)
  try {
    parsePrivateKeyInfo(plain)
  } catch (cause) {
    // CBC padding passes by chance for about one wrong password in 256.
    throw new PkiError('ERR_PKI_BAD_PASSWORD', 'the password is wrong (no key inside)', { cause })
  }
  return plain
}

function isEncryptedPkcs8(fields: Tlv[]): boolean {
  return fields.length === 2 && fields[0]!.tag === 0x10 && fields[1]!.tag === 4
}

function isSec1(fields: Tlv[]): boolean {
  return fields[0]?.tag === 2 && fields[0].content[0] === 1 && fields[1]?.tag === 4
}

function keyBytes(input: Uint8Array | string): { der: Uint8Array; label?: string } {
  if (typeof input !== 'string' && !(input instanceof Uint8Array))
    throw new PkiError(
      'ERR_PKI_INVALID_INPUT',
      'expected a private key as Uint8Array or PEM string',
    )
  const text =
    typeof input === 'string'
      ? input
      : input[0] !== 0x30
        ? textDecoder.decode(input.subarray(0, 1 << 20))
        : undefined
  if (text === undefined) return { der: input as Uint8Array }
  if (/Proc-Type:\s*4,\s*ENCRYPTED/.test(text))
    throw new UnsupportedAlgorithmError(
      'Proc-Type',
      'OpenSSL "traditional" encrypted PEM is not supported: convert it with `openssl pkcs8 -topk8`',
    )
  const blocks = decodePem(text)
  const block = blocks.find((b) => PEM_LABELS.includes(b.label))
  if (!block) {
    const found = blocks.map((b) => b.label).join(', ') || 'no PEM block'
    throw new PkiError('ERR_PKI_INVALID_PEM', `expected a private key PEM block, found ${found}`)
  }
  return block
}
