import { decodePunycode, encodePunycode } from './punycode.js'

// RFC 1035 §2.3.4 and RFC 5890 §2.3.2.1: a label is at most 63 octets, a domain name at
// most 253 characters in text form (255 octets on the wire).
const MAX_LABEL_BYTES = 63
const MAX_DOMAIN_CHARS = 253

/** A domain in both IDNA forms, or why it is not one. */
export type DomainForms =
  { ok: true; ascii: string; unicode: string } | { ok: false; reason: string }

// RFC 5891 §4.2.3.1 and RFC 5890 §2.3.1: LDH labels, no hyphen at either end.
const LDH = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/
// An approximation of IDNA2008's PVALID set (RFC 5892): lower-case and caseless letters,
// marks and decimal digits. Upper case, symbols, punctuation, spaces and format characters
// (ZWJ, bidi overrides) are refused; so are the contextual characters, which is stricter
// than RFC 5892 (a Catalan middle dot, for instance, is not accepted).
const U_LABEL = /^[\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Mc}\p{Nd}-]+$/u

/** True if any UTF-16 code unit of `text` is outside ASCII. */
export function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true
  return false
}

function hasAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x80) return true
  return false
}

function fail(reason: string): DomainForms {
  return { ok: false, reason }
}

/**
 * Lower-cases a label written in Unicode and puts it in NFC (the case and normalization steps
 * of the RFC 5895 §2 mapping, so that `BÜCHER` is accepted as `bücher`). Its width mapping is
 * deliberately left out, and any non-ASCII character whose lower case or compatibility form is
 * ASCII is refused: the Kelvin sign, fullwidth letters, `ª` or the Greek question mark would
 * otherwise turn into an ASCII look-alike of another domain.
 */
function mapUnicodeLabel(label: string): string | undefined {
  let mapped = ''
  for (const c of label) {
    if (c.charCodeAt(0) < 0x80) {
      mapped += c.toLowerCase()
      continue
    }
    const lower = c.toLowerCase()
    if (hasAscii(lower.normalize('NFKC'))) return undefined
    mapped += lower
  }
  return mapped.normalize('NFC')
}

/** RFC 5891 §5.4 and RFC 5892 §2: is a (mapped) Unicode label a valid U-label? */
function uLabelProblem(label: string): string | undefined {
  if (!hasNonAscii(label)) return 'is ASCII, so not a U-label'
  // RFC 5892 §2.2 (via NFKC_Casefold): characters that change under NFKC are DISALLOWED.
  if (label !== label.normalize('NFKC') || label !== label.toLowerCase())
    return 'has a character IDNA2008 disallows (not stable under NFKC and lower-casing)'
  if (!U_LABEL.test(label)) return 'has a character IDNA2008 disallows'
  if (/^\p{M}/u.test(label)) return 'starts with a combining mark (RFC 5891 §4.2.3.2)'
  if (label.startsWith('-') || label.endsWith('-')) return 'starts or ends with a hyphen'
  if (label.slice(2, 4) === '--') return 'has hyphens in the third and fourth position'
  return undefined
}

function labelForms(raw: string): { ascii: string; unicode: string } | string {
  if (raw.length === 0) return 'has an empty label'
  if (!hasNonAscii(raw)) {
    const label = raw.toLowerCase()
    if (label.length > MAX_LABEL_BYTES) return `has a label over ${MAX_LABEL_BYTES} octets`
    if (!LDH.test(label)) return `has a label "${raw}" that is not letters, digits and hyphens`
    if (label.startsWith('xn--')) {
      const unicode = decodePunycode(label.slice(4))
      if (unicode === undefined) return `has an A-label "${raw}" that is not valid Punycode`
      const problem = uLabelProblem(unicode)
      if (problem) return `has an A-label "${raw}" whose U-label ${problem}`
      // RFC 5891 §5.3: the A-label must be exactly what encoding its U-label gives.
      if (`xn--${encodePunycode(unicode)}` !== label)
        return `has an A-label "${raw}" that is not the canonical encoding of its U-label`
      return { ascii: label, unicode }
    }
    // RFC 5890 §2.3.1: "??--" labels other than A-labels are reserved (R-LDH).
    if (label.slice(2, 4) === '--') return `has a reserved label "${raw}" (R-LDH)`
    return { ascii: label, unicode: label }
  }
  const unicode = mapUnicodeLabel(raw)
  if (unicode === undefined)
    return `has a label "${raw}" with a character that looks like, or maps to, ASCII`
  const problem = uLabelProblem(unicode)
  if (problem) return `has a label "${raw}" that ${problem}`
  const ascii = `xn--${encodePunycode(unicode)}`
  if (ascii.length > MAX_LABEL_BYTES) return `has a label over ${MAX_LABEL_BYTES} octets`
  return { ascii, unicode }
}

/**
 * A domain in lower-case A-label form (what RFC 5280 §7.2 and RFC 9598 §6 compare) and in
 * U-label form (what RFC 9598 §5 recommends showing). Labels are separated by U+002E only:
 * the ideographic and fullwidth full stops that UTS #46 maps to it are refused. A single
 * trailing dot (the DNS root) is dropped. Address literals (`[192.0.2.1]`) are not domains.
 */
export function domainForms(domain: string): DomainForms {
  const name = domain.endsWith('.') ? domain.slice(0, -1) : domain
  if (name.length === 0) return fail('is empty')
  if (name.length > MAX_DOMAIN_CHARS) return fail(`is longer than ${MAX_DOMAIN_CHARS} characters`)
  const ascii: string[] = []
  const unicode: string[] = []
  for (const raw of name.split('.')) {
    const forms = labelForms(raw)
    if (typeof forms === 'string') return fail(forms)
    ascii.push(forms.ascii)
    unicode.push(forms.unicode)
  }
  const joined = ascii.join('.')
  if (joined.length > MAX_DOMAIN_CHARS)
    return fail(`is longer than ${MAX_DOMAIN_CHARS} characters in A-labels`)
  return { ok: true, ascii: joined, unicode: unicode.join('.') }
}
