import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: the demo is plain JavaScript without declarations
import { runDemo } from './demo.mjs'

const pkiDir = fileURLToPath(
  new URL('../../packages/core/test/fixtures/test-pki/', import.meta.url),
)

describe('the first-signed-message demo', () => {
  it('signs a message that Siegel and OpenSSL both verify', async () => {
    const lines: string[] = []
    const outDir = mkdtempSync(join(tmpdir(), 'siegel-demo-'))
    const result = await runDemo({ pkiDir, outDir, log: (line: string) => lines.push(line) })
    expect(result).toMatchObject({ status: 'valid', opensslVerified: true })
    expect(lines.join('\n')).toMatch(
      /Siegel: {2}valid · signed by alice@example.org · chain trusted/,
    )
    expect(lines.join('\n')).toContain('Verification successful')
  })
})
