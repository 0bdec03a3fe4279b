import type { Certificate } from '../certificate/certificate.js'
import { der, DerReader, type Tlv } from '../lib/der.js'
import { sameName } from '../trust/names.js'
import type { Crl } from './parse-crl.js'

/** A distribution point: its names (raw GeneralName TLVs) and its reasons bit mask. */
export interface DistributionPoint {
  names: Uint8Array[] | undefined
  /** ReasonFlags bits 1 to 8 (all without the field). */
  reasons: number
  /** DER of the cRLIssuer GeneralNames, if present. */
  crlIssuer: Uint8Array[] | undefined
}

/** issuingDistributionPoint (RFC 5280 §5.2.5). */
export interface IssuingDistributionPoint {
  names: Uint8Array[] | undefined
  onlyUser: boolean
  onlyCa: boolean
  /** The reasons this CRL covers, as a mask of ReasonFlags bits 1 to 8 (all without the field). */
  reasons: number
  indirect: boolean
  onlyAttribute: boolean
}

/** ReasonFlags bits 1 (keyCompromise) to 8 (aACompromise); bit 0 is unused (RFC 5280 §4.2.1.13). */
export const ALL_REASONS = 0x1fe

function reasonFlags(tlv: Tlv): number {
  let mask = 0
  for (let bit = 1; bit <= 8; bit++) {
    const byte = tlv.content[1 + (bit >> 3)]
    if (byte !== undefined && byte & (0x80 >> (bit & 7))) mask |= 1 << bit
  }
  return mask
}

// RFC 5280 §4.1: what a CA signs is DER; a second encoding of the same value is refused.
const reader: DerReader = new DerReader('ERR_PKI_INVALID_INPUT', 'distribution point', {
  strict: true,
})

/** DistributionPointName: fullName, or nameRelativeToCRLIssuer appended to `issuer`. */
function pointNames(choice: Tlv, issuer: Uint8Array): Uint8Array[] {
  if (choice.tag === 0) return reader.children(choice).map((n) => n.raw)
  // RFC 5280 §4.2.1.13: nameRelativeToCRLIssuer is appended to the CRL issuer's name.
  const rdns = reader.children(reader.one(issuer)).map((r) => r.raw)
  const full = der.seq(...rdns, der.set(...reader.children(choice).map((a) => a.raw)))
  return [der.ctx(4, true, full)]
}

/** The certificate's cRLDistributionPoints, with raw names. */
export function certificateDistributionPoints(cert: Certificate): DistributionPoint[] {
  const value = cert.extensions.find((e) => e.oid === '2.5.29.31')?.value
  if (!value) return []
  return reader.sequence(reader.one(value), 'CRLDistributionPoints').map((point) => {
    const out: DistributionPoint = { names: undefined, crlIssuer: undefined, reasons: ALL_REASONS }
    const fields = reader.sequence(point, 'DistributionPoint')
    for (const field of fields) {
      if (field.tag === 1) out.reasons = reasonFlags(field)
      if (field.tag === 2) out.crlIssuer = reader.children(field).map((n) => n.raw)
    }
    // A relative name is appended to the CRL issuer's name: cRLIssuer when present.
    const issuerTlv = out.crlIssuer?.map((n) => reader.one(n)).find((n) => n.tag === 4)
    const base = issuerTlv ? reader.children(issuerTlv)[0]!.raw : cert.issuerDer
    const name = fields.find((f) => f.tag === 0)
    if (name) out.names = pointNames(reader.children(name)[0]!, base)
    return out
  })
}

export function readIssuingDistributionPoint(crl: Crl): IssuingDistributionPoint | undefined {
  if (!crl.issuingDistributionPoint) return undefined
  const out: IssuingDistributionPoint = {
    names: undefined,
    onlyUser: false,
    onlyCa: false,
    reasons: ALL_REASONS,
    indirect: false,
    onlyAttribute: false,
  }
  const flag = (f: Tlv): boolean => f.content[0] !== 0
  for (const field of reader.sequence(reader.one(crl.issuingDistributionPoint), 'IDP')) {
    if (field.tag === 0) out.names = pointNames(reader.children(field)[0]!, crl.issuerDer)
    if (field.tag === 1) out.onlyUser = flag(field)
    if (field.tag === 2) out.onlyCa = flag(field)
    if (field.tag === 3) out.reasons = reasonFlags(field)
    if (field.tag === 4) out.indirect = flag(field)
    if (field.tag === 5) out.onlyAttribute = flag(field)
  }
  return out
}

/** Two GeneralName TLVs name the same thing (directoryNames per RFC 5280 §7.1). */
export function sameGeneralName(a: Uint8Array, b: Uint8Array): boolean {
  const x = reader.one(a)
  const y = reader.one(b)
  if (x.tag !== y.tag || x.cls !== y.cls) return false
  if (x.tag === 4) return sameName(reader.children(x)[0]!.raw, reader.children(y)[0]!.raw)
  return x.content.length === y.content.length && x.content.every((v, i) => v === y.content[i])
}

/** A directoryName GeneralName TLV for a DER Name. */
export function directoryName(name: Uint8Array): Uint8Array {
  return der.ctx(4, true, name)
}
