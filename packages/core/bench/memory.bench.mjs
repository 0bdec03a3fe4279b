// pnpm bench: peak memory of the buffer API at 100 MiB (or BENCH_SIZES), one fresh process per
// operation, beside `openssl cms` (S/MIME in and out, /usr/bin/time's maximum resident set) on
// the same input. Siegel's figure is the growth of the process's peak resident set (maxRSS)
// over its resident set after the input was read and garbage was collected: what the operation
// itself needs. The ratio divides it by the message size; the goal is at most 2×.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PKI, writeInputs } from './inputs.mjs'
import { label, measureInChild } from './report.mjs'

const SELF = fileURLToPath(import.meta.url)
const pki = (name) => join(PKI, name)

/** One operation in this process: prints {"ms", "growthMiB"}. */
async function measureOne(op, inputPath, outputPath) {
  const core = await import('@siegel/core')
  const { Certificate, importPrivateKey } = await import('@siegel/pki')
  const pem = (name) => readFileSync(pki(name), 'utf8')
  const me = await core.loadIdentity({
    certificate: pem('alice.pem'),
    privateKey: pem('alice.key.pem'),
    chain: [pem('intermediate.pem')],
  })
  const root = Certificate.from(pem('root.pem'))
  const signer = { ...me, privateKey: await importPrivateKey(pem('alice.key.pem')) }
  const trust = { trustAnchors: [root], intermediates: me.chain }
  let input = readFileSync(inputPath)
  input = new Uint8Array(input.buffer, input.byteOffset, input.length)
  const encrypt = (cipher) => () =>
    core.encryptMessage(input, [me.certificate], { contentEncryption: cipher, ...trust })
  const run = {
    'encrypt-cbc': encrypt('AES-256-CBC'),
    'encrypt-gcm': encrypt('AES-256-GCM'),
    decrypt: async () => (await core.decryptMessage(input, me)).content,
    sign: () => core.signMessage(input, signer),
    'sign-opaque': () => core.signMessage(input, signer, { form: 'opaque' }),
    verify: async () => {
      const result = await core.verifyMessage(input, trust)
      if (result.status !== 'valid') throw new Error(`verify: ${result.status}`)
    },
    protect: () =>
      core.protectMessage(input, { signWith: me, encryptFor: [me.certificate], ...trust }),
    open: async () => {
      const result = await core.openMessage(input, { identities: [me], ...trust })
      const signed = result.layers.find((l) => l.kind === 'signed')
      if (signed?.verification.status !== 'valid') throw new Error('open: not validly signed')
      return result.message.raw
    },
  }[op]
  globalThis.gc?.()
  const base = process.memoryUsage().rss
  const start = performance.now()
  const output = await run()
  const ms = performance.now() - start
  const growthMiB = Math.max(0, process.resourceUsage().maxRSS * 1024 - base) / 2 ** 20
  if (outputPath && output instanceof Uint8Array) writeFileSync(outputPath, output)
  console.log(JSON.stringify({ ms, growthMiB }))
}

const siegel = (op, input, output) => measureInChild(SELF, [op, input, ...(output ? [output] : [])])

/** `openssl ...args` under /usr/bin/time: wall time and peak resident set of the process. */
function openssl(args) {
  if (!existsSync('/usr/bin/time')) return { error: 'no /usr/bin/time' }
  const start = performance.now()
  const run = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', 'openssl', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const ms = performance.now() - start
  const kib = /maxrss=(\d+)/.exec(run.stderr)
  if (run.status !== 0 || !kib) return { error: run.stderr.split('\n')[0].slice(0, 60) }
  return { ms, peakMiB: Number(kib[1]) / 1024 }
}

const ratioOf = (mib, size) => `${((mib * 2 ** 20) / size).toFixed(2)}×`
const siegelCell = (r, size) =>
  r.error
    ? `fails: ${r.error} | |`
    : `${r.ms.toFixed(0)} ms | +${r.growthMiB.toFixed(0)} MiB (${ratioOf(r.growthMiB, size)})`
const opensslCell = (r, size) =>
  r.error
    ? `${r.error} | |`
    : `${r.ms.toFixed(0)} ms | ${r.peakMiB.toFixed(0)} MiB (${ratioOf(r.peakMiB, size)})`

function main() {
  const sizes = (process.env.BENCH_SIZES ?? String(100 * 2 ** 20)).split(',').map(Number)
  console.log('Buffer API memory: one process per operation; Siegel: peak RSS growth over the')
  console.log('input; OpenSSL (cms, S/MIME in and out): peak RSS of the whole process.')
  console.log('RSA-2048 (alice), AES-256. Ratio: ÷ message size; the goal is ≤ 2× for Siegel.\n')
  console.log(
    '| size | operation | Siegel time | Siegel peak growth | OpenSSL time | OpenSSL peak RSS |',
  )
  console.log('|---|---|---|---|---|---|')
  const signer = ['-signer', pki('alice.pem'), '-inkey', pki('alice.key.pem')]
  const recip = ['-recip', pki('alice.pem'), '-inkey', pki('alice.key.pem')]
  const verifyArgs = ['-noverify']
  for (const size of sizes) {
    const paths = writeInputs(size)
    const message = paths.message
    const size0 = statSync(message).size
    const out = (name) => join(paths.dir, name)
    const o = (name) => ['-out', out(name)]
    const rows = [
      [
        'encrypt CBC',
        siegel('encrypt-cbc', message, out('cbc.eml')),
        openssl([
          'cms',
          '-encrypt',
          '-binary',
          '-aes-256-cbc',
          '-in',
          message,
          ...o('ossl-cbc.eml'),
          pki('alice.pem'),
        ]),
      ],
      [
        'encrypt GCM',
        siegel('encrypt-gcm', message, out('gcm.eml')),
        openssl([
          'cms',
          '-encrypt',
          '-binary',
          '-aes-256-gcm',
          '-in',
          message,
          ...o('ossl-gcm.eml'),
          pki('alice.pem'),
        ]),
      ],
      [
        'decrypt CBC',
        siegel('decrypt', out('cbc.eml')),
        openssl([
          'cms',
          '-decrypt',
          '-binary',
          '-in',
          out('ossl-cbc.eml'),
          ...recip,
          ...o('plain'),
        ]),
      ],
      [
        'decrypt GCM',
        siegel('decrypt', out('gcm.eml')),
        openssl([
          'cms',
          '-decrypt',
          '-binary',
          '-in',
          out('ossl-gcm.eml'),
          ...recip,
          ...o('plain'),
        ]),
      ],
      [
        'sign (detached)',
        siegel('sign', message, out('signed.eml')),
        openssl(['cms', '-sign', '-binary', '-in', message, ...signer, ...o('ossl-signed.eml')]),
      ],
      [
        'verify (detached)',
        siegel('verify', out('signed.eml')),
        openssl([
          'cms',
          '-verify',
          '-binary',
          '-in',
          out('ossl-signed.eml'),
          ...verifyArgs,
          ...o('plain'),
        ]),
      ],
      [
        'sign (opaque)',
        siegel('sign-opaque', message, out('opaque.eml')),
        openssl(['cms', '-sign', '-binary', '-nodetach', '-in', message, ...signer, ...o('o.eml')]),
      ],
      [
        'verify (opaque)',
        siegel('verify', out('opaque.eml')),
        openssl(['cms', '-verify', '-binary', '-in', out('o.eml'), ...verifyArgs, ...o('plain')]),
      ],
      ['protectMessage', siegel('protect', message, out('protected.eml')), { error: '–' }],
      ['openMessage', siegel('open', out('protected.eml')), { error: '–' }],
    ]
    for (const [op, s, ossl] of rows)
      console.log(
        `| ${label(size)} | ${op} | ${siegelCell(s, size0)} | ${opensslCell(ossl, size0)} |`,
      )
  }
}

if (process.argv[2] === 'measure') await measureOne(...process.argv.slice(3))
else main()
