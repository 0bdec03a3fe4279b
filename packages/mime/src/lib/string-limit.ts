import { MimeError } from '../errors.js'

// V8 (Node, Chromium) strings hold at most 2^29 − 24 UTF-16 code units. Past that, Chromium's
// TextDecoder returns an empty string without throwing, and concatenation throws a RangeError:
// a silent wrong answer or an untyped error. Every bytes-to-string step checks against it.
export const MAX_STRING_LENGTH: number = 2 ** 29 - 24

/**
 * The limit every check below reads. Only tests lower it, to reach the boundary with kilobytes
 * instead of half a gigabyte; library code never writes it.
 */
export const stringLimit: { maxLength: number } = { maxLength: MAX_STRING_LENGTH }

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
    `${what} of ${bytes} bytes is too large to be one string (at most ${stringLimit.maxLength} characters)`,
  )
}

/** Throws `ERR_MIME_LIMIT_EXCEEDED` before a step that makes one character per unit of input. */
export function checkStringLength(length: number, what: string): void {
  if (length > stringLimit.maxLength) throw textTooLarge(length, what)
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
  return checkDecoded(text, bytes.length, what)
}

/**
 * `text`, decoded from `byteLength` bytes, if its length is one the input allows: not past the
 * string limit, and not so short that the runtime must have given up (see above).
 */
export function checkDecoded(text: string, byteLength: number, what: string): string {
  if (text.length > stringLimit.maxLength) throw textTooLarge(byteLength, what)
  if (byteLength >= CHECKED_FROM_BYTES && text.length < byteLength * MIN_CODE_UNITS_PER_BYTE)
    throw textTooLarge(byteLength, what)
  return text
}
