// `pnpm fuzz`: seeded mutation fuzzing of the public functions that read untrusted bytes, run
// against the built packages (`pnpm fuzz` builds first). Every input runs in a worker thread
// with a watchdog (a hang) and a heap limit (a blow-up); any error that is not the package's
// typed error with a declared code is a failure. Failing inputs are written to the findings
// folder with the command that reproduces them. See docs/development.md.
//
//   node scripts/fuzz.mjs [--seconds 60] [--seed 1] [--target parseMessage,verifyMessage]
//                         [--iterations N] [--timeout-ms 2000] [--heap-mb 512]
//                         [--findings fuzz/findings] [--reproduce FILE --target NAME]
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { clearTimeout, setTimeout } from 'node:timers'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { createRng, mutate } from '../fuzz/mutate.mjs'
import { loadSeeds, TARGETS } from '../fuzz/targets.mjs'

// Seeds and builds are named relative to the repository root, wherever it is run from; paths
// given as options relative to where it was started.
const startedIn = process.cwd()
process.chdir(fileURLToPath(new URL('..', import.meta.url)))
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    target: { type: 'string' },
    iterations: { type: 'string' },
    'timeout-ms': { type: 'string', default: '2000' },
    'heap-mb': { type: 'string', default: '512' },
    findings: { type: 'string' },
    reproduce: { type: 'string' },
  },
})
const number = (name, value) => {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} expects a positive number, got ${value}`)
  return n
}
const findingsDir = args.findings ? resolve(startedIn, args.findings) : 'fuzz/findings'
const seconds = number('seconds', args.seconds)
const seed = number('seed', args.seed) >>> 0
const timeoutMs = number('timeout-ms', args['timeout-ms'])
const heapMb = number('heap-mb', args['heap-mb'])
const iterations = args.iterations === undefined ? Infinity : number('iterations', args.iterations)
const targets = args.target ? args.target.split(',') : Object.keys(TARGETS)
for (const t of targets)
  if (!TARGETS[t]) throw new Error(`unknown target ${t}; one of ${Object.keys(TARGETS).join(', ')}`)
for (const pkg of ['mime', 'pki', 'core'])
  if (!existsSync(`packages/${pkg}/dist/index.js`))
    throw new Error('no build: run `pnpm run build` first (or `pnpm fuzz`)')
// Inputs that keep a corpus entry because they ended in a way not seen before; bounded so
// that the corpus stays a mutation source, not a memory sink.
const MAX_CORPUS = 400
// Known findings in code owned elsewhere: reported, not counted as failures (with reasons).
const known = JSON.parse(readFileSync('fuzz/known-findings.json', 'utf8'))

/** A worker for one target, restarted after a hang or a heap blow-up. */
class Runner {
  constructor(target) {
    this.target = target
  }

  async start() {
    this.worker = new Worker(new URL('../fuzz/worker.mjs', import.meta.url), {
      workerData: { target: this.target },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    })
    this.pending = undefined
    this.worker.on('message', (m) => (m.ready ? this.ready?.() : this.pending?.(m)))
    const fail = (kind, detail) =>
      this.pending?.({ outcome: kind, code: kind, message: detail, dead: true })
    this.worker.on('error', (e) =>
      fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'heap' : 'crash', String(e.message)),
    )
    this.worker.on('exit', (c) => fail('crash', `worker exited with ${c}`))
    await new Promise((resolve, reject) => {
      this.ready = resolve
      this.worker.once('error', reject)
    })
  }

  run(input) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined
        resolve({
          outcome: 'hang',
          code: 'hang',
          message: `no answer within ${timeoutMs} ms`,
          dead: true,
        })
      }, timeoutMs)
      this.pending = (m) => {
        clearTimeout(timer)
        this.pending = undefined
        resolve(m)
      }
      this.worker.postMessage({ id: 0, input })
    })
  }

  async restart() {
    this.pending = undefined
    this.worker.removeAllListeners()
    this.worker.on('error', () => {}) // the old worker's last words are not news
    await this.worker.terminate()
    await this.start()
  }

  stop() {
    this.worker.removeAllListeners()
    return this.worker.terminate()
  }
}

const failed = (r) => ['untyped', 'hang', 'heap', 'crash'].includes(r.outcome)
// A heap still this full after an input (of the worker's limit) is a blow-up that did not
// quite reach the limit.
const HEAP_ALARM = 0.75
/** The worker's answer, with a heap past the alarm level turned into a `heap` outcome. */
const withHeapCheck = (r) =>
  r.heapBytes > heapMb * HEAP_ALARM * 2 ** 20
    ? {
        ...r,
        outcome: 'heap',
        code: 'heap',
        message: `heap at ${Math.round(r.heapBytes / 2 ** 20)} MiB after this input`,
      }
    : r
const signature = (target, r) => {
  const frame = (r.stack ?? '').split('\n').find((l) => l.includes('/packages/')) ?? ''
  return `${target} ${r.outcome} ${r.code} ${frame.replace(/^.*\/packages\//, '').replace(/\)$/, '')}`
}
const knownReason = (target, r) =>
  known.find(
    (k) =>
      k.target === target &&
      k.outcome === r.outcome &&
      new RegExp(k.match).test(`${r.code} ${r.message} ${r.stack ?? ''}`),
  )?.reason

async function reproduce(file) {
  if (targets.length !== 1) throw new Error('--reproduce needs exactly one --target')
  const runner = new Runner(targets[0])
  await runner.start()
  const started = performance.now()
  const r = withHeapCheck(await runner.run(new Uint8Array(readFileSync(file))))
  console.log(
    `${targets[0]} on ${file}: ${r.outcome} ${r.code} after ${Math.round(performance.now() - started)} ms`,
  )
  if (r.message && r.outcome !== 'ok') console.log(r.message)
  if (r.stack && r.outcome === 'untyped') console.log(r.stack)
  await runner.stop()
  return failed(r) ? 1 : 0
}

async function fuzz(target, budgetMs) {
  const seeds = loadSeeds(target)
  if (seeds.length === 0) throw new Error(`no seeds for ${target}`)
  const corpus = [...seeds]
  const rng = createRng(
    seed ^ [...target].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261),
  )
  const runner = new Runner(target)
  await runner.start()
  const seen = new Set()
  const outcomes = new Map()
  const findings = new Map()
  // --iterations makes the run the same on every machine; otherwise time bounds it.
  const deadline = Number.isFinite(iterations) ? Infinity : performance.now() + budgetMs
  let count = 0
  while (count < iterations && performance.now() < deadline) {
    const input =
      count < seeds.length
        ? seeds[count]
        : mutate(rng.pick(corpus), corpus, TARGETS[target].kind, rng)
    count++
    const r = withHeapCheck(await runner.run(input))
    outcomes.set(r.code, (outcomes.get(r.code) ?? 0) + 1)
    if (r.dead) await runner.restart()
    if (failed(r)) {
      const key = signature(target, r)
      if (!findings.has(key)) findings.set(key, record(target, input, r, count))
    } else if (!seen.has(r.code) && corpus.length < MAX_CORPUS) {
      seen.add(r.code)
      corpus.push(input)
    }
  }
  await runner.stop()
  const top = [...outcomes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([c, n]) => `${c} ${n}`)
  console.log(`${target}: ${count} inputs (${seeds.length} seeds) · ${top.join(' · ')}`)
  return [...findings.values()]
}

function record(target, input, r, iteration) {
  const hash = createHash('sha256').update(input).digest('hex').slice(0, 12)
  const file = join(findingsDir, `${target}-${r.outcome}-${hash}.bin`)
  mkdirSync(findingsDir, { recursive: true })
  writeFileSync(file, input)
  const reason = knownReason(target, r)
  const finding = {
    target,
    outcome: r.outcome,
    code: r.code,
    message: r.message,
    file,
    iteration,
    known: reason,
  }
  writeFileSync(
    file.replace(/\.bin$/, '.txt'),
    `${JSON.stringify(finding, null, 2)}\n${r.stack ?? ''}\n`,
  )
  console.log(`  ${reason ? 'known' : 'FINDING'} ${target} ${r.outcome} ${r.code}: ${r.message}`)
  if (reason) console.log(`    (${reason})`)
  console.log(`    reproduce: node scripts/fuzz.mjs --target ${target} --reproduce ${file}`)
  return finding
}

if (args.reproduce) process.exit(await reproduce(resolve(startedIn, args.reproduce)))
const all = []
console.log(
  `fuzz: seed ${seed}, ${seconds} s over ${targets.length} targets, watchdog ${timeoutMs} ms, heap ${heapMb} MiB`,
)
for (const target of targets) all.push(...(await fuzz(target, (seconds * 1000) / targets.length)))
const fresh = all.filter((f) => !f.known)
console.log(
  `fuzz: ${fresh.length} new findings, ${all.length - fresh.length} known${all.length ? ` (inputs in ${findingsDir}/)` : ''}`,
)
process.exit(fresh.length === 0 ? 0 : 1)
