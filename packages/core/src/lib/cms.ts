// The one module that talks to pkijs and asn1js. Their types stay in here: the rest of core
// sees plain objects and DER bytes.
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import type { AlgorithmIdentifier } from '@siegel/pki'
import { SmimeError } from '../errors.js'
import { CMS_OID } from './oids.js'
import { toHex } from './bytes.js'

/** One attribute: its type and the DER of each value. */
export interface CmsAttribute {
  oid: string
  values: Uint8Array[]
}

export type SignerIdentifier =
  | { kind: 'issuerAndSerialNumber'; issuerDer: Uint8Array; serialNumber: string }
  | { kind: 'subjectKeyIdentifier'; keyIdentifier: Uint8Array }

export interface DecodedSignerInfo {
  sid: SignerIdentifier
  digestAlgorithm: string
  /** Signed attributes and the DER that was signed (RFC 5652 §5.4: re-tagged as SET OF). */
  signedAttributes?: { der: Uint8Array; attributes: CmsAttribute[] }
  signatureAlgorithm: AlgorithmIdentifier
  signature: Uint8Array
}

export interface DecodedSignedData {
  eContentType: string
  /** Present for attached (opaque) signatures. */
  eContent?: Uint8Array
  certificates: Uint8Array[]
  signerInfos: DecodedSignerInfo[]
}

/** Decodes a DER ContentInfo holding SignedData (RFC 5652 §3, §5). */
export function decodeSignedData(der: Uint8Array): DecodedSignedData {
  let signedData: pkijs.SignedData
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(der as Uint8Array<ArrayBuffer>)
    if (contentInfo.contentType !== CMS_OID.signedData) {
      throw new SmimeError(
        'ERR_SMIME_MALFORMED_CMS',
        `expected SignedData (${CMS_OID.signedData}), got content type ${contentInfo.contentType}`,
      )
    }
    signedData = new pkijs.SignedData({ schema: contentInfo.content })
  } catch (cause) {
    if (cause instanceof SmimeError) throw cause
    throw new SmimeError('ERR_SMIME_MALFORMED_CMS', 'expected a DER ContentInfo with SignedData', {
      cause,
    })
  }
  const eContent = signedData.encapContentInfo.eContent
  const certificates = (signedData.certificates ?? [])
    .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
    .map((c) => new Uint8Array(c.toSchema().toBER()))
  return {
    eContentType: signedData.encapContentInfo.eContentType,
    ...(eContent ? { eContent: octetStringContent(eContent) } : {}),
    certificates,
    signerInfos: signedData.signerInfos.map(decodeSignerInfo),
  }
}

function decodeSignerInfo(info: pkijs.SignerInfo): DecodedSignerInfo {
  const decoded: DecodedSignerInfo = {
    sid: decodeSid(info.sid),
    digestAlgorithm: info.digestAlgorithm.algorithmId,
    signatureAlgorithm: algorithmIdentifier(info.signatureAlgorithm),
    signature: new Uint8Array(info.signature.valueBlock.valueHexView),
  }
  if (info.signedAttrs) {
    decoded.signedAttributes = {
      der: new Uint8Array(info.signedAttrs.encodedValue),
      attributes: info.signedAttrs.attributes.map((a) => ({
        oid: a.type,
        values: a.values.map((v: asn1js.AsnType) => new Uint8Array(v.valueBeforeDecodeView)),
      })),
    }
  }
  return decoded
}

function decodeSid(sid: unknown): SignerIdentifier {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return {
      kind: 'issuerAndSerialNumber',
      issuerDer: new Uint8Array(sid.issuer.valueBeforeDecode),
      serialNumber: toHex(sid.serialNumber.valueBlock.valueHexView),
    }
  }
  // RFC 5652 §5.3: subjectKeyIdentifier [0] SubjectKeyIdentifier (an implicitly tagged OCTET STRING).
  const tagged = sid as {
    valueBlock?: {
      valueHexView?: Uint8Array
      value?: { valueBlock?: { valueHexView?: Uint8Array } }[]
    }
  }
  const bytes = tagged.valueBlock?.valueHexView?.length
    ? tagged.valueBlock.valueHexView
    : tagged.valueBlock?.value?.[0]?.valueBlock?.valueHexView
  if (!bytes)
    throw new SmimeError('ERR_SMIME_MALFORMED_CMS', 'the SignerInfo has an unreadable sid')
  return { kind: 'subjectKeyIdentifier', keyIdentifier: new Uint8Array(bytes) }
}

function algorithmIdentifier(algorithm: pkijs.AlgorithmIdentifier): AlgorithmIdentifier {
  const params = algorithm.algorithmParams as asn1js.AsnType | undefined
  return params
    ? { oid: algorithm.algorithmId, parameters: new Uint8Array(params.toBER()) }
    : { oid: algorithm.algorithmId }
}

function octetStringContent(value: asn1js.OctetString): Uint8Array {
  // A constructed (BER) OCTET STRING holds its content in pieces.
  if (value.idBlock.isConstructed) {
    const pieces = value.valueBlock.value as asn1js.OctetString[]
    let length = 0
    for (const piece of pieces) length += piece.valueBlock.valueHexView.length
    const out = new Uint8Array(length)
    let offset = 0
    for (const piece of pieces) {
      out.set(piece.valueBlock.valueHexView, offset)
      offset += piece.valueBlock.valueHexView.length
    }
    return out
  }
  return new Uint8Array(value.valueBlock.valueHexView)
}

/** What {@link encodeSignedAttributes} needs for one signer. */
export interface SignedAttributeValues {
  messageDigest: Uint8Array
  signingTime: Date
}

/** DER of the SET OF signed attributes, sorted as DER requires (X.690 §11.6). */
export function encodeSignedAttributes(values: SignedAttributeValues): {
  der: Uint8Array
  attributes: pkijs.Attribute[]
} {
  const attributes = [
    new pkijs.Attribute({
      type: CMS_OID.contentType,
      values: [new asn1js.ObjectIdentifier({ value: CMS_OID.data })],
    }),
    new pkijs.Attribute({ type: CMS_OID.signingTime, values: [timeValue(values.signingTime)] }),
    new pkijs.Attribute({
      type: CMS_OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: values.messageDigest })],
    }),
  ]
  const encoded = attributes.map((a) => ({
    attribute: a,
    der: new Uint8Array(a.toSchema().toBER()),
  }))
  encoded.sort((a, b) => compareBytes(a.der, b.der))
  const sorted = encoded.map((e) => e.attribute)
  const der = new Uint8Array(new asn1js.Set({ value: sorted.map((a) => a.toSchema()) }).toBER())
  return { der, attributes: sorted }
}

/** RFC 5652 §11.3: UTCTime for 1950–2049, GeneralizedTime otherwise. */
function timeValue(date: Date): asn1js.UTCTime | asn1js.GeneralizedTime {
  const year = date.getUTCFullYear()
  const whole = new Date(Math.floor(date.getTime() / 1000) * 1000)
  return year >= 1950 && year < 2050
    ? new asn1js.UTCTime({ valueDate: whole })
    : new asn1js.GeneralizedTime({ valueDate: whole })
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

/** One signer of {@link encodeSignedData}, with its signature already made. */
export interface SignerInfoSpec {
  certificateDer: Uint8Array
  digestOid: string
  signedAttributes: pkijs.Attribute[]
  signatureAlgorithm: AlgorithmIdentifier
  signature: Uint8Array
}

/** DER ContentInfo of detached SignedData over id-data (RFC 5652 §5, RFC 8551 §3.5.3). */
export function encodeSignedData(
  signers: readonly SignerInfoSpec[],
  certificates: readonly Uint8Array[],
): Uint8Array {
  const digestOids = [...new Set(signers.map((s) => s.digestOid))]
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: digestOids.map((oid) => new pkijs.AlgorithmIdentifier({ algorithmId: oid })),
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: CMS_OID.data }),
    certificates: certificates.map((der) =>
      pkijs.Certificate.fromBER(der as Uint8Array<ArrayBuffer>),
    ),
    signerInfos: signers.map((signer) => {
      const certificate = pkijs.Certificate.fromBER(
        signer.certificateDer as Uint8Array<ArrayBuffer>,
      )
      return new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: certificate.issuer,
          serialNumber: certificate.serialNumber,
        }),
        digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: signer.digestOid }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: signer.signedAttributes,
        }),
        signatureAlgorithm: new pkijs.AlgorithmIdentifier({
          algorithmId: signer.signatureAlgorithm.oid,
          ...(signer.signatureAlgorithm.parameters
            ? {
                algorithmParams: asn1js.fromBER(
                  signer.signatureAlgorithm.parameters as Uint8Array<ArrayBuffer>,
                ).result,
              }
            : {}),
        }),
        signature: new asn1js.OctetString({ valueHex: signer.signature }),
      })
    }),
  })
  const contentInfo = new pkijs.ContentInfo({
    contentType: CMS_OID.signedData,
    content: signedData.toSchema(true),
  })
  return new Uint8Array(contentInfo.toSchema().toBER())
}

/** The OID in a DER OBJECT IDENTIFIER, or `undefined`. */
export function readObjectIdentifier(der: Uint8Array): string | undefined {
  const parsed = asn1js.fromBER(der as Uint8Array<ArrayBuffer>)
  return parsed.result instanceof asn1js.ObjectIdentifier
    ? parsed.result.valueBlock.toString()
    : undefined
}

/** The content of a DER OCTET STRING, or `undefined`. */
export function readOctetString(der: Uint8Array): Uint8Array | undefined {
  const parsed = asn1js.fromBER(der as Uint8Array<ArrayBuffer>)
  return parsed.result instanceof asn1js.OctetString && !parsed.result.idBlock.isConstructed
    ? new Uint8Array(parsed.result.valueBlock.valueHexView)
    : undefined
}

/** The date in a DER UTCTime or GeneralizedTime, or `undefined`. */
export function readTime(der: Uint8Array): Date | undefined {
  const parsed = asn1js.fromBER(der as Uint8Array<ArrayBuffer>)
  if (parsed.result instanceof asn1js.UTCTime || parsed.result instanceof asn1js.GeneralizedTime) {
    const date = parsed.result.toDate()
    return Number.isNaN(date.getTime()) ? undefined : date
  }
  return undefined
}
