import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: the example is plain JavaScript without declarations
import { runScenario } from './scenario.mjs'

describe('the seed scenario (pnpm demo)', () => {
  it(
    'runs the partner workflow to the end, and OpenSSL verifies every message',
    { timeout: 60_000 },
    async () => {
      const lines: string[] = []
      const result = await runScenario({
        outDir: mkdtempSync(join(tmpdir(), 'siegel-seed-')),
        log: (l: string) => lines.push(l),
      })
      expect(result.summaries).toEqual([
        'Signed by buergerservice@lra-demo.example · trusted via Demo-Verwaltungs-Root-CA',
        'Encrypted (AES-256-GCM) · Signed by petra@partner.example · trusted via Demo-Verwaltungs-Root-CA',
      ])
      expect(result.addressBook).toEqual(['buergerservice@lra-demo.example'])
      expect(result.openssl).toEqual([true, true])
    },
  )
})
