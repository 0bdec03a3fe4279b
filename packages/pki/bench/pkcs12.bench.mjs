// pnpm bench: readPkcs12 against `openssl pkcs12` on the same files, made here by OpenSSL from
// the test key at several iteration counts. Almost all the time is key derivation: the legacy
// files run the PKCS#12 KDF of RFC 7292 appendix B (Siegel's own, in JavaScript, on the
// compression function of @noble/hashes), the modern ones PBKDF2 (WebCrypto, native in Node).
// Per file: the MAC, the certificate safe and the shrouded key, each a derivation of `-iter`
// iterations per output block (legacy: 1 + 2 + 3 chains; modern: 1 + 1 + 1).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readPkcs12 } from '@siegel/pki'

const FIXTURES = fileURLToPath(new URL('../test/fixtures/openssl/', import.meta.url))
const PASSWORD = 'geheim'
const ITERATIONS = (process.env.BENCH_ITERATIONS ?? '2048,100000,1000000').split(',').map(Number)
const KINDS = {
  'legacy (RC2-40 + 3DES, SHA-1 MAC)': { args: ['-legacy'], read: ['-legacy'] },
  'Windows 3DES (SHA-1 MAC)': {
    args: ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
    read: [],
  },
  'modern (AES-256, PBKDF2-SHA-256)': { args: [], read: [] },
}
const dir = mkdtempSync(join(tmpdir(), 'siegel-pkcs12-bench-'))

function openssl(args) {
  const run = spawnSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  if (run.status !== 0)
    throw new Error(`openssl ${args[0]}: ${run.stderr.toString().split('\n')[0]}`)
}

/** Median milliseconds of `run` over `repeats` runs (one run for the slow files). */
async function median(run, repeats) {
  const times = []
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const ms = (t) => `${t.toFixed(t < 10 ? 1 : 0)} ms`
const rows = []
try {
  for (const iterations of ITERATIONS) {
    for (const [kind, { args, read }] of Object.entries(KINDS)) {
      const file = join(dir, `${iterations}-${rows.length}.p12`)
      openssl([
        'pkcs12',
        '-export',
        ...['-inkey', join(FIXTURES, 'full.key.pem'), '-in', join(FIXTURES, 'full.pem')],
        ...['-passout', `pass:${PASSWORD}`, '-iter', String(iterations), '-out', file],
        ...args,
      ])
      const bytes = new Uint8Array(readFileSync(file))
      const repeats = iterations >= 1_000_000 ? 1 : iterations >= 100_000 ? 3 : 15
      await readPkcs12(bytes, PASSWORD) // warm-up, and it must read
      const siegel = await median(() => readPkcs12(bytes, PASSWORD), repeats)
      const ssl = await median(
        () =>
          openssl([
            'pkcs12',
            ...['-in', file, '-passin', `pass:${PASSWORD}`, '-nodes', '-out', '/dev/null'],
            ...read,
          ]),
        repeats,
      )
      rows.push({
        file: kind,
        '-iter': iterations.toLocaleString('en'),
        readPkcs12: ms(siegel),
        'openssl pkcs12': ms(ssl),
        ratio: `${(siegel / ssl).toFixed(2)}×`,
      })
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log(`readPkcs12 against openssl pkcs12 (process start included), Node ${process.version}`)
console.table(rows)
