import { readFileSync, writeFileSync } from 'node:fs'
import { largeMailTests, MiB } from './large-mail.js'

// The process's own resident set (Linux /proc): "5" into clear_refs resets the peak (VmHWM) to
// the current size, so each step is measured on its own; the figure is the growth over the
// resident set at the reset.
const statusKiB = (field: string): number =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1])
let baseKiB = 0
const memory = {
  reset: async (): Promise<void> => {
    globalThis.gc?.()
    writeFileSync('/proc/self/clear_refs', '5')
    baseKiB = statusKiB('VmRSS')
  },
  peakMiB: async (): Promise<number> => ((statusKiB('VmHWM') - baseKiB) * 1024) / MiB,
}

largeMailTests('Node', memory)
