import { bytesToBinaryString, checkString, utf8 } from '../lib/bytes.js'
import { decodeText, decoderFor } from '../lib/charset.js'
import { decodeBase64, encodeBase64 } from '../encoding/base64.js'

// RFC 2047 §2: an encoded word is at most 75 characters.
const MAX_ENCODED_WORD = 75
const PREFIX = '=?UTF-8?'
const SUFFIX = '?='
// RFC 2047 §5 (3): characters that may stand unencoded in a Q-encoded word in any position.
const Q_SAFE = /[A-Za-z0-9!*+\-/]/

/**
 * Encodes header text as RFC 2047 encoded words in UTF-8, choosing B or Q by what is shorter.
 * Pure printable ASCII is returned unchanged. Words are split on character boundaries so
 * none exceeds 75 characters; they are joined by a space, where folding may break the line.
 *
 * Reachable from `@siegel/mime`.
 * @param text - the header text (an unstructured value or a display name)
 * @returns the text, or encoded words separated by spaces
 * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a string
 * @example
 * ```ts
 * encodeWords('Grüße') // '=?UTF-8?Q?Gr=C3=BC=C3=9Fe?='
 * ```
 */
export function encodeWords(text: string): string {
  checkString(text, 'header text')
  return encodeWordsWithin(text, MAX_ENCODED_WORD)
}

/** {@link encodeWords} with words of at most `maxWord` characters (for quoted parameters). */
export function encodeWordsWithin(text: string, maxWord: number): string {
  // Plain text that merely looks like an encoded word ("=?...") is encoded too, or a reader
  // would decode it.
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text
  const chars = Array.from(text)
  const q = splitWords(chars, 'Q', maxWord)
  const b = splitWords(chars, 'B', maxWord)
  return q.join(' ').length <= b.join(' ').length ? q.join(' ') : b.join(' ')
}

function splitWords(chars: readonly string[], mode: 'B' | 'Q', maxWord: number): string[] {
  const words: string[] = []
  const budget = maxWord - PREFIX.length - 2 - SUFFIX.length
  let current: string[] = []
  const encode = (run: readonly string[]): string =>
    mode === 'Q' ? encodeQ(run.join('')) : encodeB(run.join(''))
  for (const ch of chars) {
    const candidate = [...current, ch]
    if (current.length > 0 && encode(candidate).length > budget) {
      words.push(`${PREFIX}${mode}?${encode(current)}${SUFFIX}`)
      current = [ch]
    } else {
      current = candidate
    }
  }
  if (current.length > 0) words.push(`${PREFIX}${mode}?${encode(current)}${SUFFIX}`)
  return words
}

function encodeQ(text: string): string {
  let out = ''
  for (const byte of utf8(text)) {
    const ch = String.fromCharCode(byte)
    if (byte === 0x20) out += '_'
    else if (byte < 0x80 && Q_SAFE.test(ch)) out += ch
    else out += '=' + byte.toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}

function encodeB(text: string): string {
  return bytesToBinaryString(encodeBase64(utf8(text), { lineLength: 0 }))
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g

/**
 * Decodes RFC 2047 encoded words in a header value. White space between two adjacent encoded
 * words is dropped (RFC 2047 §6.2); adjacent words in the same charset are decoded together,
 * so a character split across two words (as some mailers write them) survives; a word in an
 * unknown charset is left as it was.
 *
 * Reachable from `@siegel/mime`.
 * @param value - an unfolded header value
 * @returns the decoded text
 * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a string
 * @example
 * ```ts
 * decodeWords('=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=') // 'Grüße'
 * ```
 */
export function decodeWords(value: string): string {
  checkString(value, 'a header value')
  if (!value.includes('=?')) return value
  let out = ''
  let last = 0
  // Bytes of the run of adjacent words in one charset, not yet decoded.
  let pending: { label: string; bytes: number[] } | undefined
  const flush = (): void => {
    if (pending) out += decodeText(Uint8Array.from(pending.bytes), pending.label).text
    pending = undefined
  }
  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, match.index)
    // RFC 2231 §5: a language may follow the charset after "*".
    const label = match[1]!.split('*')[0]!.toLowerCase()
    last = match.index + match[0].length
    if (!decoderFor(label)) {
      flush()
      out += between + match[0]
      continue
    }
    const adjacent = pending !== undefined && /^[ \t\r\n]*$/.test(between)
    if (!adjacent) {
      flush()
      out += between
    } else if (pending!.label !== label) flush()
    const text = match[3]!
    const bytes = match[2]!.toUpperCase() === 'B' ? decodeBase64(text).bytes : decodeQ(text)
    pending ??= { label, bytes: [] }
    for (const b of bytes) pending.bytes.push(b)
  }
  flush()
  return out + value.slice(last)
}

function decodeQ(text: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    const hex = ch === '=' ? text.slice(i + 1, i + 3) : ''
    if (ch === '_') out.push(0x20)
    else if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16))
      i += 2
    } else out.push(ch.charCodeAt(0) & 0xff)
  }
  return Uint8Array.from(out)
}
