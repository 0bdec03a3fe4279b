import type { MimeHeader, MimePart } from '@siegel/mime'
import type { HeaderProtectionForm } from './types.js'

/** The protected header section of a cryptographic payload, and how it was carried. */
export interface ProtectedSection {
  form: Exclude<HeaderProtectionForm, 'none'>
  hp: 'cipher' | 'clear' | undefined
  /** The part whose header fields are the protected ones, and which is to be rendered. */
  section: MimePart
}

/**
 * The protected header section at the root of a cryptographic payload (the entity a signature
 * or an encryption covers), or undefined when it carries none. Only a payload inside a
 * security layer may be passed: the same marks on an unprotected message protect nothing.
 */
export function findProtectedSection(payload: MimePart): ProtectedSection | undefined {
  const parameters = payload.contentType.parameters
  // RFC 9788 §2.1: the hp parameter marks the root of the cryptographic payload.
  const hp = parameters.hp?.toLowerCase()
  if (hp === 'cipher' || hp === 'clear') return { form: 'rfc9788', hp, section: payload }
  // RFC 8551 §3.1: the whole message wrapped in message/rfc822. RFC 9788 Appendix A asks
  // wrappers to say `forwarded="no"`; a payload that says it is a forwarded message is not one.
  if (
    payload.contentType.mediaType === 'message/rfc822' &&
    payload.embedded &&
    parameters.forwarded?.toLowerCase() !== 'yes'
  ) {
    return { form: 'rfc8551-wrapped', hp: undefined, section: payload.embedded }
  }
  // draft-autocrypt-lamps-protected-headers and draft-ietf-lamps-header-protection before -08.
  if (parameters['protected-headers']?.toLowerCase() === 'v1')
    return { form: 'draft', hp: undefined, section: payload }
  return undefined
}

// The fields that describe the MIME entity itself, not the message: never "protected headers".
const ENTITY_FIELD = /^(content-.*|mime-version)$/i

// What the sender records about the outer header section (RFC 9788 §2.2 HP-Outer; HP-Obscured
// and HP-Removed in draft-ietf-lamps-header-protection before -08): no field of the message.
const RECORD_FIELD = /^hp-(outer|obscured|removed)$/i

/**
 * True for a field of the message (From, Subject, ...), false for MIME entity fields and the
 * HP-Outer, HP-Obscured and HP-Removed records.
 */
export function isMessageField(header: Pick<MimeHeader, 'name'>): boolean {
  return !ENTITY_FIELD.test(header.name) && !RECORD_FIELD.test(header.name)
}

/** A decoded value with its whitespace collapsed, the form values are compared in. */
export function comparable(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
}

/** The comparable values of every field named `name` (lower case), in order. */
export function fieldValues(headers: readonly MimeHeader[], name: string): string[] {
  return headers.filter((h) => h.name.toLowerCase() === name).map((h) => comparable(h.decoded))
}
