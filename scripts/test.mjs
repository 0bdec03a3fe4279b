// `pnpm test`: every test file in Node and in headless Chromium, then one closing line
// "N passed, N failed" counted over both projects.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { ALONE_FILES } from './alone-tests.mjs'
import { ensureChromium } from './ensure-chromium.mjs'

ensureChromium()
// The example tests run the scripts as a user would, against the built packages: build first, so
// that `pnpm test` on a fresh clone needs no other step and never tests a stale build.
const build = spawnSync('pnpm', ['run', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

const filters = process.argv.slice(2)
const runs =
  filters.length > 0
    ? [{ args: filters, env: {} }]
    : [
        { args: [], env: { SIEGEL_TEST_ALONE: 'later' } },
        { args: ['--project', 'node', ...ALONE_FILES], env: {} },
      ]

let passed = 0
let failed = 0
for (const [i, { args, env }] of runs.entries()) {
  const resultsFile = `.vitest-results${i === 0 ? '' : `-${i}`}.json`
  rmSync(resultsFile, { force: true })
  const run = spawnSync(
    'pnpm',
    [
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${resultsFile}`,
      ...args,
    ],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  )
  let runFailed = 0
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'))
    passed += results.numPassedTests
    runFailed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0)
    if (results.numTotalTests === 0) runFailed += 1
  }
  if (run.status !== 0 && runFailed === 0) runFailed = 1
  failed += runFailed
}
// A short fuzz run of the built packages (fixed seed and budget, every target): a crash, hang,
// heap blow-up or untyped error counts as one failed test. Only on a full run; `pnpm fuzz` runs
// longer (docs/development.md).
if (filters.length === 0) {
  const fuzz = spawnSync(
    process.execPath,
    ['scripts/fuzz.mjs', '--seconds', '20', '--seed', '1', '--timeout-ms', '5000'],
    {
      stdio: 'inherit',
    },
  )
  if (fuzz.status === 0) passed += 1
  else failed += 1
}
console.log(`\n${passed} passed, ${failed} failed`)
// A run that exited non-zero counted as at least one failure above.
process.exit(failed === 0 ? 0 : 1)
