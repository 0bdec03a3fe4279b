// A runtime at a lowered string limit, behaving there as Chromium does at V8's real one
// (2^29 − 24 characters, half a gigabyte of text): TextDecoder answers '' without an error,
// and toBase64 (where the runtime has it) throws a RangeError. For tests that must reach the
// limit with kilobytes.
import { vi } from 'vitest'
import { MAX_STRING_LENGTH, stringLimit } from '../../src/lib/string-limit.js'

type NativeProto = { toBase64?: () => string }

/** Lowers the limit every check reads to `limit` and makes the runtime answer as above. */
export function lowerStringLimit(limit: number): void {
  stringLimit.maxLength = limit
  const decode = TextDecoder.prototype.decode
  vi.spyOn(TextDecoder.prototype, 'decode').mockImplementation(function (
    this: TextDecoder,
    ...args: Parameters<TextDecoder['decode']>
  ) {
    const text = decode.apply(this, args)
    return text.length > limit ? '' : text
  })
  const proto = Uint8Array.prototype as NativeProto
  const toBase64 = proto.toBase64
  if (toBase64) {
    vi.spyOn(proto as Required<NativeProto>, 'toBase64').mockImplementation(function (
      this: Uint8Array,
    ) {
      if (Math.ceil(this.length / 3) * 4 > limit) throw new RangeError('Invalid string length')
      return toBase64.call(this)
    })
  }
}

/** Puts back the real limit and the runtime's own decoders. */
export function restoreStringLimit(): void {
  stringLimit.maxLength = MAX_STRING_LENGTH
  vi.restoreAllMocks()
}
