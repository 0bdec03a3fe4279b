import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { collectContent, parseMessage, type MimePart } from '@siegel/mime'
import { corpusFiles, loadCorpusFile, sameBytes } from '../helpers/vectors.js'

// Real messages, cut short and with bytes overwritten: the loose parser must still return a
// tree whose every range holds, and never throw (these inputs are far below every limit).
const SAMPLE = corpusFiles.filter(
  (name) => !name.includes('outofmemory') && !name.includes('htmllargecallstack'),
)

function check(bytes: Uint8Array, part: MimePart): void {
  expect(sameBytes(bytes.subarray(part.range.start, part.range.end), part.raw)).toBe(true)
  expect(part.bodyRange.start).toBeGreaterThanOrEqual(part.headerRange.end)
  part.children.forEach((child) => check(bytes, child))
  if (part.embedded) check(bytes, part.embedded)
}

describe('mutated corpus messages', () => {
  it('parse without throwing, with every range pointing into the input', async () => {
    const messages = await Promise.all(SAMPLE.map(loadCorpusFile))
    fc.assert(
      fc.property(
        fc.nat(messages.length - 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })),
          {
            maxLength: 8,
          },
        ),
        (index, cut, edits) => {
          const source = messages[index]!
          const bytes = source.slice(0, Math.floor(source.length * cut))
          for (const [at, value] of edits)
            if (bytes.length > 0) bytes[Math.floor(at * (bytes.length - 1))] = value
          const message = parseMessage(bytes)
          check(bytes, message)
          collectContent(message)
        },
      ),
      { numRuns: 200 },
    )
  })
})
