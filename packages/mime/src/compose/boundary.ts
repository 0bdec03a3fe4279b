import { MimeError } from '../errors.js'

// "=_" cannot occur in quoted-printable output (a literal "=" is written "=3D") nor in base64,
// so such a boundary cannot collide with encoded content; identity-encoded content is checked.
const PREFIX = '=_siegel_'
// Ten random 96-bit tries that all collide mean the randomness source is broken.
const MAX_TRIES = 10

/** A boundary (RFC 2046 §5.1.1) that occurs in none of the given bodies. */
export function makeBoundary(
  bodies: readonly Uint8Array[],
  crypto: Pick<Crypto, 'getRandomValues'>,
): string {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const random = crypto.getRandomValues(new Uint8Array(12))
    const boundary = PREFIX + Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')
    const needle = Uint8Array.from('--' + boundary, (c) => c.charCodeAt(0))
    if (!bodies.some((body) => contains(body, needle))) return boundary
  }
  throw new MimeError(
    'ERR_MIME_INVALID_SPEC',
    `expected a boundary absent from the content, found none in ${MAX_TRIES} random tries`,
  )
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  let at = haystack.indexOf(needle[0]!)
  while (at >= 0 && at + needle.length <= haystack.length) {
    let k = 1
    while (k < needle.length && haystack[at + k] === needle[k]) k++
    if (k === needle.length) return true
    at = haystack.indexOf(needle[0]!, at + 1)
  }
  return false
}
