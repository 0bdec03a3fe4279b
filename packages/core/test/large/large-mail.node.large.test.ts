import { largeMailTests, MiB } from './large-mail.js'

// Node cannot reset its peak: the growth of the process's peak resident set over the resident
// set at the start of each size, sizes in rising order.
let base = 0
const memory = {
  reset: async (): Promise<void> => {
    globalThis.gc?.()
    base = process.memoryUsage().rss
  },
  peakMiB: async (): Promise<number> => (process.resourceUsage().maxRSS * 1024 - base) / MiB,
}

largeMailTests('Node', memory)
