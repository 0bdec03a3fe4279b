// pnpm bench: the large-mail benchmark of progress.bench.mjs in headless Chromium, on the main
// thread of a page. Per size: protectMessage (sign + encrypt) and openMessage with onProgress,
// wall time, the longest main-thread task (Long Tasks API), and the renderer's peak resident
// memory (VmHWM, Linux). The mail is made in the page. Sizes: BENCH_SIZES (bytes) or 1, 10, 50
// and 100 MiB. Every size runs in a fresh browser.
import { alicePems, launchChromium, peakRssMiB, rendererPids, servePage } from './browser-page.mjs'
import { label } from './report.mjs'

const PAGE = `
import { loadIdentity, openMessage, protectMessage } from '@siegel/core'
import { encodeBase64 } from '@siegel/mime'
import { Certificate } from '@siegel/pki'
let longest = 0
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration)
}).observe({ type: 'longtask' })
const settle = () => new Promise((r) => setTimeout(r, 100))
window.bench = async (size, pems) => {
  const data = new Uint8Array(size)
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(data.subarray(i, i + 65536))
  const head = new TextEncoder().encode('From: alice@example.org\\r\\nTo: alice@example.org\\r\\n' +
    'Subject: bench\\r\\nMIME-Version: 1.0\\r\\nContent-Type: application/octet-stream\\r\\n' +
    'Content-Transfer-Encoding: base64\\r\\n\\r\\n')
  const mail = encodeBase64(data, { prefix: head })
  const me = await loadIdentity({ certificate: pems.cert, privateKey: pems.key, chain: [pems.ca] })
  const root = Certificate.from(pems.root)
  let reports = 0
  const onProgress = () => reports++
  await settle()
  longest = 0
  let start = performance.now()
  const sent = await protectMessage(mail, { signWith: me, encryptFor: [me.certificate],
    trustAnchors: [root], intermediates: me.chain, onProgress })
  const protect = { ms: performance.now() - start, longTask: longest, reports }
  await settle()
  longest = 0
  reports = 0
  start = performance.now()
  const opened = await openMessage(sent, { identities: [me], trustAnchors: [root], onProgress })
  const open = { ms: performance.now() - start, longTask: longest, reports, summary: opened.summary }
  await settle()
  return { protect, open }
}
`

async function main() {
  const sizes = (process.env.BENCH_SIZES ?? [1, 10, 50, 100].map((m) => m * 2 ** 20).join(','))
    .split(',')
    .map(Number)
  const server = await servePage('siegel-bench-browser-', PAGE)
  const pems = alicePems()
  console.log('Large mail with progress in Chromium (main thread): protectMessage and openMessage.')
  console.log(
    'RSA-2048, AES-256-CBC. Long task: the longest main-thread task; memory: renderer peak RSS.\n',
  )
  console.log('| size | protect | longest task | open | longest task | renderer peak RSS |')
  console.log('|---|---|---|---|---|---|')
  try {
    for (const size of sizes) {
      const browser = await launchChromium()
      try {
        const page = await browser.newPage()
        await page.goto(server.url)
        await page.waitForFunction(() => 'bench' in globalThis)
        const pids = await rendererPids(browser)
        const result = await page.evaluate(([s, p]) => globalThis.bench(s, p), [size, pems])
        const peakMiB = Math.max(...pids.map(peakRssMiB))
        const { protect, open } = result
        console.log(
          `| ${label(size)} | ${protect.ms.toFixed(0)} ms | ${protect.longTask.toFixed(0)} ms | ${open.ms.toFixed(0)} ms | ${open.longTask.toFixed(0)} ms | ${peakMiB.toFixed(0)} MiB |`,
        )
      } catch (error) {
        console.log(
          `| ${label(size)} | fails: ${String(error).split('\n')[0].slice(0, 80)} | | | | |`,
        )
      } finally {
        await browser.close()
      }
    }
  } finally {
    await server.close()
  }
}

await main()
