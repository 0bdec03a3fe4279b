// pnpm bench: a large attachment through protectMessage (sign, then encrypt) and openMessage,
// with onProgress, in Node. Per size and operation: wall time, peak memory growth, and the
// longest stretch the event loop was blocked (a 5 ms interval timer's largest gap), which is
// what a page would feel as one long task. Sizes: BENCH_SIZES (bytes, comma-separated) or
// 1, 10, 50 and 100 MiB. Every figure comes from a fresh process (this file, `measure ...`).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PKI, writeInputs } from './inputs.mjs'
import { label, measureInChild } from './report.mjs'

const SELF = fileURLToPath(import.meta.url)

/** One operation in this process: prints {"ms", "growthMiB", "maxBlockedMs", "reports"}. */
async function measureOne(op, inputPath, outputPath) {
  const { loadIdentity, openMessage, protectMessage } = await import('@siegel/core')
  const { Certificate } = await import('@siegel/pki')
  const pem = (name) => readFileSync(join(PKI, name), 'utf8')
  const me = await loadIdentity({
    certificate: pem('alice.pem'),
    privateKey: pem('alice.key.pem'),
    chain: [pem('intermediate.pem')],
  })
  const root = Certificate.from(pem('root.pem'))
  const input = new Uint8Array(readFileSync(inputPath))
  let reports = 0
  const onProgress = () => reports++
  const run = {
    protect: () =>
      protectMessage(input, {
        signWith: me,
        encryptFor: [me.certificate],
        trustAnchors: [root],
        intermediates: me.chain,
        onProgress,
      }),
    open: () => openMessage(input, { identities: [me], trustAnchors: [root], onProgress }),
  }[op]
  globalThis.gc?.()
  const base = process.memoryUsage().rss
  let last = performance.now()
  let maxBlockedMs = 0
  const ticker = globalThis.setInterval(() => {
    const now = performance.now()
    maxBlockedMs = Math.max(maxBlockedMs, now - last)
    last = now
  }, 5)
  const start = performance.now()
  const output = await run()
  const ms = performance.now() - start
  globalThis.clearInterval(ticker)
  const growthMiB = Math.max(0, process.resourceUsage().maxRSS * 1024 - base) / 2 ** 20
  if (outputPath) writeFileSync(outputPath, output)
  console.log(JSON.stringify({ ms, growthMiB, maxBlockedMs, reports }))
}

const measure = (op, input, output) =>
  measureInChild(SELF, [op, input, ...(output ? [output] : [])])

const cell = (r) =>
  r.error
    ? `fails: ${r.error} | | |`
    : `${r.ms.toFixed(0)} ms | +${r.growthMiB.toFixed(0)} MiB | ${r.maxBlockedMs.toFixed(0)} ms | ${r.reports}`

function main() {
  const sizes = (process.env.BENCH_SIZES ?? [1, 10, 50, 100].map((m) => m * 2 ** 20).join(','))
    .split(',')
    .map(Number)
  console.log('Large mail with progress: protectMessage (sign + encrypt) and openMessage, Node.')
  console.log('RSA-2048, AES-256-CBC. Blocked: longest event-loop gap (5 ms timer).\n')
  console.log(
    '| size | operation | time | peak memory growth | longest blocked | progress reports |',
  )
  console.log('|---|---|---|---|---|---|')
  for (const size of sizes) {
    const paths = writeInputs(size)
    const sent = join(paths.dir, 'protected.eml')
    const protect = measure('protect', paths.message, sent)
    console.log(`| ${label(size)} | protect | ${cell(protect)} |`)
    const open = protect.error ? { error: 'no input' } : measure('open', sent)
    console.log(`| ${label(size)} | open | ${cell(open)} |`)
  }
}

if (process.argv[2] === 'measure') await measureOne(...process.argv.slice(3))
else main()
