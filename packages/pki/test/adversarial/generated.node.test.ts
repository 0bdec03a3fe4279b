// The committed certificates are exactly what generate.mjs writes (webpki testgen.yml): the
// suite's inputs are declared in specs.mjs, never edited by hand.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const here = fileURLToPath(new URL('.', import.meta.url))

it('generate.mjs writes the committed certificates, byte for byte', () => {
  const out = mkdtempSync(join(tmpdir(), 'adversarial-gen-'))
  try {
    execFileSync(process.execPath, [join(here, 'generate.mjs'), out], { stdio: 'pipe' })
    const committed = readdirSync(join(here, 'certs')).sort()
    expect(readdirSync(out).sort()).toEqual(committed)
    for (const name of committed)
      expect(readFileSync(join(out, name), 'utf8'), name).toBe(
        readFileSync(join(here, 'certs', name), 'utf8'),
      )
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})
