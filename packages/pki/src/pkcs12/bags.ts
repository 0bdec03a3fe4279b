// The PKCS#12 structure (RFC 7292 §4-5), parsed without decrypting anything yet.
import { LimitExceededError, PkiError } from '../errors.js'
import { DerReader, type Tlv } from '../lib/der.js'
import { LIMITS } from '../lib/limits.js'

export const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
} as const

// The reasons for both are in the limits table.
const MAX_BAGS = LIMITS.maxBags
const MAX_NESTING = LIMITS.maxBagNesting

export const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_PKCS12', 'PKCS#12')

/** One safe bag, its value still encoded. */
export interface RawBag {
  type: string
  value: Tlv
  friendlyName?: string
  localKeyId?: Uint8Array
}

/** A piece of the AuthenticatedSafe: plain SafeContents, or encrypted ones. */
export type RawSafe =
  | { encrypted: false; contents: Uint8Array }
  | { encrypted: true; algorithm: Tlv; ciphertext: Uint8Array }

export interface RawPfx {
  /** The bytes the MAC covers: the content of the authSafe data OCTET STRING. */
  authSafe: Uint8Array
  safes: RawSafe[]
  mac?: { digestOid: string; digest: Uint8Array; salt: Uint8Array; iterations: number }
}

/** PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL } */
export function parsePfx(bytes: Uint8Array): RawPfx {
  const [version, authSafeInfo, macData] = reader.sequence(reader.one(bytes), 'PFX')
  if (reader.smallInt(version, 'version') !== 3) reader.fail('expected PFX version 3')
  const [type, content] = reader.sequence(authSafeInfo, 'authSafe ContentInfo')
  const contentType = reader.oid(type, 'authSafe content type')
  if (contentType === OIDS.signedData)
    throw new PkiError(
      'ERR_PKI_UNSUPPORTED_ALGORITHM',
      'public-key integrity mode (signedData) is not supported',
    )
  if (contentType !== OIDS.data) reader.fail(`unexpected authSafe content type ${contentType}`)
  const authSafe = explicitOctets(content, 'authSafe content')
  const safes = reader.sequence(reader.one(authSafe), 'AuthenticatedSafe').map(parseSafe)
  const pfx: RawPfx = { authSafe, safes }
  if (macData) {
    // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
    const [digestInfo, salt, iterations] = reader.sequence(macData, 'MacData')
    const [algorithm, digest] = reader.sequence(digestInfo, 'DigestInfo')
    pfx.mac = {
      digestOid: reader.oid(reader.sequence(algorithm, 'digestAlgorithm')[0], 'MAC digest'),
      digest: reader.octets(digest, 'MAC'),
      salt: reader.octets(salt, 'MAC salt'),
      iterations: iterations ? reader.smallInt(iterations, 'MAC iterations') : 1,
    }
  }
  return pfx
}

function parseSafe(info: Tlv): RawSafe {
  const [type, content] = reader.sequence(info, 'ContentInfo')
  const contentType = reader.oid(type, 'content type')
  if (contentType === OIDS.data)
    return { encrypted: false, contents: explicitOctets(content, 'SafeContents') }
  if (contentType === OIDS.encryptedData) {
    // EncryptedData ::= SEQUENCE { version, EncryptedContentInfo ::= SEQUENCE { contentType,
    //   contentEncryptionAlgorithm, encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL } }
    if (!reader.isContext(content, 0)) reader.fail('expected [0] EncryptedData')
    const [, encryptedContentInfo] = reader.sequence(reader.children(content)[0], 'EncryptedData')
    const [, algorithm, encrypted] = reader.sequence(encryptedContentInfo, 'EncryptedContentInfo')
    if (!algorithm || !reader.isContext(encrypted, 0)) reader.fail('expected encryptedContent')
    const ciphertext = encrypted.constructed
      ? reader.octets({ ...encrypted, cls: 0, tag: 4 }, 'encryptedContent')
      : encrypted.content
    return { encrypted: true, algorithm, ciphertext }
  }
  if (contentType === OIDS.envelopedData)
    throw new PkiError(
      'ERR_PKI_UNSUPPORTED_ALGORITHM',
      'public-key privacy mode (envelopedData) is not supported',
    )
  return reader.fail(`unexpected content type ${contentType}`)
}

/** SafeContents ::= SEQUENCE OF SafeBag; safeContentsBag nests (RFC 7292 §4.2.6). */
export function parseSafeContents(bytes: Uint8Array, out: RawBag[], depth = 0): void {
  if (depth > MAX_NESTING) reader.fail(`safeContentsBag nested deeper than ${MAX_NESTING}`)
  for (const bag of reader.sequence(reader.one(bytes), 'SafeContents')) {
    if (out.length >= MAX_BAGS)
      throw new LimitExceededError(
        'maxBags',
        out.length + 1,
        MAX_BAGS,
        `more than ${MAX_BAGS} bags in the PKCS#12 file`,
      )
    // SafeBag ::= SEQUENCE { bagId, bagValue [0] EXPLICIT, bagAttributes SET OF OPTIONAL }
    const [id, wrapped, attributes] = reader.sequence(bag, 'SafeBag')
    const type = reader.oid(id, 'bagId')
    if (!reader.isContext(wrapped, 0)) reader.fail('expected [0] bagValue')
    const value = reader.children(wrapped)[0]
    if (!value) reader.fail('empty bagValue')
    if (type === OIDS.safeContentsBag) {
      parseSafeContents(value.raw, out, depth + 1)
      continue
    }
    out.push({ type, value, ...readAttributes(attributes) })
  }
}

function readAttributes(set: Tlv | undefined): { friendlyName?: string; localKeyId?: Uint8Array } {
  const result: { friendlyName?: string; localKeyId?: Uint8Array } = {}
  if (!set) return result
  for (const attribute of reader.children(set)) {
    const [type, values] = reader.sequence(attribute, 'PKCS12Attribute')
    const oid = reader.oid(type, 'attribute type')
    const value = values ? reader.children(values)[0] : undefined
    if (oid === OIDS.localKeyId)
      result.localKeyId = new Uint8Array(reader.octets(value, 'localKeyId'))
    if (oid === OIDS.friendlyName && value?.tag === 0x1e)
      result.friendlyName = decodeBmp(value.content)
  }
  return result
}

export function explicitOctets(content: Tlv | undefined, name: string): Uint8Array {
  if (!reader.isContext(content, 0)) reader.fail(`expected [0] ${name}`)
  return reader.octets(reader.children(content)[0], name)
}

function decodeBmp(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i + 1 < bytes.length; i += 2)
    text += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!)
  return text
}
