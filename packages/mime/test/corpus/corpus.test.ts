import { describe, expect, it } from 'vitest'
import { parseMessage, type MimePart } from '@siegel/mime'
import readme from '../vectors/mime-corpus/README.md?raw'
import { corpusFiles, loadCorpusFile, sameBytes, sha256Hex } from '../helpers/vectors.js'
import { DISAGREEMENTS } from './disagreements.js'
import { disagreements, readWithPostalMime, readWithSiegel } from './oracle.js'

function* walk(part: MimePart): Generator<MimePart> {
  yield part
  for (const child of part.children) yield* walk(child)
  if (part.embedded) yield* walk(part.embedded)
}

describe('MIME corpus (six parsers’ test suites)', () => {
  it('holds every file of the corpus', () => {
    expect(corpusFiles).toHaveLength(213)
  })

  it.each(corpusFiles)('loads %s byte for byte (SHA-256 as in the README)', async (name) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`))
    expect(row, `README row for ${name}`).toBeDefined()
    const expected = /`([0-9a-f]{64})` \|$/.exec(row!)?.[1]
    expect(await sha256Hex(await loadCorpusFile(name))).toBe(expected)
  })

  it.each(corpusFiles)(
    'parses %s in loose mode; every part’s raw bytes are the input at its ranges',
    async (name) => {
      const bytes = await loadCorpusFile(name)
      const message = parseMessage(bytes)
      for (const part of walk(message)) {
        expect(sameBytes(bytes.subarray(part.range.start, part.range.end), part.raw)).toBe(true)
        expect(part.headerRange.start).toBeGreaterThanOrEqual(part.range.start)
        expect(part.headerRange.end).toBeLessThanOrEqual(part.bodyRange.start)
        expect(part.bodyRange.end).toBe(part.range.end)
        expect(sameBytes(bytes.subarray(part.bodyRange.start, part.bodyRange.end), part.body)).toBe(
          true,
        )
        for (const header of part.headers)
          expect(sameBytes(bytes.subarray(header.range.start, header.range.end), header.raw)).toBe(
            true,
          )
      }
    },
  )

  it.each(corpusFiles)(
    'reads %s as postal-mime does, or as listed in disagreements.ts',
    async (name) => {
      const bytes = await loadCorpusFile(name)
      const found = disagreements(await readWithSiegel(bytes), await readWithPostalMime(bytes))
      expect(found).toEqual(DISAGREEMENTS[name]?.on ?? [])
    },
  )

  it('lists exactly 8 disagreements with postal-mime, each with a reason', () => {
    expect(Object.keys(DISAGREEMENTS)).toHaveLength(8)
    for (const [name, entry] of Object.entries(DISAGREEMENTS)) {
      expect(corpusFiles).toContain(name)
      expect(entry.reason.length).toBeGreaterThan(20)
    }
  })
})
