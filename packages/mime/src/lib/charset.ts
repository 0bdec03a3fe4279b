import { checkStringLength, decodeChecked } from './string-limit.js'
import { tryUtf8 } from './bytes.js'
// Text decoding by declared charset. WHATWG TextDecoder labels cover what mail uses
// (ISO-8859-x, windows-125x, KOI8, Shift_JIS, EUC-JP, ISO-2022-JP, GBK/GB18030, Big5,
// EUC-KR under its label ks_c_5601-1987, UTF-16); the few mail-only spellings are mapped here.
const ALIASES: Record<string, string> = {
  'utf-8-sig': 'utf-8',
  'iso-8859-8-e': 'iso-8859-8',
  'x-sjis': 'shift_jis',
  'windows-31j': 'shift_jis',
  cp932: 'shift_jis',
  'x-gbk': 'gbk',
  'latin-1': 'iso-8859-1',
  iso8859_1: 'iso-8859-1',
}

const decoders = new Map<string, TextDecoder | null>()
const utf8 = new TextDecoder('utf-8')
// WHATWG windows-1252 for 0x80-0x9f (the rest is ISO-8859-1). Decoded here because some
// runtimes (Node 20) decode the label "windows-1252" as ISO-8859-1.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
]
const CP1252 = new Uint16Array(256)
for (let i = 0; i < 256; i++) CP1252[i] = i >= 0x80 && i < 0xa0 ? CP1252_HIGH[i - 0x80]! : i

/** Every byte as its windows-1252 character: never fails, never loses a byte. */
export function decodeWindows1252(bytes: Uint8Array): string {
  checkStringLength(bytes.length, 'windows-1252 text')
  let out = ''
  const chunk = new Uint16Array(Math.min(bytes.length, 8192))
  for (let start = 0; start < bytes.length; start += chunk.length) {
    const end = Math.min(bytes.length, start + chunk.length)
    for (let i = start; i < end; i++) chunk[i - start] = CP1252[bytes[i]!]!
    out += String.fromCharCode.apply(null, chunk.subarray(0, end - start) as unknown as number[])
  }
  return out
}

/** A cached decoder for a charset label, or `undefined` when the runtime does not know it. */
export function decoderFor(charset: string): TextDecoder | undefined {
  const label = charset.trim().toLowerCase()
  let decoder = decoders.get(label)
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(ALIASES[label] ?? label)
    } catch (error) {
      void error // an unknown label: remembered as null, reported by the caller
      decoder = null
    }
    // Bounded: only labels seen in input land here, and at most 256 are kept.
    if (decoders.size < 256) decoders.set(label, decoder)
  }
  return decoder ?? undefined
}

/** What {@link decodeText} found. */
export interface DecodedText {
  text: string
  /** False when the declared charset is unknown to the runtime (a fallback was used). */
  known: boolean
}

/**
 * Decodes text in its declared charset. US-ASCII, a missing charset and an unknown one are
 * read as UTF-8 when the bytes are valid UTF-8, else as windows-1252: that is what senders
 * who mislabel mean, and it never loses a byte.
 */
export function decodeText(bytes: Uint8Array, charset: string | undefined): DecodedText {
  const label = charset?.trim().toLowerCase()
  if (label && label !== 'us-ascii' && label !== 'ascii') {
    const decoder = decoderFor(label)
    if (decoder?.encoding === 'windows-1252') return { text: decodeWindows1252(bytes), known: true }
    if (decoder) return { text: decodeChecked(decoder, bytes, `${label} text`), known: true }
    return { text: lenient(bytes), known: false }
  }
  return { text: lenient(bytes), known: true }
}

function lenient(bytes: Uint8Array): string {
  // Not UTF-8: every byte still has a windows-1252 reading.
  return tryUtf8(bytes) ?? decodeWindows1252(bytes)
}

/** UTF-8 with replacement characters, for text whose charset is known to be UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  return decodeChecked(utf8, bytes, 'UTF-8 text')
}
