// pnpm bench: S/MIME sign and verify, Siegel against `openssl cms -binary` and pkijs used
// directly, on the same inputs in one run. Sizes: BENCH_SIZES (bytes, comma-separated) or
// 10 KiB, 1 MiB, 10 MiB, 100 MiB. Every figure comes from a fresh process.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PKI, writeInputs } from './inputs.mjs'
import { cell, label, openssl, ratio } from './report.mjs'

const SIZES = (
  process.env.BENCH_SIZES ?? `${10 * 1024},${2 ** 20},${10 * 2 ** 20},${100 * 2 ** 20}`
)
  .split(',')
  .map(Number)
const MEASURE = fileURLToPath(new URL('./measure.mjs', import.meta.url))
const pki = (name) => join(PKI, name)

function measure(impl, op, input, output) {
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', MEASURE, impl, op, input, ...(output ? [output] : [])],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  )
  if (run.status !== 0)
    return {
      error: (
        run.stderr
          .trim()
          .split('\n')
          .find((l) => /Error/.test(l)) ?? 'failed'
      ).slice(0, 60),
    }
  return JSON.parse(run.stdout.trim().split('\n').pop())
}

console.log(
  'Siegel vs OpenSSL (openssl cms -binary, whole process) vs pkijs (CMS only, no MIME), RSA-2048, SHA-256',
)
console.log('Cells: median time (peak memory growth). Ratio: Siegel / OpenSSL.\n')
console.log('| size | operation | Siegel | OpenSSL | pkijs | Siegel/OpenSSL |')
console.log('|---|---|---|---|---|---|')
for (const size of SIZES) {
  const paths = writeInputs(size)
  const repeats = size < 2 ** 20 ? 15 : 3
  const out = (name) => join(paths.dir, name)
  const signer = [
    '-signer',
    pki('alice.pem'),
    '-inkey',
    pki('alice.key.pem'),
    '-certfile',
    pki('intermediate.pem'),
  ]
  const rows = []
  for (const form of ['detached', 'opaque']) {
    const siegel = measure('siegel', `sign-${form}`, paths.message, out(`siegel-${form}.eml`))
    const ossl = openssl(
      [
        'cms',
        '-sign',
        '-binary',
        '-in',
        paths.entity,
        ...signer,
        ...(form === 'opaque' ? ['-nodetach'] : []),
        '-outform',
        'SMIME',
        '-out',
        out(`openssl-${form}.eml`),
      ],
      repeats,
    )
    const pk = measure('pkijs', `sign-${form}`, paths.entity, out(`pkijs-${form}.der`))
    rows.push([`sign ${form}`, siegel, ossl, pk])
  }
  // pkijs verify inputs: length-prefixed content followed by the DER (length 0 when attached).
  const entity = readFileSync(paths.entity)
  for (const form of ['detached', 'opaque']) {
    try {
      const der = readFileSync(out(`pkijs-${form}.der`))
      const prefix = Buffer.alloc(4)
      prefix.writeUInt32BE(form === 'detached' ? entity.length : 0)
      writeFileSync(
        out(`pkijs-${form}.in`),
        Buffer.concat(form === 'detached' ? [prefix, entity, der] : [prefix, der]),
      )
    } catch {
      writeFileSync(out(`pkijs-${form}.in`), Buffer.alloc(0)) // pkijs could not sign this size
    }
  }
  for (const form of ['detached', 'opaque']) {
    const siegel = measure('siegel', `verify-${form}`, out(`siegel-${form}.eml`))
    // OpenSSL verifies its own output: with -binary its multipart reader expects its own LF
    // framing and keeps a CR of CRLF-framed messages (without -binary it verifies Siegel's).
    const ossl = openssl(
      [
        'cms',
        '-verify',
        '-binary',
        '-in',
        out(`openssl-${form}.eml`),
        '-CAfile',
        pki('root.pem'),
        '-out',
        '/dev/null',
      ],
      repeats,
    )
    const pk = measure('pkijs', `verify-${form}`, out(`pkijs-${form}.in`))
    rows.push([`verify ${form}`, siegel, ossl, pk])
  }
  for (const [op, siegel, ossl, pk] of rows) {
    console.log(
      `| ${label(size)} | ${op} | ${cell(siegel)} | ${cell(ossl)} | ${cell(pk)} | ${ratio(siegel, ossl)} |`,
    )
  }
}
