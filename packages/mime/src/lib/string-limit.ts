import { MimeError } from '../errors.js'

// V8 (Node, Chromium) strings hold at most 2^29 − 24 UTF-16 code units. Past that, Chromium's
// TextDecoder returns an empty string without throwing, and concatenation throws a RangeError:
// a silent wrong answer or an untyped error. Every bytes-to-string step checks against it.
export const MAX_STRING_LENGTH: number = 2 ** 29 - 24

// No decoder gives fewer than one code unit per eight bytes of text (UTF-8 gives at least one
// per three, UTF-16 one per two, ISO-2022-JP spends bytes only on mode switches): a larger
// input that decodes to less has met the runtime's limit, whatever the runtime says.
const MIN_CODE_UNITS_PER_BYTE = 1 / 8
// Below this, a short result is a byte order mark or escape sequences, not a limit.
const CHECKED_FROM_BYTES = 64 * 1024

/** The typed error for text a runtime cannot hold as one string. */
export function textTooLarge(bytes: number, what: string): MimeError {
  return new MimeError(
    'ERR_MIME_LIMIT_EXCEEDED',
    `${what} of ${bytes} bytes is too large to be one string (at most ${MAX_STRING_LENGTH} characters)`,
  )
}

/**
 * `decoder.decode(bytes)`, with its output length checked against what the input implies, so
 * that a runtime's string limit is a typed `ERR_MIME_LIMIT_EXCEEDED`, never an empty text.
 */
export function decodeChecked(
  decoder: Pick<TextDecoder, 'decode'>,
  bytes: Uint8Array,
  what: string,
): string {
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch (error) {
    if (error instanceof RangeError) throw textTooLarge(bytes.length, what)
    throw error
  }
  if (bytes.length >= CHECKED_FROM_BYTES && text.length < bytes.length * MIN_CODE_UNITS_PER_BYTE)
    throw textTooLarge(bytes.length, what)
  return text
}
