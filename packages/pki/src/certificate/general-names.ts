import type { DerReader, Tlv } from '../lib/der.js'
import { latin1 } from '../lib/character-string.js'

/** One GeneralName (RFC 5280 §4.2.1.6), with the types S/MIME cares about decoded. */
export type GeneralName =
  | { type: 'email'; value: string }
  | { type: 'dns'; value: string }
  | { type: 'uri'; value: string }
  | { type: 'ip'; value: string }
  | { type: 'directoryName'; value: Uint8Array }
  /** RFC 8398 SmtpUTF8Mailbox: an internationalized address in an otherName. */
  | { type: 'smtpUtf8Mailbox'; value: string }
  | { type: 'otherName'; oid: string; value: Uint8Array }
  | { type: 'other'; tag: number; value: Uint8Array }

export const SMTP_UTF8_MAILBOX = '1.3.6.1.5.5.7.8.9'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName */
export function readGeneralNames(reader: DerReader, tlv: Tlv | undefined): GeneralName[] {
  return reader.sequence(tlv, 'GeneralNames').map((name) => readGeneralName(reader, name))
}

/** The names of a [n] IMPLICIT GeneralNames (as in DistributionPointName and AKI). */
export function readImplicitGeneralNames(reader: DerReader, tlv: Tlv): GeneralName[] {
  return reader.children(tlv).map((name) => readGeneralName(reader, name))
}

export function readGeneralName(reader: DerReader, name: Tlv): GeneralName {
  if (name.cls !== 2) reader.fail('expected a context-specific GeneralName')
  switch (name.tag) {
    case 0: {
      // otherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }
      const [id, wrapped] = reader.children(name)
      const oid = reader.oid(id, 'otherName type-id')
      if (!reader.isContext(wrapped, 0)) reader.fail('expected [0] otherName value')
      const inner = reader.children(wrapped)[0]
      if (!inner) reader.fail('empty otherName value')
      if (oid === SMTP_UTF8_MAILBOX && inner.tag === 0x0c)
        return { type: 'smtpUtf8Mailbox', value: decodeUtf8(reader, inner.content) }
      return { type: 'otherName', oid, value: new Uint8Array(inner.raw) }
    }
    case 1:
      return { type: 'email', value: latin1(name.content) }
    case 2:
      return { type: 'dns', value: latin1(name.content) }
    case 4:
      return { type: 'directoryName', value: new Uint8Array(reader.children(name)[0]?.raw ?? []) }
    case 6:
      return { type: 'uri', value: latin1(name.content) }
    case 7:
      return { type: 'ip', value: formatIp(name.content) }
    case 8:
      return { type: 'other', tag: 8, value: new Uint8Array(name.content) }
    default:
      return { type: 'other', tag: name.tag, value: new Uint8Array(name.raw) }
  }
}

function decodeUtf8(reader: DerReader, bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch (cause) {
    return reader.fail(`SmtpUTF8Mailbox is not valid UTF-8 (${String(cause)})`)
  }
}

function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.')
  if (bytes.length === 16) {
    const groups: string[] = []
    for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16))
    return groups.join(':')
  }
  // Name constraints carry address + mask (8 or 32 bytes): keep them readable.
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
