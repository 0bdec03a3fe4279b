import { MimeError } from '../errors.js'
import { checkDecoded, checkStringLength, textTooLarge } from './string-limit.js'

const utf8Encoder = new TextEncoder()
// windows-1252 as WHATWG defines it maps every byte to exactly one UTF-16 code unit, so a
// string index equals a byte offset: the parser searches the string and slices the bytes.
const byteDecoder = new TextDecoder('latin1')
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text)
}

/** One character per byte; offsets in the result are byte offsets. */
export function bytesToBinaryString(bytes: Uint8Array): string {
  return latin1(bytes, 0, bytes.length)
}

/** True when every byte in `[start, end)` is 7-bit. */
export function isAscii(bytes: Uint8Array, start = 0, end: number = bytes.length): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) return false
  return true
}

/** Bytes `[start, end)` as a string, one character per byte (ISO-8859-1, for ASCII data). */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  checkStringLength(end - start, 'text')
  if (end - start > 2048) {
    // One character per byte, exactly: any other length is the runtime's string limit.
    const text = byteDecoder.decode(bytes.subarray(start, end))
    if (text.length !== end - start) throw textTooLarge(end - start, 'text')
    return text
  }
  // Short header texts: fromCharCode avoids the TextDecoder call overhead.
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[])
}

/** Strict UTF-8, or `undefined` when the bytes are not valid UTF-8. */
export function tryUtf8(bytes: Uint8Array): string | undefined {
  let text: string
  try {
    text = strictUtf8.decode(bytes)
  } catch (error) {
    // Not UTF-8: the caller falls back to another reading and records a problem.
    if (error instanceof RangeError) throw textTooLarge(bytes.length, 'UTF-8 text')
    return undefined
  }
  // Checked apart from the decode, so that a string limit is not taken for invalid UTF-8.
  return checkDecoded(text, bytes.length, 'UTF-8 text')
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

/** Rejects anything but a Uint8Array with a typed error naming what was expected. */
export function checkBytes(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value
  throw new MimeError(
    'ERR_MIME_INVALID_INPUT',
    `expected ${what} as Uint8Array, got ${describe(value)}`,
  )
}

/** Rejects anything but a string with a typed error naming what was expected. */
export function checkString(value: unknown, what: string): string {
  if (typeof value === 'string') return value
  throw new MimeError(
    'ERR_MIME_INVALID_INPUT',
    `expected ${what} as a string, got ${describe(value)}`,
  )
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return value.constructor?.name ?? 'object'
  return typeof value
}
