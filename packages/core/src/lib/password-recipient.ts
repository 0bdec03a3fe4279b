// PasswordRecipientInfo (RFC 3211): a key-encryption key derived from a password with PBKDF2
// (RFC 8018 §5.2), and the content key wrapped by id-alg-PWRI-KEK: two passes of CBC over a
// formatted key (length, check bytes, key, padding) with the cipher named in its parameters.
import { decryptLegacyCbc, type AlgorithmIdentifier, type DigestName } from '@siegel/pki'
import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import { subtle } from './bytes.js'
import { nobleAes, type NobleAes } from './noble-ciphers.js'
import { contentCipher, type ContentCipher } from './content-cipher.js'
import { childrenOf, expectTag, readRoot, smallInteger, TAG, tlv } from './der.js'
import { decodeAlgorithm, encodeAlgorithm } from './signed-data.js'

export const PWRI_OID = {
  pwriKek: '1.2.840.113549.1.9.16.3.9',
  pbkdf2: '1.2.840.113549.1.5.12',
} as const

// RFC 8018 appendix B.1.2: the PRFs of PBKDF2 that WebCrypto has; hmacWithSHA1 is the default.
const PRF: Readonly<Record<string, DigestName>> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
}
const HMAC_WITH_SHA256 = '1.2.840.113549.2.9'
const AES_256_CBC = '2.16.840.1.101.3.4.1.42'

/** What PBKDF2-params ask for. */
export interface Pbkdf2Params {
  salt: Uint8Array
  /** Infinity for a count too large to read (it exceeds every budget). */
  iterations: number
  /** The KEK length, where the parameters state it. */
  keyBytes: number | undefined
  hash: DigestName
}

function malformed(message: string): SmimeError {
  return new SmimeError('ERR_SMIME_MALFORMED_CMS', message)
}

function unsigned(bytes: Uint8Array): number {
  // A negative INTEGER, or one past 2^48, reads as Infinity: it exceeds every limit, and no
  // precision is lost on the way.
  if (bytes.length === 0 || (bytes[0]! & 0x80) !== 0) return Number.POSITIVE_INFINITY
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  if (bytes.length - start > 6) return Number.POSITIVE_INFINITY
  let value = 0
  for (const b of bytes.subarray(start)) value = value * 256 + b
  return value
}

/**
 * PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER, keyLength INTEGER
 * OPTIONAL, prf AlgorithmIdentifier DEFAULT hmacWithSHA1 } (RFC 8018 appendix A.2).
 */
export function pbkdf2Params(algorithm: AlgorithmIdentifier | undefined): Pbkdf2Params {
  if (!algorithm)
    throw new SmimeUnsupportedAlgorithmError(
      PWRI_OID.pwriKek,
      'the password recipient names no key derivation (a KEK agreed by other means)',
    )
  if (algorithm.oid !== PWRI_OID.pbkdf2)
    throw new SmimeUnsupportedAlgorithmError(
      algorithm.oid,
      `unsupported key derivation ${algorithm.oid}`,
    )
  const p = algorithm.parameters
  if (!p) throw malformed('the PBKDF2 parameters are missing')
  const fields = childrenOf(p, expectTag(readRoot(p), TAG.sequence, 'PBKDF2-params'))
  // The otherSource CHOICE of the salt is reserved (RFC 8018 appendix A.2).
  const salt = expectTag(fields[0], TAG.octetString, 'PBKDF2 salt')
  const count = expectTag(fields[1], TAG.integer, 'iterationCount')
  const iterations = unsigned(p.subarray(count.contentStart, count.contentEnd))
  if (iterations === 0) throw malformed('PBKDF2 iterationCount is 0')
  let i = 2
  let keyBytes: number | undefined
  if (fields[i]?.tag === TAG.integer) {
    const length = fields[i++]!
    keyBytes = unsigned(p.subarray(length.contentStart, length.contentEnd))
  }
  let hash: DigestName = 'SHA-1'
  if (fields[i]) {
    const prf = decodeAlgorithm(p, fields[i]).oid
    const found = PRF[prf]
    if (!found)
      throw new SmimeUnsupportedAlgorithmError(
        prf,
        `unsupported PBKDF2 pseudorandom function ${prf}`,
      )
    hash = found
  }
  return { salt: p.subarray(salt.contentStart, salt.contentEnd), iterations, keyBytes, hash }
}

/** The inner cipher of id-alg-PWRI-KEK: AES-CBC or 3DES-CBC with its IV (RFC 3211 §2.3). */
function kekCipher(algorithm: AlgorithmIdentifier): ContentCipher {
  if (algorithm.oid !== PWRI_OID.pwriKek)
    throw new SmimeUnsupportedAlgorithmError(
      algorithm.oid,
      `unsupported password key encryption ${algorithm.oid}`,
    )
  const p = algorithm.parameters
  if (!p) throw malformed('the PWRI-KEK parameters are missing')
  const inner = contentCipher(decodeAlgorithm(p, readRoot(p)))
  if (inner.mode !== 'cbc' && inner.mode !== 'des3')
    throw new SmimeUnsupportedAlgorithmError(
      inner.algorithm.oid,
      `${inner.name} cannot encrypt a password recipient's key`,
    )
  return inner
}

function failed(): SmimeError {
  // A wrong password and altered check bytes look the same (RFC 3211 §2.3.2).
  return new SmimeError('ERR_SMIME_DECRYPTION_FAILED', 'the password does not unwrap the key')
}

/** CBC decryption without padding: the formatted key carries its own length. */
function rawCbcDecrypt(
  cbc: NobleCbc,
  cipher: ContentCipher,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  if (cipher.mode === 'cbc') return cbc(key, iv, { disablePadding: true }).decrypt(data)
  return decryptLegacyCbc('des-ede3-cbc', key, iv, data, { padding: false })
}

/**
 * RFC 3211 §2.3.2: undo the outer CBC pass (its IV is the last block of the inner pass, found by
 * decrypting the last block with the one before it as IV), then the inner pass with the IV of
 * the parameters; then check the length and the check bytes.
 */
export async function pwriUnwrap(
  cipher: ContentCipher,
  kek: Uint8Array,
  wrapped: Uint8Array,
): Promise<Uint8Array> {
  const { cbc } = await nobleAes()
  const n = cipher.iv.length
  const length = wrapped.length
  if (length < 2 * n || length % n !== 0) throw failed()
  const lastInner = rawCbcDecrypt(
    cbc,
    cipher,
    kek,
    wrapped.subarray(length - 2 * n, length - n),
    wrapped.subarray(length - n),
  )
  const inner = new Uint8Array(length)
  inner.set(rawCbcDecrypt(cbc, cipher, kek, lastInner, wrapped.subarray(0, length - n)))
  inner.set(lastInner, length - n)
  const formatted = rawCbcDecrypt(cbc, cipher, kek, cipher.iv, inner)
  inner.fill(0)
  const keyBytes = formatted[0]!
  const check =
    (formatted[1]! ^ formatted[4]!) &
    (formatted[2]! ^ formatted[5]!) &
    (formatted[3]! ^ formatted[6]!)
  const ok = check === 0xff && keyBytes >= 3 && 4 + keyBytes <= length
  const key = ok ? formatted.slice(4, 4 + keyBytes) : undefined
  formatted.fill(0)
  if (!key) throw failed()
  return key
}

type Buf = Uint8Array<ArrayBuffer>
type NobleCbc = NobleAes['cbc']

async function deriveKek(
  password: Uint8Array,
  params: Pbkdf2Params,
  kekBytes: number,
  crypto: Crypto | undefined,
): Promise<Uint8Array> {
  const webcrypto = subtle(crypto)
  const base = await webcrypto.importKey('raw', password as Buf, 'PBKDF2', false, ['deriveBits'])
  const derive = {
    name: 'PBKDF2',
    salt: params.salt as Buf,
    iterations: params.iterations,
    hash: params.hash,
  }
  return new Uint8Array(await webcrypto.deriveBits(derive, base, kekBytes * 8))
}

/** Derives the KEK from the password and unwraps the content key. */
export async function unwrapPasswordKey(
  password: Uint8Array,
  params: Pbkdf2Params,
  recipient: { keyEncryptionAlgorithm: AlgorithmIdentifier; encryptedKey: Uint8Array },
  crypto?: Crypto,
): Promise<Uint8Array> {
  const cipher = kekCipher(recipient.keyEncryptionAlgorithm)
  const kekBytes = params.keyBytes ?? cipher.keyBytes
  if (kekBytes !== cipher.keyBytes)
    throw malformed(`a ${kekBytes}-byte PBKDF2 key does not fit ${cipher.name}`)
  const kek = await deriveKek(password, params, kekBytes, crypto)
  try {
    return await pwriUnwrap(cipher, kek, recipient.encryptedKey)
  } finally {
    kek.fill(0)
  }
}

/** The parts of a PasswordRecipientInfo, made with a fresh salt and IV. */
export interface PasswordWrappedKey {
  keyDerivationAlgorithm: AlgorithmIdentifier
  keyEncryptionAlgorithm: AlgorithmIdentifier
  encryptedKey: Uint8Array
}

/**
 * Wraps a content key for a password (RFC 3211 §2.3.1): PBKDF2-HMAC-SHA-256 with a random
 * 16-byte salt, then id-alg-PWRI-KEK with AES-256-CBC: the formatted key (length, check bytes,
 * key, random padding to at least two blocks) encrypted twice, the second time with the last
 * ciphertext block of the first pass as IV.
 */
export async function wrapForPassword(
  password: Uint8Array,
  iterations: number,
  cek: Uint8Array,
  crypto?: Crypto,
): Promise<PasswordWrappedKey> {
  const random = crypto ?? globalThis.crypto
  const salt = random.getRandomValues(new Uint8Array(16))
  const iv = random.getRandomValues(new Uint8Array(16))
  const prf = encodeAlgorithm({ oid: HMAC_WITH_SHA256, parameters: tlv(TAG.null) })
  const keyDerivationAlgorithm = {
    oid: PWRI_OID.pbkdf2,
    parameters: tlv(TAG.sequence, tlv(TAG.octetString, salt), smallInteger(iterations), prf),
  }
  const inner = encodeAlgorithm({ oid: AES_256_CBC, parameters: tlv(TAG.octetString, iv) })
  const params = { salt, iterations, keyBytes: 32, hash: 'SHA-256' as const }
  const kek = await deriveKek(password, params, 32, crypto)
  const blocks = Math.max(2, Math.ceil((4 + cek.length) / 16))
  const formatted = random.getRandomValues(new Uint8Array(blocks * 16))
  formatted[0] = cek.length
  for (let i = 0; i < 3; i++) formatted[1 + i] = ~cek[i]! & 0xff
  formatted.set(cek, 4)
  const { cbc } = await nobleAes()
  try {
    const first = cbc(kek, iv, { disablePadding: true }).encrypt(formatted)
    const second = cbc(kek, first.subarray(first.length - 16), { disablePadding: true })
    return {
      keyDerivationAlgorithm,
      keyEncryptionAlgorithm: { oid: PWRI_OID.pwriKek, parameters: inner },
      encryptedKey: second.encrypt(first),
    }
  } finally {
    kek.fill(0)
    formatted.fill(0)
  }
}
