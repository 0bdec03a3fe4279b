// pnpm bench: pq-kem.bench.mjs in headless Chromium, on the main thread of a page: encrypting
// and decrypting a 10 KiB mail to an ML-KEM-768 recipient (KEMRecipientInfo, RFC 9629/9936)
// beside RSA-3072 (RSA-OAEP SHA-256) and P-256 (ECDH), AES-256-GCM. Every key type runs in a
// fresh browser, so the first call (which for ML-KEM loads the post-quantum chunk) is cold.
// BENCH_SIZE (bytes, default 10 KiB), BENCH_RUNS (timed runs per figure, default 100).
import { chromium } from 'playwright'
import { chromiumPath } from '../../../scripts/chromium-path.mjs'
import { pageConfig, vite } from './browser-page.mjs'

const SIZE = Number(process.env.BENCH_SIZE ?? 10 * 1024)
const RUNS = Number(process.env.BENCH_RUNS ?? 100)
const KEYS = ['RSA-3072', 'P-256', 'ML-KEM-768']

const PAGE = `
import { decryptMessage, encryptMessage } from '@siegel/core'
import { decapsulateKey, encapsulateKey, generateKeyPair, issueCertificate } from '@siegel/pki'
const median = (t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]
async function warm(run, runs) {
  for (let i = 0; i < 10; i++) await run()
  const times = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  return median(times)
}
async function first(run) {
  const start = performance.now()
  await run()
  return performance.now() - start
}
window.bench = async (algorithm, size, runs) => {
  const ca = await generateKeyPair({ algorithm: 'P-256' })
  const root = await issueCertificate({ profile: 'ca', subject: { commonName: 'Bench CA' },
    publicKeyInfo: ca.publicKeyInfo, issuerKey: ca.privateKey })
  const pair = await generateKeyPair({ algorithm })
  const certificate = await issueCertificate({ profile: 'smime',
    subject: { commonName: 'Bench recipient' }, emails: ['bench@example.org'],
    publicKeyInfo: pair.publicKeyInfo, issuerKey: ca.privateKey, issuerCertificate: root })
  const line = 'x'.repeat(76) + '\\r\\n'
  const body = line.repeat(Math.ceil(size / line.length)).slice(0, size)
  const message = 'Subject: bench\\r\\nContent-Type: text/plain\\r\\n\\r\\n' + body
  const options = { contentEncryption: 'AES-256-GCM', rsaPadding: 'oaep-sha256', trustAnchors: [root] }
  const identity = { certificate, privateKey: pair.privateKey }
  const encrypt = () => encryptMessage(message, [certificate], options)
  const firstEncryptMs = await first(encrypt)
  const encrypted = await encrypt()
  const firstDecryptMs = await first(() => decryptMessage(encrypted, identity))
  const figures = { firstEncryptMs, firstDecryptMs, encryptMs: await warm(encrypt, runs),
    decryptMs: await warm(() => decryptMessage(encrypted, identity), runs),
    messageBytes: encrypted.length }
  if (algorithm.startsWith('ML-KEM')) {
    const { ciphertext } = await encapsulateKey(pair.publicKeyInfo)
    figures.encapsulateMs = await warm(() => encapsulateKey(pair.publicKeyInfo), runs)
    figures.decapsulateMs = await warm(() => decapsulateKey(pair.privateKey, ciphertext), runs)
  }
  return figures
}
`

async function main() {
  const config = pageConfig(PAGE, 'siegel-bench-pq-')
  await vite.build(config)
  const server = await vite.preview({ ...config, preview: { port: 0, host: '127.0.0.1' } })
  const ms = (v) => (v === undefined ? '–' : `${v.toFixed(v < 10 ? 2 : 1)} ms`)
  console.log(
    `Encrypt/decrypt of a ${SIZE / 1024} KiB mail in Chromium, AES-256-GCM, one recipient (median of ${RUNS} warm runs)`,
  )
  console.log(
    '| recipient key | encrypt | decrypt | first encrypt | first decrypt | message | KEM encaps / decaps |',
  )
  console.log('|---|---|---|---|---|---|---|')
  let failed = false
  try {
    for (const algorithm of KEYS) {
      const browser = await chromium.launch({
        executablePath: chromiumPath() ?? undefined,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      })
      try {
        const page = await browser.newPage()
        await page.goto(server.resolvedUrls.local[0])
        await page.waitForFunction(() => 'bench' in globalThis)
        const r = await page.evaluate(
          ([a, s, n]) => globalThis.bench(a, s, n),
          [algorithm, SIZE, RUNS],
        )
        const kem =
          r.encapsulateMs === undefined ? '–' : `${ms(r.encapsulateMs)} / ${ms(r.decapsulateMs)}`
        console.log(
          `| ${algorithm} | ${ms(r.encryptMs)} | ${ms(r.decryptMs)} | ${ms(r.firstEncryptMs)} | ${ms(r.firstDecryptMs)} | ${r.messageBytes} B | ${kem} |`,
        )
      } catch (error) {
        failed = true
        console.log(`| ${algorithm} | fails: ${String(error).split('\n')[0].slice(0, 80)} |`)
      } finally {
        await browser.close()
      }
    }
  } finally {
    await server.close()
  }
  if (failed) process.exitCode = 1
}

await main()
