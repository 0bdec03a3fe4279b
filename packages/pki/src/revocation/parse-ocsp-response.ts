import type { AlgorithmIdentifier } from '../algorithms/signature.js'
import { Certificate } from '../certificate/certificate.js'
import { PkiError } from '../errors.js'
import { copyBytes, toHex } from '../lib/bytes.js'
import { DerReader, type Tlv } from '../lib/der.js'
import { readAlgorithmIdentifier, readSignatureBits } from '../lib/signed-fields.js'
import { readTime } from '../lib/x509-time.js'
import type { CertId } from './ocsp-request.js'

/** One SingleResponse (RFC 6960 §4.2.1). */
export interface OcspSingleResponse {
  certId: CertId
  status: 'good' | 'revoked' | 'unknown'
  revocationTime?: Date
  reason?: number
  thisUpdate: Date
  nextUpdate?: Date
}

/** A parsed OCSP response; only `successful` ones carry a basic response. */
export interface OcspResponse {
  /** responseStatus: 0 successful, 1 malformedRequest, 2 internalError, 3 tryLater, 5 sigRequired, 6 unauthorized. */
  responseStatus: number
  /** byName: DER Name; byKey: SHA-1 key hash. */
  responderId?: { name?: Uint8Array; keyHash?: Uint8Array }
  producedAt?: Date
  responses: OcspSingleResponse[]
  nonce?: Uint8Array
  certificates: Certificate[]
  tbs?: Uint8Array
  signatureAlgorithm?: AlgorithmIdentifier
  signature?: Uint8Array
}

const reader: DerReader = new DerReader('ERR_PKI_INVALID_INPUT', 'OCSP response')
const BASIC = '1.3.6.1.5.5.7.48.1.1'
const NONCE = '1.3.6.1.5.5.7.48.1.2'
// Responders answer for one certificate, or a handful; more is not an honest response.
const MAX_SINGLE_RESPONSES = 1000

function certId(tlv: Tlv | undefined): CertId {
  const [, nameHash, keyHash, serial] = reader.sequence(tlv, 'CertID')
  if (serial?.tag !== 2) reader.fail('expected CertID serialNumber')
  return {
    issuerNameHash: copyBytes(reader.octets(nameHash, 'issuerNameHash')),
    issuerKeyHash: copyBytes(reader.octets(keyHash, 'issuerKeyHash')),
    serialNumber: toHex(serial.content),
  }
}

function single(tlv: Tlv): OcspSingleResponse {
  const [id, status, thisUpdate, ...rest] = reader.sequence(tlv, 'SingleResponse')
  if (!status || status.cls !== 2) reader.fail('expected certStatus')
  const out: OcspSingleResponse = {
    certId: certId(id),
    status: status.tag === 0 ? 'good' : status.tag === 1 ? 'revoked' : 'unknown',
    thisUpdate: readTime(reader, thisUpdate, 'thisUpdate'),
  }
  if (status.tag === 1) {
    const [time, reason] = reader.children(status)
    out.revocationTime = readTime(reader, time, 'revocationTime')
    if (reason) out.reason = reader.children(reason)[0]?.content[0] ?? 0
  }
  const next = rest.find((f) => reader.isContext(f, 0))
  if (next) out.nextUpdate = readTime(reader, reader.children(next)[0], 'nextUpdate')
  return out
}

/**
 * Parses a DER OCSP response (RFC 6960 §4.2). The signature is not checked here.
 *
 * Reachable from `@siegel/pki`.
 * @param der - the response body
 * @returns the parsed response
 * @throws PkiError `ERR_PKI_INVALID_INPUT` if it is malformed or not a basic response
 * @example
 * ```ts
 * const response = parseOcspResponse(body)
 * response.responses[0]?.status
 * ```
 */
export function parseOcspResponse(der: Uint8Array): OcspResponse {
  const [status, bytes] = reader.sequence(reader.one(copyBytes(der)), 'OCSPResponse')
  if (status?.tag !== 10) reader.fail('expected responseStatus ENUMERATED')
  const out: OcspResponse = {
    responseStatus: status.content[0] ?? 0,
    responses: [],
    certificates: [],
  }
  if (out.responseStatus !== 0 || !bytes) return out
  const [type, octets] = reader.sequence(reader.children(bytes)[0], 'ResponseBytes')
  if (reader.oid(type, 'responseType') !== BASIC) reader.fail('expected a basic OCSP response')
  const [tbs, alg, sig, certs] = reader.sequence(
    reader.one(reader.octets(octets, 'response')),
    'BasicOCSPResponse',
  )
  const fields = reader.sequence(tbs, 'ResponseData')
  let i = reader.isContext(fields[0], 0) ? 1 : 0
  const responder = fields[i++]
  if (reader.isContext(responder, 1))
    out.responderId = { name: copyBytes(reader.children(responder)[0]!.raw) }
  else if (reader.isContext(responder, 2))
    out.responderId = {
      keyHash: copyBytes(reader.octets(reader.children(responder)[0], 'KeyHash')),
    }
  out.producedAt = readTime(reader, fields[i++], 'producedAt')
  const list = reader.sequence(fields[i++], 'responses')
  if (list.length > MAX_SINGLE_RESPONSES)
    throw new PkiError('ERR_PKI_LIMIT_EXCEEDED', `OCSP response with ${list.length} answers`)
  out.responses = list.map(single)
  const extensions = fields[i]
  if (reader.isContext(extensions, 1)) {
    for (const ext of reader.sequence(reader.children(extensions)[0], 'Extensions')) {
      const parts = reader.sequence(ext, 'Extension')
      if (reader.oid(parts[0], 'extnID') !== NONCE) continue
      const value = reader.octets(parts[parts.length - 1], 'extnValue')
      // RFC 8954 §2.1: the nonce is an OCTET STRING inside extnValue.
      const inner = reader.one(value)
      out.nonce = copyBytes(inner.tag === 4 ? inner.content : value)
    }
  }
  out.signatureAlgorithm = readAlgorithmIdentifier(reader, alg, 'signatureAlgorithm')
  out.signature = readSignatureBits(reader, sig)
  out.tbs = copyBytes(tbs!.raw)
  if (reader.isContext(certs, 0))
    out.certificates = reader
      .sequence(reader.children(certs)[0], 'certs')
      .map((c) => Certificate.from(copyBytes(c.raw)))
  return out
}
