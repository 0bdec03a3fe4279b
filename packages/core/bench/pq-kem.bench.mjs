// pnpm bench: encrypting and decrypting a 10 KiB mail to one recipient whose certificate holds an
// ML-KEM-768 key (KEMRecipientInfo, RFC 9629/9936), beside RSA-3072 (RSA-OAEP SHA-256) and
// P-256 (ECDH, RFC 5753), all with AES-256-GCM. Each key type runs in a fresh process: the first
// call (which for ML-KEM loads the post-quantum code) is reported apart from the warm median.
// Also the bare KEM operations, and the size of the envelope.
// BENCH_SIZE (bytes, default 10 KiB), BENCH_RUNS (timed runs per figure, default 100).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const SELF = fileURLToPath(import.meta.url)
const SIZE = Number(process.env.BENCH_SIZE ?? 10 * 1024)
const RUNS = Number(process.env.BENCH_RUNS ?? 100)
const KEYS = ['RSA-3072', 'P-256', 'ML-KEM-768']

const median = (times) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]

async function timeWarm(run) {
  for (let i = 0; i < 10; i++) await run()
  const times = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  return median(times)
}

async function timeFirst(run) {
  const start = performance.now()
  await run()
  return performance.now() - start
}

/** One key type in this process: prints the figures as JSON. */
async function measure(algorithm) {
  const { decryptMessage, encryptMessage } = await import('@siegel/core')
  const { decapsulateKey, encapsulateKey, generateKeyPair, issueCertificate } =
    await import('@siegel/pki')
  const ca = await generateKeyPair({ algorithm: 'P-256' })
  const root = await issueCertificate({
    profile: 'ca',
    subject: { commonName: 'Bench CA' },
    publicKeyInfo: ca.publicKeyInfo,
    issuerKey: ca.privateKey,
  })
  // Generating the ML-KEM key is the only ML-KEM work before the first timed call.
  const pair = await generateKeyPair({ algorithm })
  const certificate = await issueCertificate({
    profile: 'smime',
    subject: { commonName: 'Bench recipient' },
    emails: ['bench@example.org'],
    publicKeyInfo: pair.publicKeyInfo,
    issuerKey: ca.privateKey,
    issuerCertificate: root,
  })
  const text = 'x'.repeat(76) + '\r\n'
  const body = text.repeat(Math.ceil(SIZE / text.length)).slice(0, SIZE)
  const message = `Subject: bench\r\nContent-Type: text/plain\r\n\r\n${body}`
  const options = {
    contentEncryption: 'AES-256-GCM',
    rsaPadding: 'oaep-sha256',
    trustAnchors: [root],
  }
  const identity = { certificate, privateKey: pair.privateKey }
  const encrypt = () => encryptMessage(message, [certificate], options)
  const firstEncryptMs = await timeFirst(encrypt)
  const encrypted = await encrypt()
  const firstDecryptMs = await timeFirst(() => decryptMessage(encrypted, identity))
  const figures = {
    firstEncryptMs,
    firstDecryptMs,
    encryptMs: await timeWarm(encrypt),
    decryptMs: await timeWarm(() => decryptMessage(encrypted, identity)),
    messageBytes: encrypted.length,
  }
  if (algorithm.startsWith('ML-KEM')) {
    const { ciphertext } = await encapsulateKey(pair.publicKeyInfo)
    figures.encapsulateMs = await timeWarm(() => encapsulateKey(pair.publicKeyInfo))
    figures.decapsulateMs = await timeWarm(() => decapsulateKey(pair.privateKey, ciphertext))
  }
  console.log(JSON.stringify(figures))
}

function main() {
  const rows = []
  for (const algorithm of KEYS) {
    const run = spawnSync(process.execPath, [SELF, 'measure', algorithm], { encoding: 'utf8' })
    if (run.status !== 0) {
      rows.push({ algorithm, error: run.stderr.split('\n').find((l) => /Error/.test(l)) })
      continue
    }
    rows.push({ algorithm, ...JSON.parse(run.stdout.trim().split('\n').pop()) })
  }
  const ms = (v) => (v === undefined ? '–' : `${v.toFixed(v < 10 ? 2 : 1)} ms`)
  console.log(
    `Encrypt/decrypt of a ${SIZE / 1024} KiB mail, AES-256-GCM, one recipient (Node ${process.version}, median of ${RUNS} warm runs)`,
  )
  console.log(
    '| recipient key | encrypt | decrypt | first encrypt | first decrypt | message | KEM encaps / decaps |',
  )
  console.log('|---|---|---|---|---|---|---|')
  for (const r of rows) {
    if (r.error) {
      console.log(`| ${r.algorithm} | fails: ${r.error} |`)
      continue
    }
    const kem =
      r.encapsulateMs === undefined ? '–' : `${ms(r.encapsulateMs)} / ${ms(r.decapsulateMs)}`
    console.log(
      `| ${r.algorithm} | ${ms(r.encryptMs)} | ${ms(r.decryptMs)} | ${ms(r.firstEncryptMs)} | ${ms(r.firstDecryptMs)} | ${r.messageBytes} B | ${kem} |`,
    )
  }
  if (rows.some((r) => r.error)) process.exitCode = 1
}

if (process.argv[2] === 'measure') await measure(process.argv[3])
else main()
