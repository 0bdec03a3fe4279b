import type { MimeHeader, MimePart } from '@siegel/mime'
import { findLegacyDisplay } from './legacy-display.js'
import {
  comparable,
  fieldValues,
  findProtectedSection,
  isMessageField,
  type ProtectedSection,
} from './protected-section.js'
import type { HeaderDifference, MessageHeaders, ShownHeaderField } from './types.js'

// The fields a reader is shown, or that a gateway or list is known to add: only these are
// shown from outside and checked for having been added on the way (Received, DKIM-Signature and
// the like are the transport's, and differ by design).
const USER_FACING = [
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'keywords',
  'comments',
]

/**
 * The header fields of an opened message, as RFC 9788 §4 asks a reader to handle them.
 *
 * @param outer - the message as received
 * @param message - the innermost entity the security layers led to
 * @param covered - whether a signature or an encryption covers `message` whole, which makes it
 *   a cryptographic payload whose header section may be protected
 */
export function readMessageHeaders(
  outer: MimePart,
  message: MimePart,
  covered: boolean,
): MessageHeaders {
  const found = covered ? findProtectedSection(message) : undefined
  if (!found) return unprotected(outer, message)
  const { section } = found
  const protectedFields = names(section.headers)
  const outerFields = names(outer.headers)
  // RFC 9788 §2.2: HP-Outer only with hp="cipher"; the drafts' own records otherwise.
  const exposed =
    found.form !== 'rfc9788'
      ? readDraftRecord(section)
      : found.hp === 'cipher'
        ? readRecord(section, 'hp-outer')
        : undefined
  const shown: ShownHeaderField[] = section.headers
    .filter(isMessageField)
    .map((h) => ({ name: h.name, value: h.decoded, protected: true }))
  for (const h of outer.headers) {
    const name = h.name.toLowerCase()
    if (USER_FACING.includes(name) && !protectedFields.includes(name))
      shown.push({ name: h.name, value: h.decoded, protected: false })
  }
  return {
    form: found.form,
    hp: found.hp,
    content: section,
    shown,
    protectedFields,
    onlyOutside: outerFields.filter((n) => !protectedFields.includes(n)),
    differences: compare(outer, found, protectedFields, exposed),
    exposed,
    legacyDisplay: findLegacyDisplay(section, found.form === 'draft'),
  }
}

function unprotected(outer: MimePart, content: MimePart): MessageHeaders {
  return {
    form: 'none',
    hp: undefined,
    content,
    shown: outer.headers
      .filter((h) => USER_FACING.includes(h.name.toLowerCase()))
      .map((h) => ({ name: h.name, value: h.decoded, protected: false })),
    protectedFields: [],
    onlyOutside: names(outer.headers),
    differences: [],
    exposed: undefined,
    legacyDisplay: [],
  }
}

function names(headers: readonly MimeHeader[]): string[] {
  return [...new Set(headers.filter(isMessageField).map((h) => h.name.toLowerCase()))]
}

/** RFC 9788 §2.2: `HP-Outer: Subject: [...]` records a field the sender put outside. */
function readRecord(section: MimePart, record: string): { name: string; value: string }[] {
  const fields: { name: string; value: string }[] = []
  for (const h of section.headers) {
    if (h.name.toLowerCase() !== record) continue
    const colon = h.decoded.indexOf(':')
    // A line without a field name records nothing; it is no header field either.
    if (colon <= 0) continue
    fields.push({
      name: h.decoded.slice(0, colon).trim(),
      value: h.decoded.slice(colon + 1).trim(),
    })
  }
  return fields
}

/**
 * The drafts before RFC 9788 recorded only what differs: `HP-Obscured: Subject: [...]` for a
 * field put outside with another value, `HP-Removed: User-Agent, In-Reply-To` for those left
 * out (a comma-separated list of field names, as the draft's samples write it); every other
 * protected field went outside as it is. The same record as HP-Outer, or undefined without one.
 */
function readDraftRecord(section: MimePart): { name: string; value: string }[] | undefined {
  const obscured = readRecord(section, 'hp-obscured')
  const removed = section.headers
    .filter((h) => h.name.toLowerCase() === 'hp-removed')
    .flatMap((h) => h.decoded.split(','))
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '')
  if (obscured.length === 0 && removed.length === 0) return undefined
  const fields: { name: string; value: string }[] = []
  for (const h of section.headers.filter(isMessageField)) {
    const name = h.name.toLowerCase()
    if (removed.includes(name)) continue
    const instead = obscured.filter((o) => o.name.toLowerCase() === name)
    if (instead.length > 0) {
      if (!fields.some((f) => f.name.toLowerCase() === name)) fields.push(...instead)
    } else fields.push({ name: h.name, value: h.decoded })
  }
  return fields
}

function compare(
  outer: MimePart,
  found: ProtectedSection,
  protectedFields: readonly string[],
  exposed: { name: string; value: string }[] | undefined,
): HeaderDifference[] {
  const differences: HeaderDifference[] = []
  const exposedValues = (name: string): string[] =>
    (exposed ?? []).filter((f) => f.name.toLowerCase() === name).map((f) => comparable(f.value))
  // RFC 9788 §4.4: outside values that the sender did not write are not the sender's.
  const asSent = (name: string, values: string[]): boolean =>
    exposed !== undefined && same(values, exposedValues(name))
  for (const name of protectedFields) {
    const inner = fieldValues(found.section.headers, name)
    const outside = fieldValues(outer.headers, name)
    if (same(inner, outside)) continue
    let kind: HeaderDifference['kind']
    if (outside.length === 0) kind = 'removed'
    else
      kind = asSent(name, outside) || placeholder(name, outside, exposed) ? 'obscured' : 'altered'
    differences.push({ kind, name, outer: outside, protected: inner })
  }
  if (exposed === undefined) return differences
  for (const name of USER_FACING) {
    if (protectedFields.includes(name)) continue
    const outside = fieldValues(outer.headers, name)
    if (outside.length > 0 && !asSent(name, outside))
      differences.push({ kind: 'added', name, outer: outside, protected: [] })
  }
  return differences
}

// The Subject that hides the real one: `[...]` in RFC 9788 §2.1.1 (hcp_baseline), `...` in the
// drafts before it. Without a record of what the sender put outside, an outer Subject that is
// exactly one of these can only be the sender's: it tells a reader nothing it could misread.
const SUBJECT_PLACEHOLDERS = ['[...]', '...']

function placeholder(
  name: string,
  outside: readonly string[],
  exposed: readonly unknown[] | undefined,
): boolean {
  return (
    exposed === undefined &&
    name === 'subject' &&
    outside.length === 1 &&
    SUBJECT_PLACEHOLDERS.includes(outside[0]!)
  )
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}
