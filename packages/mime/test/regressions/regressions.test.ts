import { describe, expect, it } from 'vitest'
import { parseContentType, parseMessage } from '@siegel/mime'

// Inputs found by the fuzzer (see README.md), as exact bytes in both runtimes.
const inputs = import.meta.glob<string>('./*.eml', { query: '?inline', import: 'default' })

async function input(name: string): Promise<Uint8Array> {
  const load = inputs[`./${name}`]
  if (load === undefined) throw new Error(`no regression input ${name}`)
  const url = await load()
  return Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0))
}

describe('fuzz regressions', () => {
  it('has an input for every entry', () => {
    expect(Object.keys(inputs)).toEqual(['./content-type-without-values.eml'])
  })

  it('parses a Content-Type made of thousands of segments without "=" (was quadratic)', async () => {
    const message = parseMessage(await input('content-type-without-values.eml'))
    expect(message.contentType).toMatchObject({
      mediaType: 'multipart/alternative',
      parameters: { boundary: 'Enmime-Test-100' },
    })
    expect(message.children).toHaveLength(2)
    expect(message.problems.map((p) => p.code)).toEqual([
      'MISSING_CLOSE_DELIMITER',
      'INVALID_HEADER_LINE',
    ])
    // 350 KB of such segments: quadratic time made this seconds, linear makes it milliseconds.
    const value = 'multipart/mixed' + '; boundarype: multipart/alternative'.repeat(10_000)
    expect(parseContentType(value)).toEqual({ mediaType: 'multipart/mixed', parameters: {} })
  })
})
