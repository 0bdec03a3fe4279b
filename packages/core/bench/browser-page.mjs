// What the browser benchmarks share: a page built by Vite from the packages' dist (as an
// application would bundle them), served on localhost (WebCrypto needs a secure context), and
// a headless Chromium to open it in.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright'
import { chromiumPath } from '../../../scripts/chromium-path.mjs'

// Vite comes with the examples workspace (the browser app builds with it), not with this package.
const fromExamples = createRequire(new URL('../../../examples/package.json', import.meta.url))
const { build, preview } = await import(pathToFileURL(fromExamples.resolve('vite')).href)

const dist = (pkg, file = 'index.js') =>
  fileURLToPath(new URL(`../../${pkg}/dist/${file}`, import.meta.url))

/** Builds `mainJs` (a module importing `@siegel/*`) into a page and serves it; `url`, `close`. */
export async function servePage(prefix, mainJs) {
  const root = mkdtempSync(join(tmpdir(), prefix))
  writeFileSync(join(root, 'index.html'), '<script type="module" src="./main.js"></script>')
  writeFileSync(join(root, 'main.js'), mainJs)
  const config = {
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
  await build(config)
  const server = await preview({ ...config, preview: { port: 0, host: '127.0.0.1' } })
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
