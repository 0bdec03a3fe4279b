// pnpm bench: small-message latency. Sign, verify, encrypt and decrypt of a 10 KiB mail in one
// warm process (as a mail gateway or a web app runs them), beside a lower bound: the same RSA,
// digest and AES operations done directly with crypto.subtle on keys imported beforehand, and
// no MIME or CMS at all. Then start-up: importing the packages and setting up a key and a
// certificate, beside importing the same key and certificate into WebCrypto directly.
// BENCH_SIZE (bytes, default 10 KiB), BENCH_RUNS (timed runs per side, default 300),
// BENCH_PROCESSES (processes per operation, default 5). Every figure comes from fresh processes
// (this file, started with `measure ...`); an operation's figures are the medians over its
// processes, with the range of the ratio, since processes differ more than runs do.
import { spawnSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PKI, writeInputs } from './inputs.mjs'

const SELF = fileURLToPath(import.meta.url)
const SIZE = Number(process.env.BENCH_SIZE ?? 10 * 1024)
const RUNS = Number(process.env.BENCH_RUNS ?? 300)
// Start-up is one sample per process: the median of this many processes.
const STARTS = Number(process.env.BENCH_STARTS ?? 15)
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 5)
const pem = (name) => readFileSync(join(PKI, name), 'utf8')
const der = (text) =>
  new Uint8Array(Buffer.from(text.replace(/-----[^-]+-----|\s+/g, ''), 'base64'))

const median = (times) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]

// A warm process has run an operation many times: a gateway runs for hours, and V8 optimises a
// function only after it has run often enough. Both sides get the same warm-up.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 500)
// Rounds alternate between Siegel and the lower bound, so that a busy machine or a change of
// clock speed slows both alike; each figure is the median of the per-run times of its side.
const ROUND = 10

async function timeRun(run) {
  const start = performance.now()
  await run()
  return performance.now() - start
}

/** Medians of `RUNS` runs of each side, taken in alternating rounds after a warm-up. */
async function timePaired(siegel, floor) {
  for (let i = 0; i < WARMUP; i++) {
    await siegel()
    await floor()
  }
  const times = { siegel: [], floor: [] }
  for (let done = 0; done < RUNS; done += ROUND)
    for (const [side, run] of [
      ['siegel', siegel],
      ['floor', floor],
    ])
      for (let i = 0; i < ROUND; i++) times[side].push(await timeRun(run))
  return { siegel: median(times.siegel), floor: median(times.floor) }
}

/** Siegel's four operations; inputs are made with Siegel itself before timing. */
async function siegelOps(message) {
  const core = await import('@siegel/core')
  const { Certificate, readPrivateKey } = await import('@siegel/pki')
  const certificate = Certificate.from(pem('alice.pem'))
  const privateKey = await readPrivateKey(pem('alice.key.pem'))
  const signer = {
    certificate,
    privateKey: await privateKey.toCryptoKey({ usage: 'sign' }),
    chain: [Certificate.from(pem('intermediate.pem'))],
  }
  const anchors = [Certificate.from(pem('root.pem'))]
  const encryptOptions = {
    contentEncryption: 'AES-256-CBC',
    rsaPadding: 'oaep-sha256',
    allowUntrusted: true,
  }
  const signed = await core.signMessage(message, signer)
  const encrypted = await core.encryptMessage(message, [certificate], encryptOptions)
  const identity = { certificate, privateKey }
  return {
    sign: () => core.signMessage(message, signer),
    verify: async () => {
      const result = await core.verifyMessage(signed, { trustAnchors: anchors })
      if (result.status !== 'valid') throw new Error(`expected valid, got ${result.status}`)
    },
    encrypt: () => core.encryptMessage(message, [certificate], encryptOptions),
    decrypt: () => core.decryptMessage(encrypted, identity),
  }
}

/**
 * The floor under each operation: its public-key operations and digests or AES over the same
 * bytes, on keys imported once. Verify checks three signatures, as Siegel does for the
 * signature and the path alice ← intermediate ← root.
 */
async function lowerBoundOps(message) {
  const subtle = globalThis.crypto.subtle
  const rsa = (name, usage) => ({ name, hash: 'SHA-256', usage })
  const importPrivate = ({ name, hash }, usage) =>
    subtle.importKey('pkcs8', der(pem('alice.key.pem')), { name, hash }, false, [usage])
  const spki = (certificate) => {
    // The SubjectPublicKeyInfo, found by Node's X509 reader to keep this file free of DER code.
    const key = new X509Certificate(certificate).publicKey
    return new Uint8Array(key.export({ type: 'spki', format: 'der' }))
  }
  const importPublic = ({ name, hash }, usage) =>
    subtle.importKey('spki', spki(pem('alice.pem')), { name, hash }, false, [usage])
  const signKey = await importPrivate(rsa('RSASSA-PKCS1-v1_5'), 'sign')
  const verifyKey = await importPublic(rsa('RSASSA-PKCS1-v1_5'), 'verify')
  const oaepPrivate = await importPrivate(rsa('RSA-OAEP'), 'decrypt')
  const oaepPublic = await importPublic(rsa('RSA-OAEP'), 'encrypt')
  const attributes = new Uint8Array(200)
  const signature = new Uint8Array(await subtle.sign('RSASSA-PKCS1-v1_5', signKey, attributes))
  const iv = crypto.getRandomValues(new Uint8Array(16))
  const cek = crypto.getRandomValues(new Uint8Array(32))
  const aes = await subtle.importKey('raw', cek, 'AES-CBC', false, ['encrypt'])
  const ciphertext = await subtle.encrypt({ name: 'AES-CBC', iv }, aes, message)
  const wrapped = await subtle.encrypt('RSA-OAEP', oaepPublic, cek)
  return {
    sign: async () => {
      await subtle.digest('SHA-256', message)
      await subtle.digest('SHA-256', attributes)
      await subtle.sign('RSASSA-PKCS1-v1_5', signKey, attributes)
    },
    verify: async () => {
      await subtle.digest('SHA-256', message)
      for (let i = 0; i < 3; i++) {
        await subtle.digest('SHA-256', attributes)
        await subtle.verify('RSASSA-PKCS1-v1_5', verifyKey, signature, attributes)
      }
    },
    encrypt: async () => {
      const key = crypto.getRandomValues(new Uint8Array(32))
      const aesKey = await subtle.importKey('raw', key, 'AES-CBC', false, ['encrypt'])
      await subtle.encrypt({ name: 'AES-CBC', iv }, aesKey, message)
      await subtle.encrypt('RSA-OAEP', oaepPublic, key)
    },
    decrypt: async () => {
      const key = new Uint8Array(await subtle.decrypt('RSA-OAEP', oaepPrivate, wrapped))
      const aesKey = await subtle.importKey('raw', key, 'AES-CBC', false, ['decrypt'])
      await subtle.decrypt({ name: 'AES-CBC', iv }, aesKey, ciphertext)
    },
  }
}

/** Start-up in this fresh process: import, read a key and a certificate, ready to use. */
async function startup(impl) {
  const start = performance.now()
  if (impl === 'siegel') {
    await import('@siegel/core')
    const { Certificate, readPrivateKey } = await import('@siegel/pki')
    const key = await readPrivateKey(pem('alice.key.pem'))
    await key.toCryptoKey({ usage: 'sign' })
    Certificate.from(pem('alice.pem'))
  } else {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
    await crypto.subtle.importKey('pkcs8', der(pem('alice.key.pem')), algorithm, false, ['sign'])
    der(pem('alice.pem'))
  }
  return performance.now() - start
}

async function measureOne(impl, op, inputPath) {
  if (op === 'startup') return console.log(JSON.stringify({ ms: await startup(impl) }))
  const message = new Uint8Array(readFileSync(inputPath))
  const [siegel, floor] = [await siegelOps(message), await lowerBoundOps(message)]
  console.log(JSON.stringify(await timePaired(siegel[op], floor[op])))
}

function measure(impl, op, input) {
  const run = spawnSync(process.execPath, [SELF, 'measure', impl, op, input ?? ''], {
    encoding: 'utf8',
  })
  if (run.status !== 0) throw new Error(`${impl} ${op}: ${run.stderr.trim().split('\n')[0]}`)
  return JSON.parse(run.stdout.trim().split('\n').pop())
}

function main() {
  const { message } = writeInputs(SIZE)
  console.log(
    `Latency at ${SIZE / 1024} KiB in one warm process: Siegel vs the WebCrypto operations it needs, on pre-imported keys`,
  )
  console.log(
    `RSA-2048; AES-256-CBC and RSA-OAEP SHA-256 for encryption. Median of ${RUNS} runs per side after ${WARMUP} warm-up runs, the sides alternating in rounds of ${ROUND}.\n`,
  )
  console.log(`Medians over ${PROCESSES} processes per operation; the ratio's range in brackets.\n`)
  console.log('| operation | Siegel | lower bound | Siegel/lower bound |')
  console.log('|---|---|---|---|')
  for (const op of ['sign', 'verify', 'encrypt', 'decrypt']) {
    const runs = Array.from({ length: PROCESSES }, () => measure('paired', op, message))
    const ratios = runs.map((r) => r.siegel / r.floor).sort((a, b) => a - b)
    const siegel = median(runs.map((r) => r.siegel))
    const floor = median(runs.map((r) => r.floor))
    const range = `${ratios[0].toFixed(2)}–${ratios[ratios.length - 1].toFixed(2)}`
    console.log(
      `| ${op} | ${siegel.toFixed(3)} ms | ${floor.toFixed(3)} ms | ${median(ratios).toFixed(2)}× (${range}) |`,
    )
  }
  // Interleaved, so that a busy machine slows both alike.
  const starts = { siegel: [], webcrypto: [] }
  for (let i = 0; i < STARTS; i++)
    for (const impl of ['siegel', 'webcrypto']) starts[impl].push(measure(impl, 'startup').ms)
  const [s, w] = [median(starts.siegel), median(starts.webcrypto)]
  console.log(
    `| start-up (import + key and certificate) | ${s.toFixed(1)} ms | ${w.toFixed(1)} ms | ${(s / w).toFixed(2)}× |`,
  )
}

if (process.argv[2] === 'measure') await measureOne(...process.argv.slice(3))
else main()
