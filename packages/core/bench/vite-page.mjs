// What the browser benchmarks share: Vite (from the examples workspace, where the browser app
// builds with it), and a page that imports the built packages by name.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

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
