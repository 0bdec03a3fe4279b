import { type RecipientId } from '../errors.js'
import { toHex } from '../lib/bytes.js'
import { childrenOf, readOid, readRoot } from '../lib/der.js'
import type { DecodedRecipient } from '../lib/enveloped-data.js'
import { kemName } from '../lib/kem-recipient.js'

/** How a recipient entry is reported: by certificate, key identifier, KEK or password. */
export function describe(recipient: DecodedRecipient): RecipientId {
  if (recipient.type === 'other')
    return { kind: 'other', description: `RecipientInfo [${recipient.tag & 0x1f}]` }
  if (recipient.type === 'kek')
    return { kind: 'kek', keyIdentifier: toHex(recipient.keyIdentifier) }
  if (recipient.type === 'password') return { kind: 'password' }
  const rid = recipient.rid
  const kem = recipient.type === 'kem' ? { kem: kemName(recipient.kem.oid) } : {}
  if (rid.kind === 'subjectKeyIdentifier')
    return { kind: 'subjectKeyIdentifier', keyIdentifier: toHex(rid.keyIdentifier), ...kem }
  return {
    kind: 'issuerAndSerialNumber',
    issuer: issuerName(rid.issuerDer),
    serialNumber: rid.serialNumber,
    ...kem,
  }
}

/** One recipient as text, for error messages. */
export function describeText(id: RecipientId): string {
  switch (id.kind) {
    case 'issuerAndSerialNumber':
      return `${id.issuer} serial ${id.serialNumber}${id.kem ? ` (${id.kem})` : ''}`
    case 'subjectKeyIdentifier':
      return `key identifier ${id.keyIdentifier}${id.kem ? ` (${id.kem})` : ''}`
    case 'kek':
      return `KEK with key identifier ${id.keyIdentifier}`
    case 'password':
      return 'password recipient'
    case 'other':
      return id.description
  }
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '1.2.840.113549.1.9.1': 'E',
}

/** The issuer Name as text, e.g. `CN=Example CA, O=Example`; hex of the DER if unreadable. */
// One decoder for all calls: making one costs more than reading a short name with it.
const decoder = new TextDecoder()

function issuerName(der: Uint8Array): string {
  try {
    const parts: string[] = []
    // Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue)
    for (const rdn of childrenOf(der, readRoot(der))) {
      for (const atv of childrenOf(der, rdn)) {
        const [type, value] = childrenOf(der, atv)
        const name = readOid(der, type!)
        const text = decoder.decode(der.subarray(value!.contentStart, value!.contentEnd))
        parts.push(`${SHORT_NAMES[name] ?? name}=${text}`)
      }
    }
    return parts.join(', ')
  } catch {
    return toHex(der) // an unreadable Name is still reported, as its bytes
  }
}
