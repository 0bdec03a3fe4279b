// Content encryption of EnvelopedData and AuthEnvelopedData: AES-CBC (RFC 3565), AES-GCM
// (RFC 5084), ChaCha20-Poly1305 (RFC 8103), and for reading old mail 3DES and RC2 (RFC 3370).
// WebCrypto first; where a runtime lacks an algorithm (AES-192 in Chromium) the pure-JS AES of
// @noble/ciphers is chosen by the NotSupportedError it gives, never by the runtime's name.
import { decryptLegacyCbc, type AlgorithmIdentifier } from '@siegel/pki'
import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import { subtle } from './bytes.js'
import { childrenOf, expectTag, readNode, TAG } from './der.js'
import { nobleAes, nobleChacha, type NobleAes } from './noble-ciphers.js'

export const CONTENT_OID = {
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  aes128Gcm: '2.16.840.1.101.3.4.1.6',
  aes192Gcm: '2.16.840.1.101.3.4.1.26',
  aes256Gcm: '2.16.840.1.101.3.4.1.46',
  chacha20Poly1305: '1.2.840.113549.1.9.16.3.18',
  desEde3Cbc: '1.2.840.113549.3.7',
  rc2Cbc: '1.2.840.113549.3.2',
} as const

interface CipherInfo {
  name: string
  mode: 'cbc' | 'gcm' | 'chacha' | 'des3' | 'rc2'
  keyBytes: number
  /** True for AEAD content: a wrong key or altered ciphertext fails the tag check. */
  authenticated: boolean
}

const cipherInfo = (
  name: string,
  mode: CipherInfo['mode'],
  keyBytes: number,
  authenticated: boolean,
): CipherInfo => ({ name, mode, keyBytes, authenticated })

const CIPHERS: Readonly<Record<string, CipherInfo>> = {
  [CONTENT_OID.aes128Cbc]: cipherInfo('AES-128-CBC', 'cbc', 16, false),
  [CONTENT_OID.aes192Cbc]: cipherInfo('AES-192-CBC', 'cbc', 24, false),
  [CONTENT_OID.aes256Cbc]: cipherInfo('AES-256-CBC', 'cbc', 32, false),
  [CONTENT_OID.aes128Gcm]: cipherInfo('AES-128-GCM', 'gcm', 16, true),
  [CONTENT_OID.aes192Gcm]: cipherInfo('AES-192-GCM', 'gcm', 24, true),
  [CONTENT_OID.aes256Gcm]: cipherInfo('AES-256-GCM', 'gcm', 32, true),
  [CONTENT_OID.chacha20Poly1305]: cipherInfo('ChaCha20-Poly1305', 'chacha', 32, true),
  [CONTENT_OID.desEde3Cbc]: cipherInfo('3DES-CBC', 'des3', 24, false),
  [CONTENT_OID.rc2Cbc]: cipherInfo('RC2-CBC', 'rc2', 16, false),
}

/** The content cipher of an AlgorithmIdentifier, with its key length. */
export interface ContentCipher extends CipherInfo {
  algorithm: AlgorithmIdentifier
  /** CBC IV or AEAD nonce. */
  iv: Uint8Array
  /** AEAD tag length in bytes (GCM icvLen, RFC 5084 §3.2). */
  tagBytes: number
  /** RC2 only: effective key bits (RFC 3370 §4.3.1). */
  effectiveKeyBits?: number
  /**
   * The content-key lengths accepted: the cipher's key size; for RC2 also 16 bytes, since
   * the key length is not tied to the effective bits (RFC 4134 §5.2: a 128-bit key, 40 bits).
   */
  keyLengths: readonly number[]
}

function malformed(message: string): SmimeError {
  return new SmimeError('ERR_SMIME_MALFORMED_CMS', message)
}

function octets(der: Uint8Array | undefined, what: string): Uint8Array {
  if (!der) throw malformed(`the ${what} parameters are missing`)
  const node = expectTag(readNode(der, 0), TAG.octetString, what)
  return der.subarray(node.contentStart, node.contentEnd)
}

// RFC 2268 §6 / RFC 3370 §4.3.1: rc2ParameterVersion encodes the effective key bits.
const RC2_VERSIONS: Readonly<Record<number, number>> = { 160: 40, 120: 64, 58: 128 }

/** Reads the content-encryption AlgorithmIdentifier and its parameters. */
export function contentCipher(algorithm: AlgorithmIdentifier): ContentCipher {
  const info = CIPHERS[algorithm.oid]
  if (!info)
    throw new SmimeUnsupportedAlgorithmError(
      algorithm.oid,
      `unsupported content-encryption algorithm ${algorithm.oid}`,
    )
  const p = algorithm.parameters
  if (info.mode === 'gcm') {
    // GCMParameters ::= SEQUENCE { aes-nonce OCTET STRING, aes-ICVlen INTEGER DEFAULT 12 }
    if (!p) throw malformed('the GCM parameters are missing')
    const [nonce, icv] = childrenOf(p, expectTag(readNode(p, 0), TAG.sequence, 'GCMParameters'))
    const n = expectTag(nonce, TAG.octetString, 'aes-nonce')
    let tagBytes = 12
    if (icv) {
      expectTag(icv, TAG.integer, 'aes-ICVlen')
      tagBytes = icv.contentEnd - icv.contentStart === 1 ? p[icv.contentStart]! : 0
    }
    if (tagBytes < 12 || tagBytes > 16) throw malformed(`GCM tag length ${tagBytes} is not 12-16`)
    const iv = p.subarray(n.contentStart, n.contentEnd)
    if (iv.length === 0) throw malformed('empty GCM nonce')
    return { ...info, algorithm, iv, tagBytes, keyLengths: [info.keyBytes] }
  }
  if (info.mode === 'rc2') {
    // RC2CBCParameter ::= SEQUENCE { rc2ParameterVersion INTEGER, iv OCTET STRING }
    if (!p) throw malformed('the RC2 parameters are missing')
    const [version, ivNode] = childrenOf(
      p,
      expectTag(readNode(p, 0), TAG.sequence, 'RC2CBCParameter'),
    )
    expectTag(version, TAG.integer, 'rc2ParameterVersion')
    let v = 0
    for (let i = version!.contentStart; i < version!.contentEnd && v < 1 << 20; i++)
      v = v * 256 + p[i]!
    const bits = v >= 256 && v <= 1024 && v % 8 === 0 ? v : RC2_VERSIONS[v]
    if (!bits) throw malformed(`unknown rc2ParameterVersion ${v}`)
    const iv = expectTag(ivNode, TAG.octetString, 'RC2 IV')
    return {
      ...info,
      name: `RC2-${bits}-CBC`,
      keyBytes: bits / 8,
      algorithm,
      iv: p.subarray(iv.contentStart, iv.contentEnd),
      tagBytes: 0,
      effectiveKeyBits: bits,
      keyLengths: bits === 128 ? [16] : [bits / 8, 16],
    }
  }
  const iv = octets(p, info.name)
  if (info.mode === 'chacha' && iv.length !== 12)
    throw malformed('ChaCha20-Poly1305 needs a 12-byte nonce')
  if (info.mode === 'cbc' && iv.length !== 16) throw malformed(`${info.name} needs a 16-byte IV`)
  if (info.mode === 'des3' && iv.length !== 8) throw malformed('3DES-CBC needs an 8-byte IV')
  const tagBytes = info.mode === 'chacha' ? 16 : 0
  return { ...info, algorithm, iv, tagBytes, keyLengths: [info.keyBytes] }
}

/** `ERR_SMIME_DECRYPTION_FAILED` for content that does not decrypt. */
export function failed(cipher: ContentCipher, cause?: unknown): SmimeError {
  // One error for a wrong key, bad padding and a bad tag: nothing tells them apart.
  return new SmimeError(
    'ERR_SMIME_DECRYPTION_FAILED',
    `the ${cipher.name} content could not be decrypted (wrong key, or the message was altered)`,
    cause === undefined ? undefined : { cause },
  )
}

function isNotSupported(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name
  return (
    name === 'NotSupportedError' ||
    name === 'OperationError' ||
    (error instanceof TypeError && /not supported/i.test(error.message))
  )
}

type Buf = Uint8Array<ArrayBuffer>

/**
 * Decrypts content. For AEAD, `mac` is the tag and `aad` the authenticated attributes; the tag
 * is checked before any plaintext is returned (fail closed). `sealed`, where given, is the
 * ciphertext followed by the tag in one view, so that they need not be joined in a copy.
 */
export async function decryptContent(
  cipher: ContentCipher,
  key: Uint8Array,
  ciphertext: Uint8Array,
  aead: { mac?: Uint8Array; aad?: Uint8Array; sealed?: Uint8Array },
  crypto?: Crypto,
): Promise<Uint8Array> {
  if (!cipher.keyLengths.includes(key.length)) throw failed(cipher)
  switch (cipher.mode) {
    case 'des3':
    case 'rc2':
      try {
        const name = cipher.mode === 'des3' ? 'des-ede3-cbc' : 'rc2-cbc'
        const bits = cipher.effectiveKeyBits
        return decryptLegacyCbc(
          name,
          key,
          cipher.iv,
          ciphertext,
          bits ? { effectiveKeyBits: bits } : {},
        )
      } catch (cause) {
        throw failed(cipher, cause)
      }
    case 'chacha': {
      const mac = aead.mac ?? new Uint8Array(0)
      if (mac.length !== 16) throw failed(cipher)
      const { chacha20poly1305 } = await nobleChacha()
      try {
        const sealed = aead.sealed ?? join(ciphertext, mac)
        return chacha20poly1305(key, cipher.iv, aead.aad).decrypt(sealed)
      } catch (cause) {
        throw failed(cipher, cause)
      }
    }
    case 'gcm': {
      const mac = aead.mac ?? new Uint8Array(0)
      if (mac.length !== cipher.tagBytes) throw failed(cipher)
      const joined = aead.sealed ?? join(ciphertext, mac)
      const params: AesGcmParams = {
        name: 'AES-GCM',
        iv: cipher.iv as Buf,
        tagLength: cipher.tagBytes * 8,
        ...(aead.aad ? { additionalData: aead.aad as Buf } : {}),
      }
      return webOrFallback(
        cipher,
        key,
        'decrypt',
        async (k) => new Uint8Array(await subtle(crypto).decrypt(params, k, joined as Buf)),
        ({ gcm }) => gcm(key, cipher.iv, aead.aad).decrypt(joined),
        crypto,
      )
    }
    case 'cbc': {
      if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw failed(cipher)
      const params = { name: 'AES-CBC', iv: cipher.iv as Buf }
      return webOrFallback(
        cipher,
        key,
        'decrypt',
        async (k) => new Uint8Array(await subtle(crypto).decrypt(params, k, ciphertext as Buf)),
        ({ cbc }) => cbc(key, cipher.iv).decrypt(ciphertext),
        crypto,
      )
    }
  }
}

/** Encrypts content with AES-CBC or AES-GCM; for GCM the tag is returned apart. */
export async function encryptContent(
  cipher: ContentCipher,
  key: Uint8Array,
  plaintext: Uint8Array,
  crypto?: Crypto,
): Promise<{ ciphertext: Uint8Array; mac?: Uint8Array }> {
  if (cipher.mode === 'gcm') {
    const params = { name: 'AES-GCM', iv: cipher.iv as Buf, tagLength: cipher.tagBytes * 8 }
    const sealed = await webOrFallback(
      cipher,
      key,
      'encrypt',
      async (k) => new Uint8Array(await subtle(crypto).encrypt(params, k, plaintext as Buf)),
      ({ gcm }) => gcm(key, cipher.iv).encrypt(plaintext),
      crypto,
    )
    const split = sealed.length - cipher.tagBytes
    return { ciphertext: sealed.subarray(0, split), mac: sealed.subarray(split) }
  }
  if (cipher.mode !== 'cbc')
    throw new SmimeUnsupportedAlgorithmError(
      cipher.algorithm.oid,
      `${cipher.name} is for reading old mail only`,
    )
  const params = { name: 'AES-CBC', iv: cipher.iv as Buf }
  const ciphertext = await webOrFallback(
    cipher,
    key,
    'encrypt',
    async (k) => new Uint8Array(await subtle(crypto).encrypt(params, k, plaintext as Buf)),
    ({ cbc }) => cbc(key, cipher.iv).encrypt(plaintext),
    crypto,
  )
  return { ciphertext }
}

/** WebCrypto, or the pure-JS AES when the runtime refuses the key size (AES-192 in Chromium). */
async function webOrFallback(
  cipher: ContentCipher,
  key: Uint8Array,
  usage: 'encrypt' | 'decrypt',
  web: (key: CryptoKey) => Promise<Uint8Array>,
  fallback: (aes: NobleAes) => Uint8Array,
  crypto: Crypto | undefined,
): Promise<Uint8Array> {
  let cryptoKey: CryptoKey | undefined
  try {
    const name = cipher.mode === 'gcm' ? 'AES-GCM' : 'AES-CBC'
    cryptoKey = await subtle(crypto).importKey('raw', key as Buf, name, false, [usage])
  } catch (cause) {
    if (!isNotSupported(cause)) throw failed(cipher, cause)
  }
  try {
    return cryptoKey ? await web(cryptoKey) : fallback(await nobleAes())
  } catch (cause) {
    if (usage === 'encrypt') throw cause
    throw failed(cipher, cause)
  }
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
