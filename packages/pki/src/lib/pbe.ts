// Password-based encryption as PKCS#8 and PKCS#12 use it: PBES2 (RFC 8018 §6.2), the PKCS#12
// PBE schemes (RFC 7292 appendix C) and PBES1 (RFC 8018 §6.1).
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { bmpBytes, DerReader, type Tlv } from './der.js'
import { hash, type HashName } from './hash.js'
import { subtle } from './bytes.js'
import { CbcError } from './legacy/cbc.js'
import {
  cbcDecrypt,
  legacyBlockCipher,
  rc2EffectiveBits,
  type LegacyCipherName,
} from './legacy/ciphers.js'
import { PKCS12_IV, PKCS12_KEY, pkcs12Kdf } from './legacy/pkcs12-kdf.js'

// OpenSSL writes 2048 iterations, Windows 2000, OWASP asks 600,000 for PBKDF2-SHA256; a file
// that asks for more than a million would only stall us (a denial of service, not security).
export const MAX_ITERATIONS = 1_000_000

export const PBES2 = '1.2.840.113549.1.5.13'
export const PBKDF2 = '1.2.840.113549.1.5.12'
const PRFS: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
}
const AES_CBC: Readonly<Record<string, number>> = {
  '2.16.840.1.101.3.4.1.2': 16,
  '2.16.840.1.101.3.4.1.22': 24,
  '2.16.840.1.101.3.4.1.42': 32,
}
const DES_EDE3_CBC = '1.2.840.113549.3.7'
const DES_CBC = '1.3.14.3.2.7'
const RC2_CBC = '1.2.840.113549.3.2'

/** RFC 7292 appendix C: pbeWithSHAAnd… (key bytes, cipher, RC2 effective bits). */
const PKCS12_PBE: Readonly<Record<string, [number, LegacyCipherName, number?]>> = {
  '1.2.840.113549.1.12.1.3': [24, 'des-ede3-cbc'],
  '1.2.840.113549.1.12.1.4': [16, 'des-ede3-cbc'],
  '1.2.840.113549.1.12.1.5': [16, 'rc2-cbc', 128],
  '1.2.840.113549.1.12.1.6': [5, 'rc2-cbc', 40],
}
/** RFC 8018 §6.1 PBES1: (digest, cipher); RC2 there has 64 effective bits (RFC 8018 B.2.2). */
const PBES1: Readonly<Record<string, [HashName, LegacyCipherName]>> = {
  '1.2.840.113549.1.5.3': ['MD5', 'des-cbc'],
  '1.2.840.113549.1.5.6': ['MD5', 'rc2-cbc'],
  '1.2.840.113549.1.5.10': ['SHA-1', 'des-cbc'],
  '1.2.840.113549.1.5.11': ['SHA-1', 'rc2-cbc'],
}
export const PKCS12_3DES_OID = '1.2.840.113549.1.12.1.3'

const names: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.12.1.1': 'pbeWithSHAAnd128BitRC4',
  '1.2.840.113549.1.12.1.2': 'pbeWithSHAAnd40BitRC4',
  '1.3.6.1.4.1.11591.4.11': 'scrypt',
}

/**
 * A password in both forms the schemes use: text (UTF-8 for PBES1/PBES2) and the BMPString
 * bytes of the PKCS#12 KDF. RFC 7292 appendix B.1 leaves the empty password ambiguous: OpenSSL
 * and Windows use two zero bytes, some Java tools no bytes at all.
 */
export interface Password {
  text: string
  bmp: Uint8Array
}

export function passwordForms(text: string): Password[] {
  const forms = [{ text, bmp: bmpBytes(text, true) }]
  if (text === '') forms.push({ text, bmp: new Uint8Array(0) })
  return forms
}

/** Decrypts `data` encrypted under the password-based scheme `algorithm` names. */
export async function pbeDecrypt(
  reader: DerReader,
  algorithm: Tlv | undefined,
  password: string | Password,
  data: Uint8Array,
  crypto?: Crypto,
): Promise<Uint8Array> {
  const pass = typeof password === 'string' ? passwordForms(password)[0]! : password
  const [oidTlv, params] = reader.sequence(algorithm, 'encryption AlgorithmIdentifier')
  const oid = reader.oid(oidTlv, 'encryption algorithm')
  const bad = (cause: unknown): PkiError =>
    new PkiError('ERR_PKI_BAD_PASSWORD', 'the password is wrong (decryption failed)', { cause })
  if (oid === PBES2) return pbes2Decrypt(reader, params, pass.text, data, crypto, bad)
  const pkcs12 = PKCS12_PBE[oid]
  const pbes1 = PBES1[oid]
  if (!pkcs12 && !pbes1)
    throw new UnsupportedAlgorithmError(oid, `unsupported encryption scheme ${names[oid] ?? oid}`)
  const [saltTlv, countTlv] = reader.sequence(params, 'PBEParameter')
  const salt = reader.octets(saltTlv, 'salt')
  const iterations = checkIterations(reader.smallInt(countTlv, 'iteration count'))
  let key: Uint8Array
  let iv: Uint8Array
  let cipher: LegacyCipherName
  let effectiveBits: number | undefined
  if (pkcs12) {
    const sha1 = hash('SHA-1')
    ;[, cipher, effectiveBits] = pkcs12
    key = pkcs12Kdf(sha1, pass.bmp, salt, iterations, PKCS12_KEY, pkcs12[0])
    iv = pkcs12Kdf(sha1, pass.bmp, salt, iterations, PKCS12_IV, 8)
  } else {
    // PBKDF1 (RFC 8018 §5.1): T = Hash^c(P || S); key and IV are its first 16 bytes.
    const [digest, name] = pbes1!
    const h = hash(digest)
    let t = h.digest(new Uint8Array([...new TextEncoder().encode(pass.text), ...salt]))
    for (let i = 1; i < iterations; i++) t = h.digest(t)
    key = t.subarray(0, 8)
    iv = t.subarray(8, 16)
    cipher = name
    effectiveBits = name === 'rc2-cbc' ? 64 : undefined
  }
  try {
    return cbcDecrypt(legacyBlockCipher(cipher, key, effectiveBits), iv, data)
  } catch (cause) {
    if (cause instanceof CbcError) throw bad(cause)
    throw cause
  }
}

async function pbes2Decrypt(
  reader: DerReader,
  params: Tlv | undefined,
  password: string,
  data: Uint8Array,
  crypto: Crypto | undefined,
  bad: (cause: unknown) => PkiError,
): Promise<Uint8Array> {
  const [kdf, scheme] = reader.sequence(params, 'PBES2-params')
  const [kdfOid, kdfParams] = reader.sequence(kdf, 'keyDerivationFunc')
  const kdfName = reader.oid(kdfOid, 'key derivation function')
  if (kdfName !== PBKDF2)
    throw new UnsupportedAlgorithmError(
      kdfName,
      `unsupported PBES2 KDF ${names[kdfName] ?? kdfName}`,
    )
  const fields = reader.sequence(kdfParams, 'PBKDF2-params')
  const salt = reader.octets(fields[0], 'PBKDF2 salt')
  const iterations = checkIterations(reader.smallInt(fields[1], 'PBKDF2 iteration count'))
  let rest = fields.slice(2)
  let keyLength: number | undefined
  if (rest[0]?.tag === 2) {
    keyLength = reader.smallInt(rest[0], 'PBKDF2 key length')
    rest = rest.slice(1)
  }
  let prf: HashName = 'SHA-1'
  if (rest[0]) {
    const prfOid = reader.oid(reader.sequence(rest[0], 'PBKDF2 prf')[0], 'PBKDF2 prf')
    const known = PRFS[prfOid]
    if (!known) throw new UnsupportedAlgorithmError(prfOid, `unsupported PBKDF2 PRF ${prfOid}`)
    prf = known
  }
  const [schemeOidTlv, schemeParams] = reader.sequence(scheme, 'encryptionScheme')
  const schemeOid = reader.oid(schemeOidTlv, 'encryption scheme')
  const aesBytes = AES_CBC[schemeOid]
  let ivTlv = schemeParams
  let legacy: { name: LegacyCipherName; keyBytes: number; effectiveBits?: number } | undefined
  if (schemeOid === DES_EDE3_CBC) legacy = { name: 'des-ede3-cbc', keyBytes: 24 }
  else if (schemeOid === DES_CBC) legacy = { name: 'des-cbc', keyBytes: 8 }
  else if (schemeOid === RC2_CBC) {
    // RC2-CBC-Parameter ::= SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL, iv OCTET STRING }
    const rc2 = reader.sequence(schemeParams, 'RC2-CBC-Parameter')
    const version = rc2.length > 1 ? reader.smallInt(rc2[0], 'rc2ParameterVersion') : undefined
    const effectiveBits = version === undefined ? 32 : rc2EffectiveBits(version)
    if (effectiveBits === undefined)
      throw new UnsupportedAlgorithmError(RC2_CBC, `unsupported RC2 parameter version ${version}`)
    legacy = { name: 'rc2-cbc', keyBytes: keyLength ?? 16, effectiveBits }
    ivTlv = rc2[rc2.length - 1]
  } else if (!aesBytes)
    throw new UnsupportedAlgorithmError(schemeOid, `unsupported PBES2 cipher ${schemeOid}`)
  const iv = reader.octets(ivTlv, 'IV')
  const keyBytes = keyLength ?? aesBytes ?? legacy!.keyBytes
  const passwordBytes = new TextEncoder().encode(password)
  const key = await derivePbkdf2(prf, passwordBytes, salt, iterations, keyBytes, crypto)
  if (legacy) {
    try {
      return cbcDecrypt(legacyBlockCipher(legacy.name, key, legacy.effectiveBits), iv, data)
    } catch (cause) {
      if (cause instanceof CbcError) throw bad(cause)
      throw new PkiError('ERR_PKI_MALFORMED_KEY', `bad ${legacy.name} parameters`, { cause })
    }
  }
  const webcrypto = subtle(crypto)
  let aesKey: CryptoKey
  try {
    aesKey = await webcrypto.importKey('raw', key as Uint8Array<ArrayBuffer>, 'AES-CBC', false, [
      'decrypt',
    ])
  } catch (cause) {
    throw new UnsupportedAlgorithmError(
      schemeOid,
      `this runtime cannot use ${keyBytes * 8}-bit AES`,
      { cause },
    )
  }
  try {
    const plain = await webcrypto.decrypt(
      { name: 'AES-CBC', iv: new Uint8Array(iv) },
      aesKey,
      new Uint8Array(data),
    )
    return new Uint8Array(plain)
  } catch (cause) {
    throw bad(cause)
  }
}

export async function derivePbkdf2(
  prf: HashName,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  length: number,
  crypto: Crypto | undefined,
): Promise<Uint8Array> {
  const webcrypto = subtle(crypto)
  const base = await webcrypto.importKey('raw', new Uint8Array(password), 'PBKDF2', false, [
    'deriveBits',
  ])
  const bits = await webcrypto.deriveBits(
    { name: 'PBKDF2', hash: prf, salt: new Uint8Array(salt), iterations },
    base,
    length * 8,
  )
  return new Uint8Array(bits)
}

export function checkIterations(n: number): number {
  if (n < 1 || n > MAX_ITERATIONS)
    throw new PkiError(
      'ERR_PKI_LIMIT_EXCEEDED',
      `iteration count ${n} is outside 1…${MAX_ITERATIONS}`,
    )
  return n
}
