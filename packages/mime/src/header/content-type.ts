/** A parsed Content-Type (or Content-Disposition) value. */
export interface ContentType {
  /** Lower-case `type/subtype`, e.g. `multipart/signed`; a disposition has only a type. */
  mediaType: string
  /** Lower-case parameter names mapped to their (unquoted) values; the first occurrence wins. */
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
 * Parameter values may be quoted (with backslash escapes); comments in parentheses are skipped.
 *
 * Reachable from `@siegel/mime`.
 * @param value - the unfolded header value
 * @returns the media type and parameters, or `undefined` if there is no media type at all
 * @example
 * ```ts
 * parseContentType('multipart/signed; boundary="b1"; micalg=sha-256').parameters.boundary // 'b1'
 * ```
 */
export function parseContentType(value: string): ContentType | undefined {
  const tokens = tokenize(value)
  const mediaType = (tokens.shift() ?? '').toLowerCase()
  if (mediaType === '' || mediaType === ';' || mediaType === '=') return undefined
  const parameters: Record<string, string> = Object.create(null) as Record<string, string>
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== ';') continue
    const name = tokens[i + 1]
    if (name === undefined || name === ';' || tokens[i + 2] !== '=') continue
    const raw = tokens[i + 3]
    const key = name.toLowerCase()
    if (raw !== undefined && raw !== ';' && !(key in parameters)) parameters[key] = unquote(raw)
    i += 2
  }
  return { mediaType, parameters }
}

/**
 * Formats a Content-Type value, quoting parameter values that are not RFC 2045 tokens.
 *
 * Reachable from `@siegel/mime`.
 * @param type - media type and parameters
 * @returns the header value
 * @example
 * ```ts
 * formatContentType({ mediaType: 'text/plain', parameters: { charset: 'utf-8' } }) // 'text/plain; charset=utf-8'
 * ```
 */
export function formatContentType(type: ContentType): string {
  let out = type.mediaType
  for (const [name, value] of Object.entries(type.parameters)) {
    out += `; ${name}=${/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value) ? value : quote(value)}`
  }
  return out
}

function quote(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`
}

function unquote(token: string): string {
  if (!token.startsWith('"')) return token
  return token
    .slice(1, token.endsWith('"') && token.length > 1 ? -1 : undefined)
    .replace(/\\(.)/g, '$1')
}

/** Splits into tokens, quoted strings (kept with their quotes), ";" and "=". */
function tokenize(value: string): string[] {
  const tokens: string[] = []
  let i = 0
  while (i < value.length) {
    const ch = value[i]!
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i++
    } else if (ch === '(') {
      i = skipComment(value, i)
    } else if (ch === ';' || ch === '=') {
      tokens.push(ch)
      i++
    } else if (ch === '"') {
      let j = i + 1
      while (j < value.length && value[j] !== '"') j += value[j] === '\\' ? 2 : 1
      tokens.push(value.slice(i, j + 1))
      i = j + 1
    } else {
      let j = i
      while (j < value.length && !' \t\r\n;=("'.includes(value[j]!)) j++
      tokens.push(value.slice(i, j))
      i = j
    }
  }
  return tokens
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
