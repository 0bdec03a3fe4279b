import { decodeBase64 } from '../encoding/base64.js'
import { decodeQuotedPrintable } from '../encoding/quoted-printable.js'
import type { MimePart } from './types.js'

/**
 * The value of the first header with this name (case-insensitive), or `undefined`.
 *
 * Reachable from `@siegel/mime`.
 * @param part - a parsed part
 * @param name - the field name, e.g. `'Content-Transfer-Encoding'`
 * @returns the unfolded, undecoded value
 * @example
 * ```ts
 * getHeader(parseMessage(bytes), 'subject')
 * ```
 */
export function getHeader(part: Pick<MimePart, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase()
  return part.headers.find((h) => h.name.toLowerCase() === wanted)?.value
}

/**
 * The body of a part with its Content-Transfer-Encoding (base64, quoted-printable) undone.
 * 7bit, 8bit, binary and unknown encodings return the raw body bytes.
 *
 * Reachable from `@siegel/mime`.
 * @param part - a parsed part
 * @returns the decoded body bytes
 * @example
 * ```ts
 * new TextDecoder().decode(decodeBody(parseMessage(bytes)))
 * ```
 */
export function decodeBody(part: Pick<MimePart, 'headers' | 'body'>): Uint8Array {
  const encoding = getHeader(part, 'content-transfer-encoding')?.toLowerCase()
  if (encoding === 'base64') return decodeBase64(part.body).bytes
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body)
  return part.body
}
