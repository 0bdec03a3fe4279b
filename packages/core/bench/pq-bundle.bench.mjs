// pnpm bench: what post-quantum support costs an application's bundle. esbuild (tsup's) bundles
// small apps from the built packages with code splitting, as an application bundler would, and
// reports the gzip size of what loads at start (the entry and the chunks it imports statically)
// and of what loads only when an ML-DSA or SLH-DSA key or signature is met (dynamic imports).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const fromTsup = createRequire(createRequire(import.meta.url).resolve('tsup'))
const { build } = fromTsup('esbuild')
const dist = (pkg, file = 'index.js') =>
  fileURLToPath(new URL(`../../${pkg}/dist/${file}`, import.meta.url))

const APPS = {
  'verifyMessage only': "import { verifyMessage } from '@siegel/core'\nconsole.log(verifyMessage)",
  'signMessage + verifyMessage':
    "import { signMessage, verifyMessage } from '@siegel/core'\nconsole.log(signMessage, verifyMessage)",
}

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`

console.log('Bundle cost of post-quantum signatures (esbuild, ESM, splitting, minified, gzip -9)\n')
console.log('| app | loaded at start | loaded on first ML-DSA/SLH-DSA use |')
console.log('|---|---|---|')
for (const [name, code] of Object.entries(APPS)) {
  const dir = mkdtempSync(join(tmpdir(), 'siegel-bundle-'))
  writeFileSync(join(dir, 'entry.js'), code)
  await build({
    entryPoints: [join(dir, 'entry.js')],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    platform: 'browser',
    target: 'es2022',
    outdir: join(dir, 'out'),
    logLevel: 'error',
    alias: {
      '@siegel/pki/der': dist('pki', 'der.js'),
      '@siegel/pki': dist('pki'),
      '@siegel/core': dist('core'),
      '@siegel/mime': dist('mime'),
    },
  })
  const out = join(dir, 'out')
  const read = (file) => readFileSync(join(out, file))
  // The static closure of the entry: `import ... from "./x.js"`, not `import("./x.js")`.
  const initial = new Set()
  const queue = ['entry.js']
  while (queue.length > 0) {
    const file = queue.pop()
    if (initial.has(file)) continue
    initial.add(file)
    for (const m of read(file)
      .toString()
      .matchAll(/from\s*["']\.\/([^"']+)["']/g))
      queue.push(m[1])
  }
  // What the dynamic imports of the post-quantum code reach beyond the start (AES and ChaCha
  // are lazy too, for other reasons, and left out).
  const lazy = new Set()
  const pending = readdirSync(out)
    .filter((f) => f.endsWith('.js'))
    .flatMap((f) => [
      ...read(f)
        .toString()
        .matchAll(/import\(\s*["']\.\/([^"']+)["']\s*\)/g),
    ])
    .map((m) => m[1])
    .filter((f) => !/^(aes|chacha)-/.test(f))
  while (pending.length > 0) {
    const file = pending.pop()
    if (lazy.has(file) || initial.has(file)) continue
    lazy.add(file)
    for (const m of read(file)
      .toString()
      .matchAll(/from\s*["']\.\/([^"']+)["']/g))
      pending.push(m[1])
  }
  const concat = (list) => Buffer.concat(list.map(read))
  console.log(
    `| ${name} | ${kib(gzip(concat([...initial])))} (${initial.size} files) | ${kib(gzip(concat([...lazy])))} (${lazy.size} files) |`,
  )
}
