// Every code block in the guides and the README is taken from a tested example: each block's lines must stand,
// in order and one after another, in a file under examples/ (indentation and blank lines aside;
// a line `// …` in a block marks an omission).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const CODE_BLOCK = /```(?:ts|js|typescript|javascript)\n([\s\S]*?)```/g

function files(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'api' || name === 'out' || name === 'dist') return []
    return statSync(path).isDirectory() ? files(path, keep) : keep(path) ? [path] : []
  })
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
const sources = files(
  join(root, 'examples'),
  (p) => /\.(mjs|ts|js)$/.test(p) && !p.endsWith('.test.ts'),
).map((p) => lines(readFileSync(p, 'utf8')))

function quoted(block: string): boolean {
  const pieces = block
    .split(/^\s*\/\/ …\s*$/m)
    .map(lines)
    .filter((p) => p.length > 0)
  return pieces.every((piece) =>
    sources.some((source) =>
      source.some((_, start) => piece.every((line, i) => source[start + i] === line)),
    ),
  )
}

const guides = [join(root, 'README.md'), ...files(join(root, 'docs'), (p) => p.endsWith('.md'))]
const blocks = guides.flatMap((guide) =>
  [...readFileSync(guide, 'utf8').matchAll(CODE_BLOCK)].map(
    (m, i) => [`${relative(root, guide)} #${i + 1}`, m[1]!] as const,
  ),
)

describe('the guides quote tested examples', () => {
  it('has guides with code', () => {
    expect(blocks.length).toBeGreaterThan(5)
  })

  it.each(blocks)('%s stands in an example', (_, block) => {
    expect(quoted(block), block).toBe(true)
  })
})
