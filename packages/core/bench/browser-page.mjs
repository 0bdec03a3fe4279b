// What the browser benchmarks share: a page built with Vite from the packages' dist files and
// served on localhost (WebCrypto needs a secure context), headless Chromium, and the peak
// resident memory of its renderer processes (Linux /proc).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright'
import { chromiumPath } from '../../../scripts/chromium-path.mjs'
import { PKI } from './inputs.mjs'

// Vite comes with the examples workspace (the browser app builds with it), not with this package.
const fromExamples = createRequire(new URL('../../../examples/package.json', import.meta.url))
/** Vite's `build` and `preview`. */
export const vite = await import(pathToFileURL(fromExamples.resolve('vite')).href)

const dist = (pkg, file = 'index.js') =>
  fileURLToPath(new URL(`../../${pkg}/dist/${file}`, import.meta.url))

/** A Vite config for a page whose module `main.js` is `code`, in a new temporary folder. */
export function pageConfig(code, prefix) {
  const root = mkdtempSync(join(tmpdir(), prefix))
  writeFileSync(join(root, 'index.html'), '<script type="module" src="./main.js"></script>')
  writeFileSync(join(root, 'main.js'), code)
  return {
    root,
    logLevel: 'silent',
    resolve: {
      alias: [
        { find: /^@siegel\/core$/, replacement: dist('core') },
        { find: /^@siegel\/mime$/, replacement: dist('mime') },
        { find: /^@siegel\/pki$/, replacement: dist('pki') },
        { find: /^@siegel\/pki\/der$/, replacement: dist('pki', 'der.js') },
      ],
    },
    build: { outDir: join(root, 'dist'), target: 'es2022' },
  }
}

/** Builds `mainJs` (a module importing `@siegel/*`) into a page and serves it; `url`, `close`. */
export async function servePage(prefix, mainJs) {
  const config = pageConfig(mainJs, prefix)
  await vite.build(config)
  const server = await vite.preview({ ...config, preview: { port: 0, host: '127.0.0.1' } })
  return { url: server.resolvedUrls.local[0], close: () => server.close() }
}

/** A fresh headless Chromium (Debian's), without background traffic. */
export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath() ?? undefined,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** The process ids of the browser's renderers. */
export async function rendererPids(browser) {
  const cdp = await browser.newBrowserCDPSession()
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo')
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id)
}

/** A memory figure of a process from /proc/<pid>/status (Linux), in MiB; 0 where unknown. */
function statusMiB(pid, field) {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    )
    return match ? Number(match[1]) / 1024 : 0
  } catch {
    return 0
  }
}

/** Peak resident memory of a process, in MiB. */
export const peakRssMiB = (pid) => statusMiB(pid, 'VmHWM')

/** Current resident memory of a process, in MiB. */
export const rssMiB = (pid) => statusMiB(pid, 'VmRSS')

/** The test PKI's signer (alice) as PEM, for the page. */
export function alicePems() {
  const pem = (name) => readFileSync(join(PKI, name), 'utf8')
  return {
    cert: pem('alice.pem'),
    key: pem('alice.key.pem'),
    ca: pem('intermediate.pem'),
    root: pem('root.pem'),
  }
}
