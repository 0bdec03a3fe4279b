// pnpm bench: builds the packages, then runs every packages/*/bench/*.bench.mjs in turn.
// Each benchmark prints its own side-by-side table (Siegel against OpenSSL and other libraries).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const benches = []
for (const pkg of readdirSync('packages')) {
  const dir = join('packages', pkg, 'bench')
  if (!existsSync(dir)) continue
  for (const file of readdirSync(dir).sort())
    if (file.endsWith('.bench.mjs')) benches.push(join(dir, file))
}
if (benches.length === 0) {
  console.log('No benchmarks yet: add packages/<name>/bench/<topic>.bench.mjs.')
  process.exit(0)
}
const build = spawnSync('pnpm', ['run', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
let failed = 0
for (const bench of benches) {
  console.log(`\n== ${bench}`)
  const run = spawnSync(process.execPath, ['--expose-gc', bench], { stdio: 'inherit' })
  if (run.status !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)
