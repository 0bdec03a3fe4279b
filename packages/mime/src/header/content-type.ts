import { decodeParameters, formatParameter } from './parameters.js'
import { checkString } from '../lib/bytes.js'

/** A parsed Content-Type (or Content-Disposition) value. */
export interface ContentType {
  /** Lower-case `type/subtype`, e.g. `multipart/signed`; a disposition has only a type. */
  mediaType: string
  /**
   * Lower-case parameter names mapped to their unquoted values. RFC 2231 continuations
   * (`name*0`, `name*1*`) are joined and charsets (`name*=utf-8''%C3%A4`) decoded under the
   * plain name, and win over a plain parameter of that name; otherwise the first occurrence wins.
   */
  parameters: Record<string, string>
}

/**
 * RFC 2045 §5.2: a part without a (usable) Content-Type is plain US-ASCII text.
 *
 * Reachable from `@siegel/mime`.
 */
export const DEFAULT_CONTENT_TYPE: ContentType = Object.freeze({
  mediaType: 'text/plain',
  parameters: Object.freeze({ charset: 'us-ascii' }) as Record<string, string>,
}) as ContentType

/**
 * Parses a Content-Type or Content-Disposition value: `type/subtype; name=value; ...`.
 * Parameter values may be quoted (with backslash escapes); comments in parentheses are
 * skipped; an unquoted value runs to the next `;`, as lenient readers of real mail expect.
 * RFC 2231 continuations and charsets are decoded.
 *
 * Reachable from `@siegel/mime`.
 * @param value - the unfolded header value
 * @returns the media type and parameters, or `undefined` if there is no media type at all
 * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a string
 * @example
 * ```ts
 * parseContentType('multipart/signed; boundary="b1"; micalg=sha-256').parameters.boundary // 'b1'
 * ```
 */
export function parseContentType(value: string): ContentType | undefined {
  checkString(value, 'a Content-Type value')
  let i = 0
  let mediaType = ''
  while (i < value.length && value[i] !== ';') {
    const ch = value[i]!
    if (ch === '(') i = skipComment(value, i)
    else {
      if (ch !== ' ' && ch !== '\t' && ch !== '\r' && ch !== '\n' && ch !== '"') mediaType += ch
      i++
    }
  }
  mediaType = mediaType.toLowerCase()
  if (mediaType === '' || mediaType.startsWith('=')) return undefined
  const raw: [string, string][] = []
  while (i < value.length) {
    i++ // the ';'
    const semi = nextOf(value, i, ';')
    // The '=' is looked for before the next ';' only: a search to the end of the value for
    // every segment without one would make a long value cost quadratic time.
    const eq = nextOf(value, i, '=', semi < 0 ? value.length : semi)
    if (eq < 0) {
      i = semi < 0 ? value.length : semi
      continue
    }
    const name = stripComments(value.slice(i, eq)).trim().toLowerCase()
    let j = eq + 1
    while (value[j] === ' ' || value[j] === '\t' || value[j] === '\r' || value[j] === '\n') j++
    let text: string
    if (value[j] === '"') {
      text = ''
      j++
      while (j < value.length && value[j] !== '"') {
        if (value[j] === '\\' && j + 1 < value.length) j++
        text += value[j]
        j++
      }
      j++ // the closing quote
      const end = nextOf(value, j, ';')
      i = end < 0 ? value.length : end
    } else {
      const end = nextOf(value, j, ';')
      i = end < 0 ? value.length : end
      text = stripComments(value.slice(j, i)).trim()
    }
    if (name !== '' && /^[^\s"]+$/.test(name)) raw.push([name, text])
  }
  return { mediaType, parameters: decodeParameters(raw) }
}

/**
 * Formats a Content-Type or Content-Disposition value. Values that are not RFC 2045 tokens
 * are quoted; non-ASCII values, and values too long for one header line, are written in
 * RFC 2231 form (`name*=utf-8''...`, split into `name*0*`, `name*1*` continuations).
 *
 * Reachable from `@siegel/mime`.
 * @param type - media type and parameters
 * @returns the header value, with `; ` between parameters where a line may be folded
 * @example
 * ```ts
 * formatContentType({ mediaType: 'text/plain', parameters: { charset: 'utf-8' } }) // 'text/plain; charset=utf-8'
 * ```
 */
export function formatContentType(type: ContentType): string {
  let out = type.mediaType
  for (const [name, value] of Object.entries(type.parameters)) {
    out += '; ' + formatParameter(name, value)
  }
  return out
}

function nextOf(value: string, from: number, wanted: string, end = value.length): number {
  let quoted = false
  for (let i = from; i < end; i++) {
    const ch = value[i]
    if (ch === '\\' && quoted) i++
    else if (ch === '"') quoted = !quoted
    else if (ch === '(' && !quoted) i = skipComment(value, i) - 1
    else if (ch === wanted && !quoted) return i
  }
  return -1
}

function stripComments(text: string): string {
  if (!text.includes('(')) return text
  let out = ''
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') i = skipComment(text, i) - 1
    else out += text[i]
  }
  return out
}

function skipComment(value: string, start: number): number {
  let depth = 0
  let i = start
  for (; i < value.length; i++) {
    const ch = value[i]
    if (ch === '\\') i++
    else if (ch === '(') depth++
    else if (ch === ')' && --depth === 0) return i + 1
  }
  return i
}
