// `pnpm test:large`: the opt-in tests of very large mail (hundreds of MiB, generated where they
// run), in Node and in headless Chromium. Minutes and gigabytes each: never part of `pnpm test`.
import { readFileSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright'
import type { BrowserCommandContext } from 'vitest/node'
import { defineConfig } from 'vitest/config'
import { alias, chromiumBrowser, optimizeDeps } from './vitest.config.js'

/** Pids of the renderer processes of the browser the tests run in (DevTools protocol). */
async function rendererPids(context: BrowserCommandContext): Promise<number[]> {
  const browser = (context as unknown as { page: Page }).page.context().browser()
  if (!browser) return []
  const cdp = await browser.newBrowserCDPSession()
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo')
  await cdp.detach()
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id)
}

/** Peak resident set of a process since start or the last reset (Linux /proc), in KiB. */
const peakKiB = (pid: number): number =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)

export default defineConfig({
  resolve: { alias },
  optimizeDeps,
  test: {
    testTimeout: 1_800_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/test/large/*.node.large.test.ts'],
          environment: 'node',
          // For a clean baseline before each size.
          execArgv: ['--expose-gc'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['packages/*/test/large/*.browser.large.test.ts'],
          browser: {
            ...chromiumBrowser,
            commands: {
              // Writing "5" to /proc/<pid>/clear_refs resets the peak resident set (Linux 4.0+).
              resetRendererPeak: async (context: BrowserCommandContext) => {
                for (const pid of await rendererPids(context))
                  writeFileSync(`/proc/${pid}/clear_refs`, '5')
              },
              rendererPeakMiB: async (context: BrowserCommandContext) =>
                Math.max(0, ...(await rendererPids(context)).map(peakKiB)) / 1024,
            },
          },
        },
      },
    ],
  },
})
