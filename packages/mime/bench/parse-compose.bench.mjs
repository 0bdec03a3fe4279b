// pnpm bench: parses and composes 10 KiB to 100 MiB messages (text + large base64 attachment)
// with Siegel and, in the same run, parses the same bytes with postal-mime and mailparser.
// Throughput is the message size over the median time; peak memory is the RSS growth while
// one parse runs, measured in a fresh process per library and size.
import { execFileSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import PostalMime from 'postal-mime'
import mailparser from 'mailparser'
import { composeMessage, decodeBase64, encodeBase64, parseMessage } from '@siegel/mime'
import { makeMessage, messageSpec, randomBytes, SIZES } from './inputs.mjs'

const MiB = 1024 * 1024

/** Reads `content` of every part (decoding what parseMessage left for first access). */
function readAll(part) {
  void part.content
  for (const child of part.children) readAll(child)
  return part
}
const quick = process.argv.includes('--quick')
const sizes = quick ? SIZES.slice(0, 3) : SIZES
const parsers = {
  // Every part's content is read, so large attachments are decoded as the others decode them.
  Siegel: (bytes) => readAll(parseMessage(bytes)),
  'postal-mime': (bytes) => PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer' }),
  mailparser: (bytes) =>
    mailparser.simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)),
}

/**
 * Median milliseconds of one call of `fn`, after a warm-up, over `runs` samples. Small inputs
 * are timed in batches of `batch` calls per sample, so timer resolution and the forced GC
 * between samples do not dominate.
 */
async function time(fn, runs, batch = 1) {
  await fn()
  const times = []
  for (let i = 0; i < runs; i++) {
    globalThis.gc?.()
    const start = performance.now()
    for (let j = 0; j < batch; j++) await fn()
    times.push((performance.now() - start) / batch)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const runsFor = (size) => (size <= 16 * 1024 ? 30 : size <= MiB ? 20 : size <= 10 * MiB ? 5 : 3)
const batchFor = (size) => (size <= 16 * 1024 ? 50 : 1)
const dir = mkdtempSync(join(tmpdir(), 'siegel-mime-bench-'))
const peakScript = fileURLToPath(new URL('./peak-memory.mjs', import.meta.url))
const rows = []
let latency10k
try {
  for (const [label, size] of sizes) {
    const message = makeMessage(size)
    const runs = runsFor(size)
    const row = { label, bytes: message.length }
    for (const [name, parse] of Object.entries(parsers)) {
      const ms = await time(() => parse(message), runs, batchFor(size))
      row[name] = message.length / MiB / (ms / 1000)
      if (name === 'Siegel' && size <= 16 * 1024) latency10k = ms
    }
    const spec = messageSpec(size)
    const composeMs = await time(() => composeMessage(spec), runs, batchFor(size))
    row.compose = message.length / MiB / (composeMs / 1000)
    const file = join(dir, `${size}.eml`)
    writeFileSync(file, message)
    row.peak = {}
    for (const library of ['siegel', 'postal-mime', 'mailparser']) {
      const out = execFileSync(process.execPath, ['--expose-gc', peakScript, library, file], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      })
      row.peak[library] = JSON.parse(out).growth / message.length
    }
    rows.push(row)
    rmSync(file)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

// Other work on the machine lowers every figure alike; the ratios stay comparable.
console.log(
  `\n${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the end of the parse runs`,
)
const f = (n, digits = 0) => n.toFixed(digits).padStart(7)
console.log('\nParse throughput (MiB/s, median) and peak RSS growth (× message size)\n')
console.log(
  '| size    | Siegel  | postal-mime | mailparser | Siegel ÷ postal-mime | compose | peak Siegel | peak postal-mime | peak mailparser |',
)
console.log(
  '| ------- | ------- | ----------- | ---------- | -------------------- | ------- | ----------- | ---------------- | --------------- |',
)
for (const r of rows) {
  console.log(
    `| ${r.label.padEnd(7)} | ${f(r.Siegel)} | ${f(r['postal-mime']).padStart(11)} | ${f(r.mailparser).padStart(10)} | ${f(r.Siegel / r['postal-mime'], 1).padStart(19)}× | ${f(r.compose)} | ${f(r.peak.siegel, 2).padStart(10)}× | ${f(r.peak['postal-mime'], 2).padStart(15)}× | ${f(r.peak.mailparser, 2).padStart(14)}× |`,
  )
}
if (latency10k !== undefined)
  console.log(`\n10 KiB message: ${(latency10k * 1000).toFixed(0)} µs per parse (median)`)

// base64 on 32 MiB of random bytes: Siegel's TypeScript codec (Node 20 has no
// Uint8Array.fromBase64) against Node's native Buffer codec, for scale.
const data = randomBytes(32 * MiB, 7)
const folded = encodeBase64(data)
const enc = await time(() => encodeBase64(data), 5)
const dec = await time(() => decodeBase64(folded), 5)
const buffer = Buffer.from(data.buffer)
const nativeEnc = await time(() => buffer.toString('base64'), 5)
const foldedText = Buffer.from(folded.buffer, folded.byteOffset, folded.length).toString('latin1')
const nativeDec = await time(() => Buffer.from(foldedText, 'base64'), 5)
const rate = (ms) => ((32 / ms) * 1000).toFixed(0)
console.log('\nbase64, MiB/s of binary data (32 MiB)\n')
console.log('| codec                              | encode | decode |')
console.log('| ---------------------------------- | ------ | ------ |')
console.log(
  `| Siegel (TypeScript, 76-char lines) | ${rate(enc).padStart(6)} | ${rate(dec).padStart(6)} |`,
)
console.log(
  `| Node Buffer (native, one line)     | ${rate(nativeEnc).padStart(6)} | ${rate(nativeDec).padStart(6)} |`,
)
