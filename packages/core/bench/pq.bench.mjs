// pnpm bench: post-quantum signatures beside classical ones. signMessage and verifyMessage of a
// 10 KiB message (detached, chain of one CA issued with the same algorithm) with RSA-3072,
// P-256, ML-DSA-44/65/87 and SLH-DSA-SHA2-128f/128s. Each algorithm runs in a fresh process:
// "first" is the first call of that process after its keys were made (cold caches and JIT),
// "warm" the median after it. Loading @noble/post-quantum, which Siegel imports on first use,
// is timed on its own in fresh processes.
// BENCH_PQ_ALGORITHMS (comma-separated) picks algorithms.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { writeInputs } from './inputs.mjs'

const ALGORITHMS = (
  process.env.BENCH_PQ_ALGORITHMS ??
  'RSA-3072,P-256,ML-DSA-44,ML-DSA-65,ML-DSA-87,SLH-DSA-SHA2-128f,SLH-DSA-SHA2-128s'
).split(',')
const SIZE = 10 * 1024
// SLH-DSA "s" sets sign in seconds: fewer repeats keep the run short.
const REPEATS = (algorithm) => (algorithm.endsWith('s') && algorithm.startsWith('SLH') ? 3 : 30)

if (process.argv[2] === 'measure') {
  await measureOne(process.argv[3], process.argv[4])
} else {
  const { message } = writeInputs(SIZE)
  console.log('Post-quantum vs classical signatures: signMessage / verifyMessage of a 10 KiB mail')
  console.log('Cells: median warm time; (first call of a fresh process). Node', process.version)
  for (const module of ['ml-dsa', 'slh-dsa']) {
    const code = `const t = performance.now(); await import('@noble/post-quantum/${module}.js'); console.log(performance.now() - t)`
    const load = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('.', import.meta.url)),
    })
    console.log(`Loading @noble/post-quantum/${module}.js: ${Number(load.stdout).toFixed(1)} ms`)
  }
  console.log('\n| algorithm | sign | verify | signature bytes |')
  console.log('|---|---|---|---|')
  for (const algorithm of ALGORITHMS) {
    const run = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), 'measure', algorithm, message],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    )
    if (run.status !== 0) {
      console.log(`| ${algorithm} | fails: ${run.stderr.trim().split('\n').pop()} | | |`)
      continue
    }
    const r = JSON.parse(run.stdout.trim().split('\n').pop())
    const ms = (t) => `${t.toFixed(t < 10 ? 2 : 0)} ms`
    console.log(
      `| ${algorithm} | ${ms(r.sign)} (${ms(r.signFirst)}) | ${ms(r.verify)} (${ms(r.verifyFirst)}) | ${r.signatureBytes} |`,
    )
  }
}

async function measureOne(algorithm, messagePath) {
  const { signMessage, verifyMessage } = await import('@siegel/core')
  const { generateKeyPair, issueCertificate } = await import('@siegel/pki')
  const message = new Uint8Array(readFileSync(messagePath))
  const root = await generateKeyPair({ algorithm })
  const ca = await issueCertificate({
    profile: 'ca',
    subject: { commonName: `Bench ${algorithm} CA` },
    publicKeyInfo: root.publicKeyInfo,
    issuerKey: root.privateKey,
  })
  const pair = await generateKeyPair({ algorithm })
  const certificate = await issueCertificate({
    profile: 'smime',
    subject: { commonName: 'Alice' },
    emails: ['alice@example.org'],
    publicKeyInfo: pair.publicKeyInfo,
    issuerKey: root.privateKey,
    issuerCertificate: ca,
  })
  // A classical key signs as a non-extractable CryptoKey, as applications give it.
  const classical = algorithm.startsWith('RSA') || algorithm.startsWith('P-')
  const privateKey = classical
    ? await pair.privateKey.toCryptoKey({ usage: 'sign' })
    : pair.privateKey
  const signer = { certificate, privateKey }
  const options = { trustAnchors: [ca], bundledAnchors: false }
  const timed = async (fn) => {
    const start = performance.now()
    const value = await fn()
    return [performance.now() - start, value]
  }
  const [signFirst, signed] = await timed(() => signMessage(message, signer))
  const [verifyFirst, verdict] = await timed(() => verifyMessage(signed, options))
  if (verdict.status !== 'valid') throw new Error(`expected valid, got ${verdict.status}`)
  const signs = []
  const verifies = []
  for (let i = 0; i < REPEATS(algorithm); i++) {
    signs.push((await timed(() => signMessage(message, signer)))[0])
    verifies.push((await timed(() => verifyMessage(signed, options)))[0])
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const signatureBytes = {
    'ML-DSA-44': 2420,
    'ML-DSA-65': 3309,
    'ML-DSA-87': 4627,
    'SLH-DSA-SHA2-128f': 17088,
    'SLH-DSA-SHA2-128s': 7856,
    'RSA-3072': 384,
    'P-256': '70–72',
  }[algorithm]
  console.log(
    JSON.stringify({
      sign: median(signs),
      verify: median(verifies),
      signFirst,
      verifyFirst,
      signatureBytes,
    }),
  )
}
