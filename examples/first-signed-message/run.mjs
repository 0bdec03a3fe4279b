// pnpm demo: makes a throwaway test PKI with OpenSSL, then runs the demo.
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runDemo } from './demo.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))
const pkiDir = mkdtempSync(join(tmpdir(), 'siegel-demo-pki-'))
const made = spawnSync('bash', [join(here, '../../scripts/gen-test-pki.sh'), pkiDir], {
  stdio: 'inherit',
})
if (made.status !== 0) {
  console.error('Could not make the demo PKI: the demo needs the openssl command.')
  process.exit(1)
}
const { status, opensslVerified } = await runDemo({ pkiDir, outDir: join(here, 'out') })
process.exit(status === 'valid' && opensslVerified !== false ? 0 : 1)
