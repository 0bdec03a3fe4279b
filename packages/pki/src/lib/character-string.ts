import type { DerReader, Tlv } from './der.js'

// X.680 §41 character strings of one byte per character: NumericString, PrintableString,
// TeletexString, VideotexString, IA5String, GraphicString, VisibleString, GeneralString and
// CHARACTER STRING. T.61 and the other 8-bit sets are read as ISO 8859-1, as pkijs read them.
const BYTE_STRING_TAGS: ReadonlySet<number> = new Set([18, 19, 20, 21, 22, 25, 26, 27, 29])
const UTF8_STRING = 12
const UNIVERSAL_STRING = 28
const BMP_STRING = 30
const REPLACEMENT_CHARACTER = 0xfffd
// ignoreBOM keeps a leading byte order mark as part of the value instead of dropping it.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * The text of a universal character string (a DirectoryString or the like), or `undefined` for a
 * value of any other type.
 */
export function readCharacterString(reader: DerReader, value: Tlv): string | undefined {
  if (value.cls !== 0) return undefined
  const bytes = value.content
  if (value.tag === UTF8_STRING) return utf8OrLatin1(bytes)
  if (value.tag === BMP_STRING) {
    if (bytes.length % 2 !== 0) reader.fail('BMPString of an odd number of bytes')
    // UCS-2 big-endian, one code unit per two bytes; no surrogate repair, as pkijs did.
    let text = ''
    for (let i = 0; i < bytes.length; i += 2)
      text += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!)
    return text
  }
  if (value.tag === UNIVERSAL_STRING) {
    if (bytes.length % 4 !== 0) reader.fail('UniversalString length is not a multiple of 4')
    return ucs4(bytes)
  }
  return BYTE_STRING_TAGS.has(value.tag) ? latin1(bytes) : undefined
}

/**
 * One character per byte (ISO 8859-1). Not `new TextDecoder('latin1')`: that label means
 * windows-1252 in browsers and Node, which maps 0x80–0x9F to other characters.
 */
export function latin1(bytes: Uint8Array): string {
  let text = ''
  for (const b of bytes) text += String.fromCharCode(b)
  return text
}

function utf8OrLatin1(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes)
  } catch (error) {
    // Invalid UTF-8 (seen from old CAs writing Latin-1 into UTF8String) is shown byte by byte
    // rather than rejecting the whole certificate.
    if (error instanceof TypeError) return latin1(bytes)
    throw error
  }
}

/** UCS-4 big-endian; out-of-range and lone surrogate code points become U+FFFD. */
function ucs4(bytes: Uint8Array): string {
  const points: number[] = []
  const at = (i: number): number =>
    ((bytes[4 * i]! << 24) |
      (bytes[4 * i + 1]! << 16) |
      (bytes[4 * i + 2]! << 8) |
      bytes[4 * i + 3]!) >>>
    0
  const count = bytes.length / 4
  for (let i = 0; i < count; i++) {
    const point = at(i)
    if (point > 0x10ffff) points.push(REPLACEMENT_CHARACTER)
    else if (point >= 0xd800 && point <= 0xdfff) {
      // A high surrogate followed by a low one (UTF-16 written as UCS-4) is one character.
      const next = i + 1 < count ? at(i + 1) : 0
      if (point <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        points.push(0x10000 + ((point - 0xd800) << 10) + (next - 0xdc00))
        i++
      } else points.push(REPLACEMENT_CHARACTER)
    } else points.push(point)
  }
  return points.map((p) => String.fromCodePoint(p)).join('')
}
