import { OID } from '../algorithms/oids.js'
import { der, DerReader, type Tlv } from './der.js'

/** The fields of a PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5958) that we use. */
export interface PrivateKeyInfo {
  algorithmOid: string
  /** The named curve OID of an EC key, from the algorithm parameters or the SEC1 key. */
  curveOid?: string
  /** The DER of the algorithm parameters, if any. */
  parameters?: Uint8Array
  /** The privateKey OCTET STRING's content. */
  privateKey: Uint8Array
  /** RSA only: the modulus size in bits. */
  modulusBits?: number
}

const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_KEY', 'PKCS#8 PrivateKeyInfo')

export function parsePrivateKeyInfo(bytes: Uint8Array): PrivateKeyInfo {
  const [version, algorithm, key] = reader.sequence(reader.one(bytes), 'PrivateKeyInfo')
  const v = reader.smallInt(version, 'version')
  if (v > 1) reader.fail(`unknown version ${v}`)
  const [oid, parameters] = reader.sequence(algorithm, 'privateKeyAlgorithm')
  const info: PrivateKeyInfo = {
    algorithmOid: reader.oid(oid, 'algorithm'),
    privateKey: reader.octets(key, 'privateKey'),
  }
  if (parameters && !(parameters.tag === 5 && parameters.cls === 0))
    info.parameters = parameters.raw
  if (parameters?.tag === 6 && parameters.cls === 0) info.curveOid = reader.oid(parameters, 'curve')
  if (info.algorithmOid === OID.ecPublicKey && !info.curveOid) {
    const sec1 = parseSec1(info.privateKey)
    if (sec1.curveOid) info.curveOid = sec1.curveOid
  }
  if (info.algorithmOid === OID.rsaEncryption || info.algorithmOid === OID.rsassaPss)
    info.modulusBits = rsaModulusBits(info.privateKey)
  return info
}

/** RFC 5915 ECPrivateKey ::= SEQUENCE { version 1, privateKey, [0] parameters, [1] publicKey } */
export function parseSec1(bytes: Uint8Array): { curveOid?: string } {
  const sec1 = new DerReader('ERR_PKI_MALFORMED_KEY', 'SEC1 ECPrivateKey')
  const fields = sec1.sequence(sec1.one(bytes), 'ECPrivateKey')
  if (sec1.smallInt(fields[0], 'version') !== 1) sec1.fail('expected version 1')
  sec1.octets(fields[1], 'privateKey')
  const params = fields.find((f) => sec1.isContext(f, 0))
  if (!params) return {}
  const [curve] = sec1.children(params)
  return { curveOid: sec1.oid(curve, 'named curve') }
}

/** A version-0 PrivateKeyInfo: what every WebCrypto imports. */
export function buildPrivateKeyInfo(info: PrivateKeyInfo): Uint8Array {
  const parameters =
    info.parameters ??
    (info.curveOid
      ? der.oid(info.curveOid)
      : info.algorithmOid === OID.rsaEncryption
        ? der.null()
        : undefined)
  return der.seq(
    der.int(0),
    der.seq(der.oid(info.algorithmOid), ...(parameters ? [parameters] : [])),
    der.octets(info.privateKey),
  )
}

/** RFC 8017 A.1.2 RSAPrivateKey ::= SEQUENCE { version, modulus, publicExponent, ... } */
export function isRsaPrivateKey(bytes: Uint8Array): boolean {
  try {
    const fields = reader.sequence(reader.one(bytes), 'RSAPrivateKey')
    return fields.length >= 9 && fields.slice(0, 9).every((f) => f.cls === 0 && f.tag === 2)
  } catch {
    return false
  }
}

function rsaModulusBits(rsaPrivateKey: Uint8Array): number {
  const fields = reader.sequence(reader.one(rsaPrivateKey), 'RSAPrivateKey')
  return integerBits(fields[1])
}

export function integerBits(tlv: Tlv | undefined): number {
  if (!tlv || tlv.tag !== 2) reader.fail('expected an INTEGER')
  const bytes = tlv.content
  let start = 0
  while (start < bytes.length && bytes[start] === 0) start++
  if (start === bytes.length) return 0
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start]!))
}
