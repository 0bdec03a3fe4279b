import { checkBase64, decodeBase64 } from '../encoding/base64.js'
import { decodeQuotedPrintableCounting } from '../encoding/quoted-printable.js'
import { decodeWords } from '../header/encoded-word.js'
import { decodeText } from '../lib/charset.js'
import type { MimeHeader, MimeProblem } from './types.js'

/** Transfer encodings that leave the body as it is (RFC 2045 §6.2). */
export const IDENTITY_ENCODINGS: ReadonlySet<string> = new Set(['7bit', '8bit', 'binary'])

/** The Content-Transfer-Encoding mechanism: first word, lower case, comments and junk dropped. */
export function transferEncodingOf(headers: readonly MimeHeader[]): string {
  const header = headers.find((h) => h.name.toLowerCase() === 'content-transfer-encoding')
  if (!header) return '7bit'
  const match = /^[\s"]*([A-Za-z0-9_-]+)/.exec(header.value.replace(/\([^)]*\)/g, ''))
  return match ? match[1]!.toLowerCase() : '7bit'
}

/** The body with its transfer encoding undone; problems recorded at `offset`. */
export function decodeTransfer(
  body: Uint8Array,
  encoding: string,
  report: (code: MimeProblem['code'], message: string) => void,
): Uint8Array {
  if (encoding === 'base64') {
    const result = decodeBase64(body)
    reportBase64(result, report)
    return result.bytes
  }
  if (encoding === 'quoted-printable') {
    const result = decodeQuotedPrintableCounting(body)
    if (result.invalidEscapes > 0) {
      report(
        'INVALID_QUOTED_PRINTABLE',
        `quoted-printable body has ${result.invalidEscapes} "=" not followed by two hex digits; kept as is`,
      )
    }
    return result.bytes
  }
  if (!IDENTITY_ENCODINGS.has(encoding)) {
    report(
      'UNKNOWN_TRANSFER_ENCODING',
      `unknown Content-Transfer-Encoding "${encoding}"; the body is kept as it is`,
    )
  }
  return body
}

/**
 * Checks a base64 body now and decodes it when first asked: a large attachment that nobody reads
 * (while a signature is verified, say) costs one scan instead of a decoded copy. Problems are
 * reported at once, as for every other part.
 */
export function deferBase64(
  body: Uint8Array,
  report: (code: MimeProblem['code'], message: string) => void,
): () => Uint8Array {
  reportBase64(checkBase64(body), report)
  return () => decodeBase64(body).bytes
}

function reportBase64(
  result: { invalidCharacters: number; truncated: boolean },
  report: (code: MimeProblem['code'], message: string) => void,
): void {
  if (result.invalidCharacters > 0 || result.truncated) {
    report(
      'INVALID_BASE64',
      `base64 body has ${result.invalidCharacters} stray characters${result.truncated ? ' and ends in a cut-off group' : ''}`,
    )
  }
}

/** Text of a `text/*` part in its declared charset, with a problem for an unknown charset. */
export function decodeCharset(
  content: Uint8Array,
  charset: string | undefined,
  report: (code: MimeProblem['code'], message: string) => void,
): string {
  const decoded = decodeText(content, charset)
  if (!decoded.known) {
    report('UNKNOWN_CHARSET', `unknown charset "${charset}"; read as UTF-8 or windows-1252`)
  }
  return decoded.text
}

/** RFC 2231 (already joined by the parameter parser) and the RFC 2047 form Outlook writes. */
export function filenameOf(
  disposition: Record<string, string> | undefined,
  type: Record<string, string>,
): string | undefined {
  const raw = disposition?.filename ?? type.name
  if (raw === undefined) return undefined
  const name = decodeWords(raw).trim()
  return name === '' ? undefined : name
}
