import { describe, expect, it } from 'vitest'
import { parseMessage } from '@siegel/mime'

const code = (code: string): unknown => expect.objectContaining({ code })

describe('limits', () => {
  it('rejects more than maxHeaders fields with ERR_MIME_TOO_MANY_HEADERS, and accepts it at the bound', () => {
    const headers = (n: number): string => 'X-A: 1\r\n'.repeat(n) + '\r\nbody'
    expect(parseMessage(headers(5), { maxHeaders: 5 }).headers).toHaveLength(5)
    expect(() => parseMessage(headers(6), { maxHeaders: 5 })).toThrow(
      code('ERR_MIME_TOO_MANY_HEADERS'),
    )
  })

  it('rejects a header line over maxLineBytes with ERR_MIME_LINE_TOO_LONG, and accepts it at the bound', () => {
    const line = (n: number): string => 'X-A: ' + 'a'.repeat(n - 5) + '\r\n\r\nbody'
    expect(() => parseMessage(line(100), { maxLineBytes: 100 })).not.toThrow()
    expect(() => parseMessage(line(101), { maxLineBytes: 100 })).toThrow(
      code('ERR_MIME_LINE_TOO_LONG'),
    )
  })

  it('counts embedded messages towards maxNestingDepth', () => {
    let message = 'Subject: leaf\r\n\r\nbody'
    for (let i = 0; i < 4; i++) message = `Content-Type: message/rfc822\r\n\r\n${message}`
    expect(() => parseMessage(message, { maxNestingDepth: 4 })).not.toThrow()
    expect(() => parseMessage(message, { maxNestingDepth: 3 })).toThrow(
      code('ERR_MIME_NESTING_TOO_DEEP'),
    )
  })

  it('applies the default limits without options', () => {
    expect(() => parseMessage('X-A: 1\r\n'.repeat(1001) + '\r\n')).toThrow(
      code('ERR_MIME_TOO_MANY_HEADERS'),
    )
    expect(() => parseMessage('X-A: ' + 'a'.repeat(70_000) + '\r\n\r\n')).toThrow(
      code('ERR_MIME_LINE_TOO_LONG'),
    )
  })

  it('carries the offset of the problem in the error', () => {
    try {
      parseMessage('X-A: 1\r\nX-B: 2\r\n\r\n', { maxHeaders: 1 })
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({ code: 'ERR_MIME_TOO_MANY_HEADERS', offset: 8 })
    }
  })
})
