import { decodeText } from '../lib/charset.js'
import { utf8 } from '../lib/bytes.js'

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// RFC 2231 §7 attribute-char: a token character other than "*", "'" and "%".
const ATTRIBUTE_CHAR = /[!#$&+\-.^_`|~0-9A-Za-z]/
// A plain value up to this length is written as it is (quoted if need be).
const CONTINUATION_CHARS = 60
// RFC 5322 §2.1.1: lines should stay within 78 characters.
const LINE = 78

/** Joins RFC 2231 continuations, decodes extended values, and applies precedence. */
export function decodeParameters(raw: readonly [string, string][]): Record<string, string> {
  const plain: Record<string, string> = Object.create(null) as Record<string, string>
  const extended = new Map<string, { index: number; value: string; encoded: boolean }[]>()
  for (const [name, value] of raw) {
    const match = /^([^*]+)\*(?:(\d{1,3})(\*)?)?$/.exec(name)
    if (!match) {
      if (!(name in plain)) plain[name] = value
      continue
    }
    const base = match[1]!
    const index = match[2] === undefined ? 0 : Number(match[2])
    const encoded = match[2] === undefined || match[3] === '*'
    const segments = extended.get(base) ?? []
    // RFC 2231 §3: sections are numbered; a duplicate number keeps the first.
    if (!segments.some((s) => s.index === index)) segments.push({ index, value, encoded })
    extended.set(base, segments)
  }
  for (const [base, segments] of extended) {
    segments.sort((a, b) => a.index - b.index)
    let charset: string | undefined
    const bytes: number[] = []
    for (const [n, segment] of segments.entries()) {
      let text = segment.value
      if (segment.encoded && n === 0) {
        // RFC 2231 §4: charset'language'percent-encoded-value.
        const parts = /^([^']*)'[^']*'([^]*)$/.exec(text)
        if (parts) {
          charset = parts[1] || undefined
          text = parts[2]!
        }
      }
      appendValue(bytes, text, segment.encoded)
    }
    plain[base] = decodeText(Uint8Array.from(bytes), charset ?? 'utf-8').text
  }
  return plain
}

function appendValue(out: number[], text: string, encoded: boolean): void {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (encoded && ch === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0))
    else for (const b of utf8(ch)) out.push(b)
  }
}

/** One `name=value` for a header, in RFC 2231 form where the value needs it. */
export function formatParameter(name: string, value: string): string {
  if (/^[\x20-\x7e]*$/.test(value) && value.length <= CONTINUATION_CHARS) {
    return `${name}=${TOKEN.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`}`
  }
  const pieces: string[] = []
  for (const byte of utf8(value)) {
    const ch = String.fromCharCode(byte)
    pieces.push(
      byte < 0x80 && ATTRIBUTE_CHAR.test(ch)
        ? ch
        : '%' + byte.toString(16).toUpperCase().padStart(2, '0'),
    )
  }
  // Each section on its own folded line: " name*N*=" (plus "utf-8''" in the first) and ";"
  // within 78 characters.
  const single = `${name}*=utf-8''${pieces.join('')}`
  if (single.length + 2 <= LINE) return single
  const sections: string[] = []
  let current = ''
  for (const piece of pieces) {
    const n = sections.length
    const head = `${name}*${n}*=${n === 0 ? "utf-8''" : ''}`
    if (current !== '' && 1 + head.length + current.length + piece.length + 1 > LINE) {
      sections.push(head + current)
      current = ''
    }
    current += piece
  }
  const n = sections.length
  sections.push(`${name}*${n}*=${n === 0 ? "utf-8''" : ''}${current}`)
  return sections.join('; ')
}
