import { checkBytes } from '../lib/bytes.js'
/**
 * Rewrites every line ending (bare LF, bare CR or CRLF) as CRLF: the canonical form that
 * RFC 8551 §3.1.1 requires before a MIME entity is signed.
 *
 * Reachable from `@siegel/mime`.
 * @param bytes - the entity
 * @returns the same bytes with CRLF line endings; the input itself when it already has them
 * @throws MimeError `ERR_MIME_INVALID_INPUT` for input that is not a Uint8Array
 * @example
 * ```ts
 * canonicalizeLineEndings(new TextEncoder().encode('a\nb')) // bytes of 'a\r\nb'
 * ```
 */
export function canonicalizeLineEndings(bytes: Uint8Array): Uint8Array {
  checkBytes(bytes, 'an entity')
  let extra = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (b === 0x0a && bytes[i - 1] !== 0x0d) extra++
    else if (b === 0x0d && bytes[i + 1] !== 0x0a) extra++
  }
  if (extra === 0) return bytes
  const out = new Uint8Array(bytes.length + extra)
  let o = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b === 0x0a && bytes[i - 1] !== 0x0d) {
      out[o++] = 0x0d
      out[o++] = 0x0a
    } else if (b === 0x0d && bytes[i + 1] !== 0x0a) {
      out[o++] = 0x0d
      out[o++] = 0x0a
    } else {
      out[o++] = b
    }
  }
  return out
}
