import { decodeText } from '../lib/charset.js'
import { utf8 } from '../lib/bytes.js'

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// RFC 2231 §7 attribute-char: a token character other than "*", "'" and "%".
const ATTRIBUTE_CHAR = /[!#$&+\-.^_`|~0-9A-Za-z]/
// Keeps `name*N*=` plus a chunk well within a 78-character folded line.
const CONTINUATION_CHARS = 60

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
  let encoded = ''
  const chunks: string[] = []
  for (const byte of utf8(value)) {
    const ch = String.fromCharCode(byte)
    const piece =
      byte < 0x80 && ATTRIBUTE_CHAR.test(ch)
        ? ch
        : '%' + byte.toString(16).toUpperCase().padStart(2, '0')
    if (encoded.length + piece.length > CONTINUATION_CHARS) {
      chunks.push(encoded)
      encoded = ''
    }
    encoded += piece
  }
  chunks.push(encoded)
  if (chunks.length === 1) return `${name}*=utf-8''${chunks[0]}`
  return chunks.map((c, i) => `${name}*${i}*=${i === 0 ? "utf-8''" : ''}${c}`).join('; ')
}
