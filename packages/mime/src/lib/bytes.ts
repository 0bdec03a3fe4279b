import { MimeError } from '../errors.js'

const utf8Encoder = new TextEncoder()
// windows-1252 as WHATWG defines it maps every byte to exactly one UTF-16 code unit, so a
// string index equals a byte offset: the parser searches the string and slices the bytes.
const byteDecoder = new TextDecoder('latin1')

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text)
}

/** One character per byte; offsets in the result are byte offsets. */
export function bytesToBinaryString(bytes: Uint8Array): string {
  return byteDecoder.decode(bytes)
}

/** Bytes of an ASCII-only string. */
export function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i)
  return out
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Accepts bytes or a string (encoded as UTF-8); rejects anything else with a typed error. */
export function toBytes(input: Uint8Array | string, what: string): Uint8Array {
  if (typeof input === 'string') return utf8(input)
  if (input instanceof Uint8Array) return input
  throw new MimeError(
    'ERR_MIME_INVALID_INPUT',
    `expected ${what} as Uint8Array or string, got ${describe(input)}`,
  )
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return value.constructor?.name ?? 'object'
  return typeof value
}
