import { readCharacterString } from '../lib/character-string.js'
import { DerReader, type Tlv } from '../lib/der.js'

// RFC 4514 §3 short names, plus emailAddress (PKCS #9) as OpenSSL prints it.
const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '2.5.4.4': 'SN',
  '2.5.4.42': 'GN',
  '2.5.4.12': 'title',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'emailAddress',
}

const EMAIL_ADDRESS_OID = '1.2.840.113549.1.9.1'

/** One attribute of a distinguished name, in DER order (most significant first). */
export interface NameAttribute {
  /** The attribute type OID. */
  oid: string
  /** The short name (`CN`, `O`, ...) or the OID if there is none. */
  type: string
  value: string
}

// RFC 5280 §4.1: what a CA signs is DER; a second encoding of the same value is refused.
const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'name', { strict: true })

/**
 * The attributes of a Name (RFC 5280 §4.1.2.4: a SEQUENCE of RDN SETs of AttributeTypeAndValue),
 * multi-valued RDNs flattened, in DER order. Values of other than character string types read
 * as the empty string.
 */
export function nameAttributes(name: Tlv): NameAttribute[] {
  const out: NameAttribute[] = []
  for (const rdn of reader.sequence(name, 'Name')) {
    if (rdn.cls !== 0 || rdn.tag !== 0x11) reader.fail('expected RelativeDistinguishedName (SET)')
    for (const atv of reader.children(rdn)) {
      const [type, value, ...rest] = reader.sequence(atv, 'AttributeTypeAndValue')
      if (!value || rest.length > 0) reader.fail('expected AttributeTypeAndValue { type, value }')
      const oid = reader.oid(type, 'AttributeType')
      out.push({
        oid,
        type: SHORT_NAMES[oid] ?? oid,
        value: readCharacterString(reader, value) ?? '',
      })
    }
  }
  return out
}

/** RFC 4514 string form: attributes in reverse DER order, special characters escaped. */
export function formatName(attributes: readonly NameAttribute[]): string {
  return attributes
    .slice()
    .reverse()
    .map((a) => `${a.type}=${escapeValue(a.value)}`)
    .join(',')
}

export function legacyEmailAddresses(attributes: readonly NameAttribute[]): string[] {
  return attributes.filter((a) => a.oid === EMAIL_ADDRESS_OID).map((a) => a.value)
}

function escapeValue(value: string): string {
  return value
    .replace(/([,+"\\<>;=])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ')
}
