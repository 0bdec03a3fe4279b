// pnpm bench: where the post-quantum code ends up in an application bundle. Vite (Rollup) builds
// three small apps against the built packages: one that only verifies, one that encrypts and
// decrypts, and one that imports ML-KEM's `encapsulateKey`. For each: the gzip size of what the
// page loads at start (the entry chunk and its static imports) and of the chunks loaded on
// demand, and which of them hold @noble/post-quantum. ML-KEM must never be in the start-up code.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { pageConfig, vite } from './browser-page.mjs'

const APPS = {
  'verifyMessage only': `import { verifyMessage } from '@siegel/core'\nwindow.x = verifyMessage`,
  'encryptMessage + decryptMessage': `import { decryptMessage, encryptMessage } from '@siegel/core'\nwindow.x = [encryptMessage, decryptMessage]`,
  'encapsulateKey (pki)': `import { encapsulateKey } from '@siegel/pki'\nwindow.x = encapsulateKey`,
}

async function measure(code) {
  const config = pageConfig(code, 'siegel-bundle-')
  const outDir = config.build.outDir
  const result = await vite.build({
    ...config,
    build: { ...config.build, modulePreload: false },
  })
  const chunks = (Array.isArray(result) ? result[0] : result).output.filter(
    (o) => o.type === 'chunk',
  )
  const byName = new Map(chunks.map((c) => [c.fileName, c]))
  const entry = chunks.find((c) => c.isEntry)
  // What the page loads at start: the entry and, transitively, its static imports.
  const startup = new Set()
  const visit = (name) => {
    if (startup.has(name)) return
    startup.add(name)
    for (const next of byName.get(name)?.imports ?? []) visit(next)
  }
  visit(entry.fileName)
  const gz = (c) => gzipSync(readFileSync(join(outDir, c.fileName))).length
  const pq = (c) => Object.keys(c.modules).some((m) => m.includes('post-quantum'))
  let start = 0
  let lazy = 0
  let pqStart = false
  let pqLazy = 0
  for (const c of chunks) {
    if (startup.has(c.fileName)) {
      start += gz(c)
      pqStart ||= pq(c)
    } else {
      lazy += gz(c)
      if (pq(c)) pqLazy += gz(c)
    }
  }
  return { start, lazy, pqStart, pqLazy }
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
console.log('Bundle sizes (Vite/Rollup, gzip): start-up code, and chunks loaded on demand.\n')
console.log('| app | start-up | ML-KEM in start-up | on demand | of which ML-KEM |')
console.log('|---|---|---|---|---|')
let failed = false
for (const [name, code] of Object.entries(APPS)) {
  const r = await measure(code)
  if (r.pqStart) failed = true
  console.log(
    `| ${name} | ${kib(r.start)} | ${r.pqStart ? 'yes' : 'no'} | ${kib(r.lazy)} | ${kib(r.pqLazy)} |`,
  )
}
if (failed) {
  console.log(
    '\nML-KEM code is in the start-up bundle of an app: it must be loaded on first use only.',
  )
  process.exitCode = 1
}
