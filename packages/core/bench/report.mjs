// What both S/MIME benchmarks share: timing the openssl command line and printing table cells.
import { spawnSync } from 'node:child_process'

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
