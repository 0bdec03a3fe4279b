// pnpm bench: a timing test of decryptRsaPkcs1v15 in the manner of the Marvin attack
// (https://people.redhat.com/~hkario/marvin/): ciphertexts whose RSA plaintext is well padded,
// badly padded, or badly padded with many leading zero bytes are decrypted in a random
// interleaved order (blocks of one per class, shuffled), and the mean times of the classes are
// compared with Welch's t-test (and a paired t over the blocks, which cancels drifting load).
// |t| < 4.5 is the usual threshold (dudect, Reparaz et al. 2017) for "no difference shown".
//
// MARVIN_TRIALS trials per runtime (default 20000, so that `pnpm bench` stays short; the
// README's figures are from MARVIN_TRIALS=100000, minutes of CPU per runtime: about 10 in Node,
// 6 in Chromium on a busy two-core machine); MARVIN_RUNTIMES (default "node,chromium").
// Runs against the built package (packages/pki/dist, `pnpm run build`), or the build in the
// directory MARVIN_PKI_DIST, e.g. an older one to compare with (inside packages/pki, so that
// Node finds its dependencies).
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, extname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromiumPath } from '../../../scripts/chromium-path.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const PKG = resolve(HERE, '..')
const DIST = resolve(process.env.MARVIN_PKI_DIST ?? join(PKG, 'dist'))
const TRIALS = Number(process.env.MARVIN_TRIALS ?? 20_000)
const RUNTIMES = (process.env.MARVIN_RUNTIMES ?? 'node,chromium').split(',')
const WARMUP = 500
// Distinct ciphertexts per class: enough that no single value dominates a class.
const POOL = 64
const KEY_PEM = readFileSync(join(PKG, 'test/fixtures/openssl/full.key.pem'), 'utf8')
const CLASSES = ['valid padding', 'no separator', '8 leading zero bytes']

// The public key, as WebCrypto exports it.
async function publicKey() {
  const der = Buffer.from(KEY_PEM.replace(/-----[^-]+-----|\s/g, ''), 'base64')
  const params = { name: 'RSA-OAEP', hash: 'SHA-256' }
  const key = await crypto.subtle.importKey('pkcs8', der, params, true, ['decrypt'])
  const jwk = await crypto.subtle.exportKey('jwk', key)
  const big = (b64) => BigInt(`0x${Buffer.from(b64, 'base64url').toString('hex')}`)
  return { n: big(jwk.n), e: big(jwk.e), k: Buffer.from(jwk.n, 'base64url').length }
}

function pow(base, exponent, modulus) {
  let result = 1n
  for (let b = base % modulus, e = exponent; e > 0n; e >>= 1n, b = (b * b) % modulus)
    if (e & 1n) result = (result * b) % modulus
  return result
}

const nonZero = (length) => crypto.getRandomValues(new Uint8Array(length)).map((b) => b || 1)

/** Encoded messages (RFC 8017 §7.2.1 EM) of each class, then RSA-encrypted. */
async function pools() {
  const { n, e, k } = await publicKey()
  const encoded = [
    () =>
      new Uint8Array([0, 2, ...nonZero(k - 35), 0, ...crypto.getRandomValues(new Uint8Array(32))]),
    () => new Uint8Array([0, 2, ...nonZero(k - 2)]),
    () => new Uint8Array([...new Uint8Array(8), ...crypto.getRandomValues(new Uint8Array(k - 8))]),
  ]
  return encoded.map((make) =>
    Array.from({ length: POOL }, () => {
      const c = pow(BigInt(`0x${Buffer.from(make()).toString('hex')}`), e, n)
      return Uint8Array.from(Buffer.from(c.toString(16).padStart(2 * k, '0'), 'hex'))
    }),
  )
}

function stats(values) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)
  return { n: values.length, mean, variance }
}

function median(values) {
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.floor(sorted.length / 2)]
}

function welch(a, b) {
  return (a.mean - b.mean) / Math.sqrt(a.variance / a.n + b.variance / b.n)
}

/**
 * Paired t: the mean of (time of class c − time of the valid class) within each block, over its
 * standard error. Load that drifts during the run cancels out of each difference.
 */
function paired(classes, times, c, blockSize) {
  const differences = []
  for (let b = 0; b + blockSize <= times.length; b += blockSize) {
    let valid = 0
    let other = 0
    for (let i = b; i < b + blockSize; i++) {
      if (classes[i] === 0) valid = times[i]
      if (classes[i] === c) other = times[i]
    }
    differences.push(other - valid)
  }
  const { n, mean, variance } = stats(differences)
  return mean / Math.sqrt(variance / n)
}

/** Means and t against the valid class, on all times and on those below the 99th percentile. */
function report(runtime, { classes, times }) {
  const sorted = Float64Array.from(times).sort()
  const cut = sorted[Math.floor(sorted.length * 0.99)]
  const byClass = (keep) =>
    CLASSES.map((_, c) => stats(Array.from(times).filter((t, i) => classes[i] === c && keep(t))))
  const all = byClass(() => true)
  const cropped = byClass((t) => t <= cut)
  console.log(`\n${runtime}: ${times.length} trials, 2048-bit key, ms per decryption`)
  console.table(
    CLASSES.map((label, c) => ({
      class: label,
      trials: all[c].n,
      'mean ms': all[c].mean.toFixed(4),
      'median ms': median(Array.from(times).filter((_, i) => classes[i] === c)).toFixed(4),
      't vs valid': c === 0 ? '' : welch(all[c], all[0]).toFixed(2),
      'mean ms (≤ p99)': cropped[c].mean.toFixed(4),
      't vs valid (≤ p99)': c === 0 ? '' : welch(cropped[c], cropped[0]).toFixed(2),
      'paired t': c === 0 ? '' : paired(classes, times, c, CLASSES.length).toFixed(2),
    })),
  )
  const worst = Math.max(
    ...[1, 2].flatMap((c) =>
      [
        welch(all[c], all[0]),
        welch(cropped[c], cropped[0]),
        paired(classes, times, c, CLASSES.length),
      ].map(Math.abs),
    ),
  )
  console.log('t: Welch, over all times and below the 99th percentile; paired: within blocks')
  console.log(`max |t| = ${worst.toFixed(2)}: ${worst < 4.5 ? 'no' : 'a'} timing difference shown`)
}

async function inNode(input) {
  const { runTrials } = await import('./marvin-trials.mjs')
  const pki = await import(pathToFileURL(join(DIST, 'index.js')).href)
  return runTrials({ ...input, pki })
}

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html' }
const ROUTES = [
  ['/pki/', DIST],
  ['/noble/', resolve(PKG, 'node_modules/@noble/hashes')],
  ['/bench/', HERE],
]
const PAGE = `<!doctype html><script type="importmap">${JSON.stringify({
  imports: { '@siegel/pki': '/pki/index.js', '@noble/hashes/': '/noble/' },
})}</script>`

/** The same loop in Chromium: a page on localhost (WebCrypto needs a secure context). */
async function inChromium(input) {
  const { chromium } = await import('playwright')
  const server = createServer((request, response) => {
    // Cross-origin isolation gives performance.now() its fine resolution (5 µs, not 100 µs).
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp')
    const url = new URL(request.url, 'http://localhost')
    if (url.pathname === '/') return response.end(PAGE)
    const route = ROUTES.find(([prefix]) => url.pathname.startsWith(prefix))
    const file = route && join(route[1], url.pathname.slice(route[0].length))
    if (!file || !file.startsWith(route[1])) return response.writeHead(404).end()
    try {
      response.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream')
      response.end(readFileSync(file))
    } catch {
      response.writeHead(404).end()
    }
  })
  await new Promise((done) => server.listen(0, '127.0.0.1', done))
  const browser = await chromium.launch({
    executablePath: chromiumPath() ?? undefined,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  })
  try {
    const page = await browser.newPage()
    await page.goto(`http://localhost:${server.address().port}/`)
    const result = await page.evaluate(
      async ({ keyPem, pools, trials, warmup }) => {
        const { runTrials } = await import('/bench/marvin-trials.mjs')
        const out = await runTrials({
          pki: await import('@siegel/pki'),
          keyPem,
          pools: pools.map((pool) => pool.map((c) => Uint8Array.from(c))),
          trials,
          warmup,
        })
        return {
          classes: Array.from(out.classes),
          times: Array.from(out.times),
          isolated: globalThis.crossOriginIsolated,
        }
      },
      { ...input, pools: input.pools.map((pool) => pool.map((c) => Array.from(c))) },
    )
    if (!result.isolated) console.log('(page not cross-origin isolated: coarse timer)')
    return { classes: result.classes, times: result.times, version: browser.version() }
  } finally {
    await browser.close()
    server.close()
  }
}

const input = { keyPem: KEY_PEM, pools: await pools(), trials: TRIALS, warmup: WARMUP }
console.log(`RSAES-PKCS1-v1_5 decryption timing (Marvin), package ${DIST}`)
for (const runtime of RUNTIMES) {
  if (runtime === 'node') report(`Node ${process.version}`, await inNode(input))
  else if (runtime === 'chromium') {
    const result = await inChromium(input)
    report(`Chromium ${result.version}`, result)
  } else throw new Error(`unknown runtime ${runtime}: expected node or chromium`)
}
