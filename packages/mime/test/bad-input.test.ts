import { describe, expect, it } from 'vitest'
import {
  canonicalizeLineEndings,
  decodeBase64,
  decodeQuotedPrintable,
  decodeWords,
  encodeBase64,
  encodeQuotedPrintable,
  encodeWords,
  parseAddressList,
  parseContentType,
} from '@siegel/mime'

const call = (fn: (value: never) => unknown) => (value: unknown) => fn(value as never)

describe('input checks at the public edge', () => {
  it.each([
    ['encodeBase64', call(encodeBase64), 'AQID'],
    ['decodeBase64', call(decodeBase64), 42],
    ['encodeQuotedPrintable', call(encodeQuotedPrintable), 'text'],
    ['decodeQuotedPrintable', call(decodeQuotedPrintable), [1, 2]],
    ['canonicalizeLineEndings', call(canonicalizeLineEndings), null],
    ['encodeWords', call(encodeWords), new Uint8Array(1)],
    ['decodeWords', call(decodeWords), undefined],
    ['parseContentType', call(parseContentType), 7],
    ['parseAddressList', call(parseAddressList), {}],
  ])('%s rejects %j with ERR_MIME_INVALID_INPUT', (_name, fn, value) => {
    expect(() => fn(value)).toThrow(expect.objectContaining({ code: 'ERR_MIME_INVALID_INPUT' }))
  })
})
