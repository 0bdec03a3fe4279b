import { PkiError } from '../errors.js'
import { der } from '../lib/der.js'

/** A distinguished name to put in a request or certificate. Only `commonName` is required. */
export interface DistinguishedName {
  commonName: string
  organization?: string
  organizationalUnit?: string
  locality?: string
  state?: string
  /** Two-letter country code, e.g. `DE`. */
  country?: string
  /** serialNumber attribute (used by some CAs to tell people apart). */
  serialNumber?: string
  /** The legacy PKCS#9 emailAddress attribute; prefer the SAN, which is always written. */
  emailAddress?: string
}

// RFC 5280 appendix A / RFC 4519 attribute types, in the order names are written (C first).
const ATTRIBUTES: readonly [keyof DistinguishedName, string][] = [
  ['country', '2.5.4.6'],
  ['state', '2.5.4.8'],
  ['locality', '2.5.4.7'],
  ['organization', '2.5.4.10'],
  ['organizationalUnit', '2.5.4.11'],
  ['commonName', '2.5.4.3'],
  ['serialNumber', '2.5.4.5'],
  ['emailAddress', '1.2.840.113549.1.9.1'],
]

/** Name ::= RDNSequence; one attribute per RDN; UTF8String except C, serialNumber (Printable) and emailAddress (IA5). */
export function encodeName(name: DistinguishedName): Uint8Array {
  if (typeof name?.commonName !== 'string' || name.commonName.length === 0)
    throw new PkiError('ERR_PKI_INVALID_OPTION', 'the name needs a commonName')
  const rdns: Uint8Array[] = []
  for (const [field, oid] of ATTRIBUTES) {
    const value = name[field]
    if (value === undefined) continue
    if (typeof value !== 'string' || value.length === 0 || value.length > 256)
      throw new PkiError('ERR_PKI_INVALID_OPTION', `${field} must be 1 to 256 characters`)
    let encoded: Uint8Array
    if (field === 'country') {
      if (!/^[A-Z]{2}$/.test(value))
        throw new PkiError('ERR_PKI_INVALID_OPTION', 'country must be two capital letters')
      encoded = der.printable(value)
    } else if (field === 'emailAddress' || field === 'serialNumber') {
      // RFC 5280 §4.1.2.6 (emailAddress IA5String), X.520 serialNumber PrintableString.
      if (!/^[\x20-\x7e]+$/.test(value))
        throw new PkiError('ERR_PKI_INVALID_OPTION', `${field} must be ASCII`)
      encoded = field === 'emailAddress' ? der.ia5(value) : der.printable(value)
    } else encoded = der.utf8(value)
    rdns.push(der.set(der.seq(der.oid(oid), encoded)))
  }
  return der.seq(...rdns)
}
