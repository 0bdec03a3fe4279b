// What both S/MIME benchmarks share: timing one operation in a process, timing the openssl
// command line, and printing table cells.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'

/** Median wall time of `openssl ...args` over `repeats` runs, or the first error line. */
export function openssl(args, repeats) {
  const times = []
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    const run = spawnSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
    times.push(performance.now() - start)
    if (run.status !== 0) return { error: run.stderr.toString().split('\n')[0].slice(0, 60) }
  }
  times.sort((a, b) => a - b)
  return { ms: times[Math.floor(times.length / 2)] }
}

export const label = (size) => (size >= 2 ** 20 ? `${size / 2 ** 20} MiB` : `${size / 1024} KiB`)

export const cell = (r) =>
  r.error
    ? `fails: ${r.error}`
    : `${r.ms.toFixed(r.ms < 10 ? 2 : 0)} ms${r.growthMiB !== undefined ? ` (+${r.growthMiB.toFixed(0)} MiB)` : ''}`

export const ratio = (a, b) => (a.ms && b.ms ? `${(a.ms / b.ms).toFixed(2)}×` : '–')

/**
 * Times `run` on an input of `inputBytes` in this process and prints {"ms": median, "growthMiB":
 * peak resident memory growth of the first run}. Small inputs repeat to beat timer noise and are
 * timed warm, as a mail gateway runs; large ones run once after the same first run.
 */
export async function timeInProcess(run, inputBytes, outputPath) {
  const repeats = inputBytes < 2 ** 20 ? 30 : inputBytes < 2 ** 24 ? 5 : 1
  globalThis.gc?.()
  const base = process.memoryUsage().rss
  let output = await run()
  const growthMiB = Math.max(0, process.resourceUsage().maxRSS * 1024 - base) / 2 ** 20
  for (let i = 0; inputBytes < 2 ** 20 && i < 20; i++) output = await run()
  const times = []
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    output = await run()
    times.push(performance.now() - start)
  }
  if (outputPath && output instanceof Uint8Array) writeFileSync(outputPath, output)
  times.sort((a, b) => a - b)
  console.log(JSON.stringify({ ms: times[Math.floor(times.length / 2)], growthMiB }))
}

/**
 * Runs `node --expose-gc script measure ...args` in a fresh process and returns the JSON line it
 * printed last, or `{ error }` with the first error line.
 */
export function measureInChild(script, args) {
  const argv = ['--expose-gc', script, 'measure', ...args]
  const run = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 20 })
  if (run.status !== 0) {
    const line = run.stderr.split('\n').find((l) => /Error/.test(l)) ?? 'failed'
    return { error: line.trim().slice(0, 60) }
  }
  return JSON.parse(run.stdout.trim().split('\n').pop())
}
