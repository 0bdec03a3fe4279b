// pnpm bench: pq.bench.mjs in headless Chromium. signMessage and verifyMessage of a 10 KiB mail
// with RSA-3072, P-256, ML-DSA-44/65/87 and SLH-DSA-SHA2-128f, keys and certificates made in the
// page; "first" is the first call after the keys were made (cold caches and JIT; making the keys
// already loaded the lazily imported @noble/post-quantum chunk), "warm" the median of 20 more.
// BENCH_PQ_ALGORITHMS (comma-separated) picks algorithms.
import { launchChromium, servePage } from './browser-page.mjs'

const ALGORITHMS = (
  process.env.BENCH_PQ_ALGORITHMS ??
  'RSA-3072,P-256,ML-DSA-44,ML-DSA-65,ML-DSA-87,SLH-DSA-SHA2-128f'
).split(',')

const PAGE = `
import { signMessage, verifyMessage } from '@siegel/core'
import { generateKeyPair, issueCertificate } from '@siegel/pki'
const text = 'x'.repeat(76) + '\\r\\n'
const mail = 'From: alice@example.org\\r\\nTo: bob@example.org\\r\\nSubject: bench\\r\\n' +
  'Content-Type: text/plain\\r\\n\\r\\n' + text.repeat(Math.ceil(10240 / text.length))
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]
window.bench = async (algorithm) => {
  const root = await generateKeyPair({ algorithm })
  const ca = await issueCertificate({ profile: 'ca', subject: { commonName: 'CA' },
    publicKeyInfo: root.publicKeyInfo, issuerKey: root.privateKey })
  const pair = await generateKeyPair({ algorithm })
  const certificate = await issueCertificate({ profile: 'smime', subject: { commonName: 'Alice' },
    emails: ['alice@example.org'], publicKeyInfo: pair.publicKeyInfo, issuerKey: root.privateKey,
    issuerCertificate: ca })
  const classical = algorithm.startsWith('RSA') || algorithm.startsWith('P-')
  const privateKey = classical ? await pair.privateKey.toCryptoKey({ usage: 'sign' }) : pair.privateKey
  const signer = { certificate, privateKey }
  const options = { trustAnchors: [ca], bundledAnchors: false }
  let start = performance.now()
  const signed = await signMessage(mail, signer)
  const signFirst = performance.now() - start
  start = performance.now()
  const verdict = await verifyMessage(signed, options)
  const verifyFirst = performance.now() - start
  if (verdict.status !== 'valid') throw new Error('expected valid, got ' + verdict.status)
  const signs = []
  const verifies = []
  for (let i = 0; i < 20; i++) {
    start = performance.now()
    await signMessage(mail, signer)
    signs.push(performance.now() - start)
    start = performance.now()
    await verifyMessage(signed, options)
    verifies.push(performance.now() - start)
  }
  return { sign: median(signs), verify: median(verifies), signFirst, verifyFirst }
}
`

const server = await servePage('siegel-bench-pq-browser-', PAGE)
const ms = (t) => `${t.toFixed(t < 10 ? 2 : 0)} ms`
console.log('Post-quantum vs classical signatures in Chromium: signMessage / verifyMessage, 10 KiB')
console.log('Cells: median warm time; (first call after the keys were made).\n')
console.log('| algorithm | sign | verify |')
console.log('|---|---|---|')
try {
  for (const algorithm of ALGORITHMS) {
    // A fresh browser per algorithm, so that "first" includes loading its code.
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      await page.goto(server.url)
      await page.waitForFunction(() => 'bench' in globalThis)
      const r = await page.evaluate((a) => globalThis.bench(a), algorithm)
      console.log(
        `| ${algorithm} | ${ms(r.sign)} (${ms(r.signFirst)}) | ${ms(r.verify)} (${ms(r.verifyFirst)}) |`,
      )
    } catch (error) {
      console.log(`| ${algorithm} | fails: ${String(error).split('\n')[0].slice(0, 80)} | |`)
    } finally {
      await browser.close()
    }
  }
} finally {
  await server.close()
}
