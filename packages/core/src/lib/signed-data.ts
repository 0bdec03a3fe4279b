// RFC 5652 §5: SignedData, read and written with the small DER module so that content of any
// size passes through without asn1js's limits or extra copies.
import type { AlgorithmIdentifier } from '@siegel/pki'
import { checkLimit, type CmsLimits } from '../cms/limits.js'
import { SmimeError } from '../errors.js'
import { toHex } from './bytes.js'
import {
  childrenOf,
  compareBytes,
  encode,
  encodePieces,
  expectTag,
  node,
  octetStringContent,
  oid,
  readNode,
  readOid,
  readRoot,
  requireDer,
  setOf,
  smallInteger,
  TAG,
  tlv,
  tlvBytes,
  type DerNode,
  type DerTree,
} from './der.js'
import { CMS_OID } from './oids.js'

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
  digestAlgorithm: AlgorithmIdentifier
  /** Signed attributes and the DER that was signed (RFC 5652 §5.4: re-tagged as SET OF). */
  signedAttributes?: { der: Uint8Array; attributes: CmsAttribute[] }
  signatureAlgorithm: AlgorithmIdentifier
  signature: Uint8Array
  unsignedAttributes: CmsAttribute[]
}

export interface DecodedSignedData {
  eContentType: string
  /** Present for attached (opaque) signatures; a view into the input where it was one piece. */
  eContent?: Uint8Array
  /** DER of each certificate in the `certificates` set (other choices are skipped). */
  certificates: Uint8Array[]
  signerInfos: DecodedSignerInfo[]
}

/**
 * Decodes a BER/DER ContentInfo holding SignedData (RFC 5652 §3, §5.1). The sets of
 * certificates, CRLs and SignerInfos are counted against `limits` before any is decoded.
 */
export function decodeSignedData(bytes: Uint8Array, limits: CmsLimits): DecodedSignedData {
  const contentInfo = childrenOf(bytes, expectTag(readRoot(bytes), TAG.sequence, 'ContentInfo'))
  const contentType = readOid(bytes, expectTag(contentInfo[0], TAG.oid, 'contentType'))
  if (contentType !== CMS_OID.signedData) {
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_CMS',
      `expected SignedData (${CMS_OID.signedData}), got content type ${contentType}`,
    )
  }
  const wrapper = childrenOf(bytes, expectTag(contentInfo[1], TAG.context0, '[0] content'))
  const fields = childrenOf(bytes, expectTag(wrapper[0], TAG.sequence, 'SignedData'))
  expectTag(fields[0], TAG.integer, 'SignedData version')
  expectTag(fields[1], TAG.set, 'digestAlgorithms')
  const encap = childrenOf(bytes, expectTag(fields[2], TAG.sequence, 'encapContentInfo'))
  const eContentType = readOid(bytes, expectTag(encap[0], TAG.oid, 'eContentType'))
  let eContent: Uint8Array | undefined
  if (encap[1]) {
    const explicit = childrenOf(bytes, expectTag(encap[1], TAG.context0, '[0] eContent'))
    const octets = explicit[0]
    if (!octets || (octets.tag & 0xdf) !== TAG.octetString) {
      throw new SmimeError('ERR_SMIME_MALFORMED_CMS', 'eContent is not an OCTET STRING')
    }
    eContent = octetStringContent(bytes, octets)
  }
  let index = 3
  const certificates: Uint8Array[] = []
  if (fields[index]?.tag === TAG.context0) {
    const choices = childrenOf(bytes, fields[index]!)
    checkLimit(limits, 'maxCertificates', choices.length, 'certificates in the SignedData')
    for (const choice of choices) {
      // CertificateChoices: only the plain Certificate (a SEQUENCE) is used by S/MIME.
      if (choice.tag === TAG.sequence) certificates.push(tlvBytes(bytes, choice))
    }
    index++
  }
  if (fields[index]?.tag === TAG.context1) {
    const crls = childrenOf(bytes, fields[index++]!)
    checkLimit(limits, 'maxCrls', crls.length, 'CRLs in the SignedData')
  }
  const signerSet = expectTag(fields[index], TAG.set, 'signerInfos')
  if (index + 1 !== fields.length)
    throw new SmimeError('ERR_SMIME_MALFORMED_CMS', 'unexpected fields after signerInfos')
  const signerNodes = childrenOf(bytes, signerSet)
  checkLimit(limits, 'maxSignerInfos', signerNodes.length, 'SignerInfos in the SignedData')
  return {
    eContentType,
    ...(eContent ? { eContent } : {}),
    certificates,
    signerInfos: signerNodes.map((node) => decodeSignerInfo(bytes, node)),
  }
}

function decodeSignerInfo(bytes: Uint8Array, node: DerNode): DecodedSignerInfo {
  const fields = childrenOf(bytes, expectTag(node, TAG.sequence, 'SignerInfo'))
  expectTag(fields[0], TAG.integer, 'SignerInfo version')
  const sidNode = fields[1]
  let sid: SignerIdentifier
  if (sidNode?.tag === TAG.sequence) {
    const [issuer, serial] = childrenOf(bytes, sidNode)
    expectTag(issuer, TAG.sequence, 'issuer Name')
    expectTag(serial, TAG.integer, 'serialNumber')
    sid = {
      kind: 'issuerAndSerialNumber',
      issuerDer: tlvBytes(bytes, issuer!),
      serialNumber: toHex(bytes.subarray(serial!.contentStart, serial!.contentEnd)),
    }
  } else if (sidNode?.tag === 0x80) {
    sid = {
      kind: 'subjectKeyIdentifier',
      keyIdentifier: bytes.subarray(sidNode.contentStart, sidNode.contentEnd),
    }
  } else {
    throw new SmimeError('ERR_SMIME_MALFORMED_CMS', 'the SignerInfo has an unreadable sid')
  }
  const digestAlgorithm = decodeAlgorithm(bytes, fields[2])
  let i = 3
  let signedAttributes: DecodedSignerInfo['signedAttributes']
  if (fields[i]?.tag === TAG.context0) {
    requireDer(bytes, fields[i]!, 'signed attributes')
    const der = tlvBytes(bytes, fields[i]!).slice()
    der[0] = TAG.set // RFC 5652 §5.4: the signature covers the EXPLICIT SET OF encoding.
    signedAttributes = { der, attributes: decodeAttributes(bytes, fields[i]!) }
    i++
  }
  const signatureAlgorithm = decodeAlgorithm(bytes, fields[i++])
  const signatureNode = expectTag(fields[i++], TAG.octetString, 'signature')
  const unsignedAttributes =
    fields[i]?.tag === TAG.context1 ? decodeAttributes(bytes, fields[i++]!) : []
  if (i !== fields.length)
    throw new SmimeError('ERR_SMIME_MALFORMED_CMS', 'unexpected fields in SignerInfo')
  return {
    sid,
    digestAlgorithm,
    ...(signedAttributes ? { signedAttributes } : {}),
    signatureAlgorithm,
    signature: bytes.subarray(signatureNode.contentStart, signatureNode.contentEnd),
    unsignedAttributes,
  }
}

function decodeAttributes(bytes: Uint8Array, node: DerNode): CmsAttribute[] {
  return childrenOf(bytes, node).map((attribute) => {
    const [type, values] = childrenOf(bytes, expectTag(attribute, TAG.sequence, 'Attribute'))
    return {
      oid: readOid(bytes, expectTag(type, TAG.oid, 'attribute type')),
      values: childrenOf(bytes, expectTag(values, TAG.set, 'attribute values')).map((v) =>
        tlvBytes(bytes, v),
      ),
    }
  })
}

/** An AlgorithmIdentifier; `tag` is the context tag where it is IMPLICITly tagged. */
export function decodeAlgorithm(
  bytes: Uint8Array,
  node: DerNode | undefined,
  tag: number = TAG.sequence,
): AlgorithmIdentifier {
  const [algorithm, parameters] = childrenOf(bytes, expectTag(node, tag, 'AlgorithmIdentifier'))
  const id = readOid(bytes, expectTag(algorithm, TAG.oid, 'algorithm OID'))
  return parameters ? { oid: id, parameters: tlvBytes(bytes, parameters) } : { oid: id }
}

// ---- writing ----

/** DER AlgorithmIdentifier. */
export function encodeAlgorithm(algorithm: AlgorithmIdentifier): Uint8Array {
  return tlv(
    TAG.sequence,
    oid(algorithm.oid),
    ...(algorithm.parameters ? [algorithm.parameters] : []),
  )
}

/** DER Attribute ::= SEQUENCE { attrType, attrValues SET OF }. */
export function encodeAttribute(attribute: CmsAttribute): Uint8Array {
  return tlv(TAG.sequence, oid(attribute.oid), setOf(attribute.values))
}

/** One signer for {@link encodeSignedData}, its signature already made. */
export interface SignerInfoSpec {
  /** DER of the issuer Name and the serial number's content octets (IssuerAndSerialNumber). */
  issuerDer: Uint8Array
  serialNumber: Uint8Array
  digestAlgorithm: AlgorithmIdentifier
  /** DER of the signed attributes as SET OF (what was signed). */
  signedAttributes: Uint8Array
  signatureAlgorithm: AlgorithmIdentifier
  signature: Uint8Array
}

/** DER SignerInfo, version 1 (issuerAndSerialNumber), written into one buffer. */
function encodeSignerInfo(signer: SignerInfoSpec): Uint8Array {
  // [0] IMPLICIT SET OF Attribute: the content octets of the signed SET OF, tagged anew.
  const attributes = signer.signedAttributes
  const content = attributes.subarray(readNode(attributes, 0).contentStart)
  return encode(
    node(
      TAG.sequence,
      smallInteger(1),
      node(TAG.sequence, signer.issuerDer, tlv(TAG.integer, signer.serialNumber)),
      encodeAlgorithm(signer.digestAlgorithm),
      node(TAG.context0, content),
      encodeAlgorithm(signer.signatureAlgorithm),
      node(TAG.octetString, signer.signature),
    ),
  )
}

/**
 * DER ContentInfo of SignedData over id-data (RFC 5652 §5.1, RFC 8551 §3.5): detached when
 * `content` is undefined, else with the content encapsulated. In pieces (see `encodePieces`):
 * large content is not copied.
 */
export function encodeSignedData(options: {
  signers: readonly SignerInfoSpec[]
  certificates: readonly Uint8Array[]
  content?: Uint8Array
}): Uint8Array[] {
  const digestAlgorithms = new Map(
    options.signers.map((s) => [s.digestAlgorithm.oid, encodeAlgorithm(s.digestAlgorithm)]),
  )
  const encap = options.content
    ? node(
        TAG.sequence,
        oid(CMS_OID.data),
        node(TAG.context0, node(TAG.octetString, options.content)),
      )
    : tlv(TAG.sequence, oid(CMS_OID.data))
  const parts = [smallInteger(1), setOf([...digestAlgorithms.values()]), encap]
  // CertificateSet and SignerInfos are SETs OF: DER sorts their elements (X.690 §11.6). As
  // tree nodes, the certificates and signer infos are copied once, into the result.
  if (options.certificates.length > 0) parts.push(sortedSet(TAG.context0, options.certificates))
  parts.push(sortedSet(TAG.set, options.signers.map(encodeSignerInfo)))
  return encodePieces(
    node(TAG.sequence, oid(CMS_OID.signedData), node(TAG.context0, node(TAG.sequence, ...parts))),
  )
}

function sortedSet(tag: number, elements: readonly Uint8Array[]): DerTree {
  return node(tag, ...[...elements].sort(compareBytes))
}

/** DER of a certs-only SignedData (RFC 8551 §3.6): no content, no signers, only certificates. */
export function encodeCertsOnly(certificates: readonly Uint8Array[]): Uint8Array {
  const parts = [smallInteger(1), tlv(TAG.set), tlv(TAG.sequence, oid(CMS_OID.data))]
  return encode(
    node(
      TAG.sequence,
      oid(CMS_OID.signedData),
      node(
        TAG.context0,
        node(TAG.sequence, ...parts, sortedSet(TAG.context0, certificates), tlv(TAG.set)),
      ),
    ),
  )
}
