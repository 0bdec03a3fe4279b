import type { AlgorithmIdentifier } from '../algorithms/signature.js'
import { derFrom } from '../encoding/pem.js'
import { PkiError } from '../errors.js'
import { copyBytes, toHex } from '../lib/bytes.js'
import { assertDer, DerReader, type Tlv } from '../lib/der.js'
import { readAlgorithmIdentifier, readSignatureBits } from '../lib/signed-fields.js'
import { readTime } from '../lib/x509-time.js'

/** One entry of a CRL's revokedCertificates (RFC 5280 §5.1.2.6, §5.3). */
export interface RevokedEntry {
  /** The serial number as lower-case hex of its DER content bytes (as `Certificate.serialNumber`). */
  serialNumber: string
  revocationDate: Date
  /** The CRLReason code (RFC 5280 §5.3.1), if given. */
  reason?: number
  /** Entry extensions Siegel does not interpret, by OID, if any is critical. */
  unknownCritical: string[]
  /**
   * The certificate issuer's GeneralNames (DER) for entries of indirect CRLs (RFC 5280
   * §5.3.3): from this entry's certificateIssuer or the nearest earlier one; `undefined` means
   * the CRL issuer.
   */
  certificateIssuer?: Uint8Array
}

/** A parsed X.509 CRL (RFC 5280 §5). Use {@link parseCrl} to make one. */
export interface Crl {
  der: Uint8Array
  /** DER of the issuer Name. */
  issuerDer: Uint8Array
  thisUpdate: Date
  nextUpdate: Date | undefined
  /** The revoked entries, by serial number (several issuers may share a serial in indirect CRLs). */
  entries: ReadonlyMap<string, readonly RevokedEntry[]>
  /** cRLNumber as hex, if present. */
  crlNumber?: string
  /** deltaCRLIndicator's base CRL number as hex, for delta CRLs. */
  deltaBase?: string
  /** The issuingDistributionPoint extension's value, if present. */
  issuingDistributionPoint?: Uint8Array
  authorityKeyIdentifier?: Uint8Array
  /** CRL extensions Siegel does not interpret and that are critical. */
  unknownCritical: string[]
  /** What the issuer signed. */
  tbs: Uint8Array
  signatureAlgorithm: AlgorithmIdentifier
  signature: Uint8Array
}

// A CRL of a large CA can list millions of entries; more than this is a denial of service.
const MAX_CRL_ENTRIES = 1_000_000

// RFC 5280 §5.1: a CRL is DER, like the certificates it revokes.
const reader: DerReader = new DerReader('ERR_PKI_INVALID_INPUT', 'CRL', { strict: true })
const KNOWN_CRL_EXTENSIONS = new Set([
  '2.5.29.20',
  '2.5.29.27',
  '2.5.29.28',
  '2.5.29.35',
  '2.5.29.46',
])
const KNOWN_ENTRY_EXTENSIONS = new Set(['2.5.29.21', '2.5.29.24', '2.5.29.29'])

function extensions(tlv: Tlv): { oid: string; critical: boolean; value: Uint8Array }[] {
  return reader.sequence(tlv, 'Extensions').map((ext) => {
    const fields = reader.sequence(ext, 'Extension')
    const critical = fields.length === 3 && fields[1]!.tag === 1 && fields[1]!.content[0] !== 0
    return {
      oid: reader.oid(fields[0], 'extnID'),
      critical,
      value: reader.octets(fields[fields.length - 1], 'extnValue'),
    }
  })
}

/**
 * Parses an X.509 CRL from DER, PEM bytes or a PEM string (`X509 CRL` block).
 *
 * Reachable from `@siegel/pki`.
 * @param input - the CRL
 * @returns the parsed CRL; its signature is not yet checked
 * @throws PkiError `ERR_PKI_INVALID_INPUT` for malformed CRLs and CRLs that are not DER,
 *   `ERR_PKI_DER_TOO_DEEP` for nesting beyond 32 levels, `ERR_PKI_LIMIT_EXCEEDED` for more
 *   than a million entries
 * @example
 * ```ts
 * const crl = parseCrl(bytes)
 * crl.nextUpdate
 * ```
 */
export function parseCrl(input: Uint8Array | string): Crl {
  const der = copyBytes(derFrom(input, ['X509 CRL'], 'a CRL'))
  assertDer(der, reader.context)
  const [tbsTlv, algTlv, sigTlv] = reader.sequence(reader.one(der), 'CertificateList')
  const tbs = reader.sequence(tbsTlv, 'TBSCertList')
  let i = tbs[0]?.tag === 2 ? 1 : 0
  i++ // signature AlgorithmIdentifier, repeated below the signature
  const issuer = tbs[i++]
  if (!issuer || issuer.tag !== 0x10) reader.fail('expected issuer Name')
  const thisUpdate = readTime(reader, tbs[i++], 'thisUpdate')
  let nextUpdate: Date | undefined
  if (tbs[i]?.tag === 0x17 || tbs[i]?.tag === 0x18)
    nextUpdate = readTime(reader, tbs[i++], 'nextUpdate')
  const entries = new Map<string, RevokedEntry[]>()
  let currentIssuer: Uint8Array | undefined
  if (tbs[i]?.cls === 0 && tbs[i]?.tag === 0x10) {
    const list = reader.children(tbs[i++]!)
    if (list.length > MAX_CRL_ENTRIES)
      throw new PkiError('ERR_PKI_LIMIT_EXCEEDED', `CRL lists ${list.length} entries`)
    for (const item of list) {
      const [serial, date, exts] = reader.sequence(item, 'revokedCertificate')
      if (serial?.tag !== 2) reader.fail('expected userCertificate INTEGER')
      const entry: RevokedEntry = {
        serialNumber: toHex(serial.content),
        revocationDate: readTime(reader, date, 'revocationDate'),
        unknownCritical: [],
      }
      for (const ext of exts ? extensions(exts) : []) {
        if (ext.oid === '2.5.29.21') entry.reason = reader.one(ext.value).content[0] ?? 0
        if (ext.oid === '2.5.29.29') currentIssuer = copyBytes(ext.value)
        if (ext.critical && !KNOWN_ENTRY_EXTENSIONS.has(ext.oid))
          entry.unknownCritical.push(ext.oid)
      }
      if (currentIssuer) entry.certificateIssuer = currentIssuer
      entries.set(entry.serialNumber, [...(entries.get(entry.serialNumber) ?? []), entry])
    }
  }
  const crl: Crl = {
    der,
    issuerDer: copyBytes(issuer.raw),
    thisUpdate,
    nextUpdate,
    entries,
    unknownCritical: [],
    tbs: copyBytes(tbsTlv!.raw),
    signatureAlgorithm: readAlgorithmIdentifier(reader, algTlv, 'signatureAlgorithm'),
    signature: readSignatureBits(reader, sigTlv),
  }
  const explicit = tbs[i]
  if (reader.isContext(explicit, 0)) {
    for (const ext of extensions(reader.children(explicit)[0]!)) {
      if (ext.oid === '2.5.29.20') crl.crlNumber = toHex(reader.one(ext.value).content)
      if (ext.oid === '2.5.29.27') crl.deltaBase = toHex(reader.one(ext.value).content)
      if (ext.oid === '2.5.29.28') crl.issuingDistributionPoint = copyBytes(ext.value)
      if (ext.oid === '2.5.29.35') {
        const key = reader.sequence(reader.one(ext.value), 'AKI').find((f) => f.tag === 0)
        if (key) crl.authorityKeyIdentifier = copyBytes(key.content)
      }
      if (ext.critical && !KNOWN_CRL_EXTENSIONS.has(ext.oid)) crl.unknownCritical.push(ext.oid)
    }
  }
  return crl
}
