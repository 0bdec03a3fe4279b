// pnpm demo: the partner workflow with a demo PKI, messages written to examples/seed-scenario/out.
import { fileURLToPath } from 'node:url'
import { runScenario } from './scenario.mjs'

const outDir = fileURLToPath(new URL('./out/', import.meta.url))
const { summaries, openssl } = await runScenario({ outDir })
const ok = summaries.every((s) => s.includes('· trusted via')) && openssl.every((v) => v !== false)
process.exit(ok ? 0 : 1)
