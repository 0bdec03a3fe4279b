// Password-based encryption as PKCS#8 and PKCS#12 use it: PBES2 (RFC 8018 §6.2), the PKCS#12
// PBE schemes (RFC 7292 appendix C) and PBES1 (RFC 8018 §6.1).
// Every scheme is read and priced (parsePbe) before its key is derived, so that a caller can
// check the whole work of a file against its KdfBudget first.
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { bmpBytes, DerReader, type Tlv } from './der.js'
import { hash, type HashName } from './hash.js'
import { subtle } from './bytes.js'
import type { KdfBudget } from './limits.js'
import { CbcError } from './legacy/cbc.js'
import {
  cbcDecrypt,
  legacyBlockCipher,
  rc2EffectiveBits,
  type LegacyCipherName,
} from './legacy/ciphers.js'
import { PKCS12_IV, PKCS12_KEY, pkcs12Kdf, pkcs12KdfWork } from './legacy/pkcs12-kdf.js'

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

/**
 * A password-based scheme read from its AlgorithmIdentifier and priced, nothing derived yet:
 * `work` is what {@link PbeDecryption.decrypt} will cost in iterations (one per output block of
 * every derivation), for the caller's {@link KdfBudget}.
 */
export interface PbeDecryption {
  work: number
  decrypt(password: Password, data: Uint8Array, crypto?: Crypto): Promise<Uint8Array>
}

const bad = (cause: unknown): PkiError =>
  new PkiError('ERR_PKI_BAD_PASSWORD', 'the password is wrong (decryption failed)', { cause })

/**
 * Reads the password-based scheme `algorithm` names and checks it against `budget`'s
 * iteration limit and the cipher's key size, before any key is derived.
 */
export function parsePbe(
  reader: DerReader,
  algorithm: Tlv | undefined,
  budget: KdfBudget,
): PbeDecryption {
  const [oidTlv, params] = reader.sequence(algorithm, 'encryption AlgorithmIdentifier')
  const oid = reader.oid(oidTlv, 'encryption algorithm')
  if (oid === PBES2) return parsePbes2(reader, params, budget)
  const pkcs12 = PKCS12_PBE[oid]
  const pbes1 = PBES1[oid]
  if (!pkcs12 && !pbes1)
    throw new UnsupportedAlgorithmError(oid, `unsupported encryption scheme ${names[oid] ?? oid}`)
  const [saltTlv, countTlv] = reader.sequence(params, 'PBEParameter')
  const salt = reader.octets(saltTlv, 'salt')
  const count = reader.smallInt(countTlv, 'iteration count')
  const iterations = budget.iterations(reader, count, pkcs12 ? 'the PKCS#12 KDF' : 'PBKDF1')
  if (pkcs12) {
    const [keyBytes, cipher, effectiveBits] = pkcs12
    const sha1 = hash('SHA-1')
    return {
      work:
        pkcs12KdfWork(sha1.outputBytes, iterations, keyBytes) +
        pkcs12KdfWork(sha1.outputBytes, iterations, 8),
      decrypt: async (pass, data) => {
        const key = pkcs12Kdf(sha1, pass.bmp, salt, iterations, PKCS12_KEY, keyBytes)
        const iv = pkcs12Kdf(sha1, pass.bmp, salt, iterations, PKCS12_IV, 8)
        return legacyDecrypt(cipher, key, effectiveBits, iv, data)
      },
    }
  }
  // PBKDF1 (RFC 8018 §5.1): T = Hash^c(P || S); key and IV are its first 16 bytes.
  const [digest, cipher] = pbes1!
  return {
    work: iterations,
    decrypt: async (pass, data) => {
      const h = hash(digest)
      const password = new TextEncoder().encode(pass.text)
      const t = h.rehash(h.digest(new Uint8Array([...password, ...salt])), iterations - 1)
      const effectiveBits = cipher === 'rc2-cbc' ? 64 : undefined
      return legacyDecrypt(cipher, t.subarray(0, 8), effectiveBits, t.subarray(8, 16), data)
    },
  }
}

function legacyDecrypt(
  cipher: LegacyCipherName,
  key: Uint8Array,
  effectiveBits: number | undefined,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  try {
    return cbcDecrypt(legacyBlockCipher(cipher, key, effectiveBits), iv, data)
  } catch (cause) {
    if (cause instanceof CbcError) throw bad(cause)
    throw cause
  }
}

/** RFC 8018 §6.2 PBES2 with PBKDF2 (§5.2, parameters in appendix A.2). */
function parsePbes2(reader: DerReader, params: Tlv | undefined, budget: KdfBudget): PbeDecryption {
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
  const iterationCount = reader.smallInt(fields[1], 'PBKDF2 iteration count')
  const iterations = budget.iterations(reader, iterationCount, 'PBKDF2')
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
  const cipher = pbes2Cipher(reader, scheme, keyLength)
  // RFC 8018 §6.2: PBES2 derives exactly the encryption scheme's key (dkLen); a keyLength that
  // differs is no valid PBES2 instance, and checking it here keeps a huge one from being derived.
  if (keyLength !== undefined && keyLength !== cipher.keyBytes)
    reader.fail(
      `PBKDF2 keyLength ${keyLength} is not the ${cipher.keyBytes}-byte ${cipher.name} key`,
    )
  const keyBytes = cipher.keyBytes
  return {
    work: iterations * Math.ceil(keyBytes / hash(prf).outputBytes),
    decrypt: async (pass, data, crypto) => {
      const password = new TextEncoder().encode(pass.text)
      const key = await derivePbkdf2(prf, password, salt, iterations, keyBytes, crypto)
      if (cipher.legacy) {
        try {
          return cbcDecrypt(
            legacyBlockCipher(cipher.legacy, key, cipher.effectiveBits),
            cipher.iv,
            data,
          )
        } catch (cause) {
          if (cause instanceof CbcError) throw bad(cause)
          throw new PkiError('ERR_PKI_MALFORMED_KEY', `bad ${cipher.name} parameters`, { cause })
        }
      }
      return aesCbcDecrypt(cipher.oid, key, cipher.iv, data, crypto)
    },
  }
}

interface Pbes2Cipher {
  oid: string
  name: string
  keyBytes: number
  iv: Uint8Array
  legacy?: LegacyCipherName
  effectiveBits?: number
}

/** The PBES2 encryptionScheme: AES-CBC, 3DES, DES or RC2, with its key size and IV. */
function pbes2Cipher(reader: DerReader, scheme: Tlv | undefined, keyLength?: number): Pbes2Cipher {
  const [schemeOidTlv, schemeParams] = reader.sequence(scheme, 'encryptionScheme')
  const oid = reader.oid(schemeOidTlv, 'encryption scheme')
  const aesBytes = AES_CBC[oid]
  if (aesBytes) {
    const iv = reader.octets(schemeParams, 'IV')
    return { oid, name: `AES-${aesBytes * 8}-CBC`, keyBytes: aesBytes, iv }
  }
  if (oid === DES_EDE3_CBC || oid === DES_CBC) {
    const iv = reader.octets(schemeParams, 'IV')
    const legacy = oid === DES_CBC ? 'des-cbc' : 'des-ede3-cbc'
    return { oid, name: legacy, keyBytes: oid === DES_CBC ? 8 : 24, iv, legacy }
  }
  if (oid !== RC2_CBC) throw new UnsupportedAlgorithmError(oid, `unsupported PBES2 cipher ${oid}`)
  // RC2-CBC-Parameter ::= SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL, iv OCTET STRING }
  const rc2 = reader.sequence(schemeParams, 'RC2-CBC-Parameter')
  const version = rc2.length > 1 ? reader.smallInt(rc2[0], 'rc2ParameterVersion') : undefined
  const effectiveBits = version === undefined ? 32 : rc2EffectiveBits(version)
  if (effectiveBits === undefined)
    throw new UnsupportedAlgorithmError(RC2_CBC, `unsupported RC2 parameter version ${version}`)
  // RC2 takes keys of 1 to 128 bytes (RFC 2268 §2); PBES2 names the size in keyLength.
  if (keyLength !== undefined && (keyLength < 1 || keyLength > 128))
    reader.fail(`PBKDF2 keyLength ${keyLength} is no RC2 key size (1 to 128 bytes)`)
  const keyBytes = keyLength ?? 16
  const iv = reader.octets(rc2[rc2.length - 1], 'IV')
  return { oid, name: 'rc2-cbc', keyBytes, iv, legacy: 'rc2-cbc', effectiveBits }
}

async function aesCbcDecrypt(
  oid: string,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  crypto: Crypto | undefined,
): Promise<Uint8Array> {
  const webcrypto = subtle(crypto)
  let aesKey: CryptoKey
  try {
    aesKey = await webcrypto.importKey('raw', key as Uint8Array<ArrayBuffer>, 'AES-CBC', false, [
      'decrypt',
    ])
  } catch (cause) {
    throw new UnsupportedAlgorithmError(oid, `this runtime cannot use ${key.length * 8}-bit AES`, {
      cause,
    })
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
