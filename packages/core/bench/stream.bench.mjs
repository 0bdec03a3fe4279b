/* global ReadableStream */
// pnpm bench: the streaming API (encryptStream, decryptStream, signStream, verifyStream) at
// 100 MiB and 1 GiB, file to file and in memory, beside the buffer API at 100 MiB (with its
// files, and in memory) and `openssl cms -stream` on the same input, in one run. Inputs are generated on the fly into a scratch directory (a mail with a
// base64 attachment of random bytes) and deleted afterwards. Sizes: BENCH_STREAM_SIZES (bytes,
// comma-separated) or 100 MiB and 1 GiB. Every Siegel figure comes from a fresh process (this
// file, started with `measure ...`); OpenSSL's peak memory is read with /usr/bin/time.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { PKI, SCRATCH } from './inputs.mjs'
import { label } from './report.mjs'

const SELF = fileURLToPath(import.meta.url)
const pki = (name) => join(PKI, name)
const MiB = 2 ** 20

const HEADERS =
  'From: alice@example.org\r\nTo: office@example.de\r\nSubject: Streaming benchmark\r\n' +
  'Date: Fri, 27 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n'
const ENTITY_HEAD =
  'Content-Type: multipart/mixed; boundary="bench-boundary"\r\n\r\n' +
  '--bench-boundary\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee the attachment.\r\n' +
  '--bench-boundary\r\nContent-Type: application/octet-stream; name="data.bin"\r\n' +
  'Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="data.bin"\r\n\r\n'
const ENTITY_TAIL = '\r\n--bench-boundary--\r\n'

/** Writes message.eml and entity.txt of about `size` bytes, 4 MiB at a time (never whole). */
function writeInputs(size) {
  const dir = join(SCRATCH, `stream-${size}`)
  mkdirSync(dir, { recursive: true })
  const paths = { message: join(dir, 'message.eml'), entity: join(dir, 'entity.txt'), dir }
  const message = openSync(paths.message, 'w')
  const entity = openSync(paths.entity, 'w')
  const both = (text) => {
    writeSync(message, text)
    writeSync(entity, text)
  }
  writeSync(message, HEADERS)
  both(ENTITY_HEAD)
  // 78 bytes of base64 line per 57 random bytes (RFC 2045 §6.8).
  const lines = Math.floor((size - 600) / 78)
  for (let done = 0; done < lines;) {
    const n = Math.min(lines - done, 53000)
    both(
      randomBytes(57 * n)
        .toString('base64')
        .replace(/.{76}/g, '$&\r\n'),
    )
    done += n
  }
  both(ENTITY_TAIL)
  closeSync(message)
  closeSync(entity)
  return paths
}

/** One measurement in this process: prints {"ms", "growthMiB"} (peak RSS growth). */
async function measureOne(op, inputPath, outputPath) {
  const core = await import('@siegel/core')
  const { Certificate, importPrivateKey, readPrivateKey } = await import('@siegel/pki')
  const pem = (name) => readFileSync(pki(name), 'utf8')
  const recipient = Certificate.from(pem('alice.pem'))
  const identity = {
    certificate: pem('alice.pem'),
    privateKey: await readPrivateKey(pem('alice.key.pem')),
  }
  const signer = {
    certificate: pem('alice.pem'),
    privateKey: await importPrivateKey(pem('alice.key.pem')),
    chain: [pem('intermediate.pem')],
  }
  const anchors = [Certificate.from(pem('root.pem'))]
  const encryptOptions = (c) => ({
    contentEncryption: c,
    rsaPadding: 'oaep-sha256',
    allowUntrusted: true,
  })
  // "memory <op>" is the streaming API over the input already in memory (64 KiB views, as a
  // browser's File.stream() gives), its output counted and dropped: the like-for-like comparison
  // with the buffer API in memory. Otherwise the file is read 1 MiB at a time, as the streaming
  // guide advises.
  const inMemory = op.startsWith('memory ')
  const held = inMemory ? readFileSync(inputPath) : undefined
  const input = () => (held ? viewsOf(held, 64 * 1024) : fileStream(inputPath))
  // Written as it comes, synchronously: what the library holds is what is measured, not a
  // writer's queue (Writable.toWeb counts chunks, not bytes, against its high-water mark).
  const toFile = async (stream) => {
    if (inMemory) return drain(stream)
    const fd = openSync(outputPath, 'w')
    for await (const chunk of stream) writeSync(fd, chunk)
    closeSync(fd)
  }
  const drain = async (stream) => {
    for await (const chunk of stream) void chunk
  }
  const bytes = () => new Uint8Array(readFileSync(inputPath))
  const OPS = {
    'stream encrypt-cbc': async () =>
      toFile(await core.encryptStream(input(), [recipient], encryptOptions('AES-256-CBC'))),
    'stream encrypt-gcm': async () =>
      toFile(await core.encryptStream(input(), [recipient], encryptOptions('AES-256-GCM'))),
    'stream decrypt-cbc': async () => drain((await core.decryptStream(input(), identity)).content),
    'stream decrypt-gcm': async () =>
      drain((await core.decryptStream(input(), identity, { releaseUnverified: true })).content),
    'stream sign-detached': async () => toFile(await core.signStream(input(), signer)),
    'stream verify-detached': async () => {
      const result = await core.verifyStream(input(), { trustAnchors: anchors })
      if (result.status !== 'valid') throw new Error(`verify: ${result.status}`)
    },
    'buffer encrypt-cbc': async (data) =>
      core.encryptMessage(data, [recipient], encryptOptions('AES-256-CBC')),
    'buffer encrypt-gcm': async (data) =>
      core.encryptMessage(data, [recipient], encryptOptions('AES-256-GCM')),
    'buffer decrypt-cbc': async (data) => (await core.decryptMessage(data, identity)).content,
    'buffer decrypt-gcm': async (data) => (await core.decryptMessage(data, identity)).content,
    'buffer sign-detached': async (data) => core.signMessage(data, signer),
    'buffer verify-detached': async (data) => {
      const result = await core.verifyMessage(data, { trustAnchors: anchors })
      if (result.status !== 'valid') throw new Error(`verify: ${result.status}`)
    },
  }
  // "buffer+io <op>" is the buffer API reading its input file and writing its output file inside
  // the clock, as the streaming API does: the like-for-like comparison.
  const withFiles = op.startsWith('buffer+io ')
  const key = inMemory
    ? op.replace('memory ', 'stream ')
    : withFiles
      ? op.replace('buffer+io ', 'buffer ')
      : op
  const run = OPS[key]
  if (!run) throw new Error(`unknown ${op}`)
  // The buffer API is given its input in memory (read before the clock starts, as in the other
  // benchmarks); the streaming API reads its input file and writes its output file as it goes.
  const data = op.startsWith('buffer ') ? bytes() : undefined
  // An output left by an earlier run goes first: truncating a large file is no part of the work.
  if (outputPath) rmSync(outputPath, { force: true })
  const save = (output) => {
    if (outputPath && output instanceof Uint8Array) writeFileSync(outputPath, output)
  }
  globalThis.gc?.()
  const base = process.memoryUsage().rss
  const start = performance.now()
  const output = await run(withFiles ? bytes() : data)
  if (withFiles) save(output)
  const ms = performance.now() - start
  const growthMiB = Math.max(0, process.resourceUsage().maxRSS * 1024 - base) / MiB
  if (!withFiles) save(output)
  console.log(JSON.stringify({ ms, growthMiB }))
}

const fileStream = (path) => Readable.toWeb(createReadStream(path, { highWaterMark: 1024 * 1024 }))

/** `bytes` as a stream of views of `size` bytes, not copied. */
function viewsOf(bytes, size) {
  let at = 0
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close()
      controller.enqueue(bytes.subarray(at, Math.min(bytes.length, at + size)))
      at += size
    },
  })
}

// Runs per Siegel figure: the median time and the largest memory growth of these.
const RUNS = Number(process.env.BENCH_STREAM_RUNS ?? 3)

/** Flushes what earlier runs wrote, so that the disk's catching up slows no later run. */
const flushDisk = () => spawnSync('sync')

function measure(op, input, output) {
  const results = []
  for (let i = 0; i < RUNS; i++) {
    flushDisk()
    const args = ['--expose-gc', SELF, 'measure', op, input, ...(output ? [output] : [])]
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })
    if (run.status !== 0) {
      const line = run.stderr.split('\n').find((l) => /Error/.test(l)) ?? 'failed'
      return { error: line.trim().slice(0, 70) }
    }
    results.push(JSON.parse(run.stdout.trim().split('\n').pop()))
  }
  const times = results.map((r) => r.ms).sort((a, b) => a - b)
  return {
    ms: times[Math.floor(times.length / 2)],
    growthMiB: Math.max(...results.map((r) => r.growthMiB)),
  }
}

/** `openssl ...args` under /usr/bin/time: wall time and peak RSS of the whole process. */
function openssl(args) {
  flushDisk()
  const start = performance.now()
  const run = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', 'openssl', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const ms = performance.now() - start
  const stderr = run.stderr.toString()
  if (run.status !== 0) return { error: stderr.split('\n')[0].slice(0, 70) }
  const kib = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? NaN)
  return { ms, peakMiB: kib / 1024 }
}

const mibs = (size, r) => (r.ms ? (size / MiB / (r.ms / 1000)).toFixed(0) : '–')
const cell = (size, r) =>
  r.error
    ? `fails: ${r.error}`
    : `${(r.ms / 1000).toFixed(2)} s, ${mibs(size, r)} MiB/s, ${r.growthMiB !== undefined ? `+${r.growthMiB.toFixed(0)} MiB` : `peak ${r.peakMiB.toFixed(0)} MiB`}`

function main() {
  const sizes = (process.env.BENCH_STREAM_SIZES ?? `${100 * MiB},${1024 * MiB}`)
    .split(',')
    .map(Number)
  const reference = Math.min(...sizes)
  console.log(
    'Streaming API vs buffer API (at the smallest size) vs openssl cms -stream, whole process.',
  )
  console.log(
    'RSA-2048, RSA-OAEP SHA-256 / RSA PKCS #1 v1.5 signature. Cells: time, throughput, memory',
  )
  console.log(
    '(Siegel: peak RSS growth over the process at start; OpenSSL: peak RSS of the process).',
  )
  console.log(
    '"files": input read from its file and output written to a file inside the clock (streaming',
  )
  console.log(
    'reads 1 MiB at a time); "in memory": input in memory before the clock, output kept (buffer',
  )
  console.log(
    'API) or counted and dropped (streaming). "ratio" = streaming throughput / buffer-API',
  )
  console.log(
    `throughput at the reference size, like for like. Siegel: median time and largest growth of ${RUNS} runs.\n`,
  )
  console.log(
    '| size | operation | streaming, files | buffer API, files | ratio | streaming, in memory | buffer API, in memory | ratio | openssl cms -stream, files |',
  )
  console.log('|---|---|---|---|---|---|---|---|---|')
  const buffer = {}
  const withFiles = {}
  // The buffer API at the reference size, in memory and with its files.
  const measureBuffer = (key, input, output) => {
    buffer[key] = measure(`buffer ${key}`, input, output)
    withFiles[key] = measure(`buffer+io ${key}`, input, output)
  }
  for (const size of sizes) {
    const paths = writeInputs(size)
    const out = (name) => join(paths.dir, name)
    const recip = ['-recip', pki('alice.pem')]
    const key = ['-inkey', pki('alice.key.pem')]
    const oaep = ['-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256']
    const rows = []
    for (const mode of ['cbc', 'gcm']) {
      const encrypted = out(`stream-${mode}.eml`)
      const enc = measure(`stream encrypt-${mode}`, paths.message, encrypted)
      const dec = measure(`stream decrypt-${mode}`, encrypted)
      const encMem = measure(`memory encrypt-${mode}`, paths.message)
      const decMem = measure(`memory decrypt-${mode}`, encrypted)
      const osslOut = out(`openssl-${mode}.eml`)
      const osslEnc = openssl([
        'cms',
        '-encrypt',
        '-stream',
        '-binary',
        `-aes-256-${mode}`,
        '-in',
        paths.entity,
        '-outform',
        'SMIME',
        '-out',
        osslOut,
        ...recip,
        ...oaep,
      ])
      const osslDec = openssl([
        'cms',
        '-decrypt',
        '-inform',
        'SMIME',
        '-in',
        osslOut,
        ...recip,
        ...key,
        '-out',
        out('plain'),
      ])
      if (size === reference) {
        measureBuffer(`encrypt-${mode}`, paths.message, out(`buffer-${mode}.eml`))
        measureBuffer(`decrypt-${mode}`, out(`buffer-${mode}.eml`))
      }
      rows.push([`encrypt ${mode.toUpperCase()}`, enc, encMem, `encrypt-${mode}`, osslEnc])
      const opt = mode === 'gcm' ? ' (releaseUnverified)' : ''
      rows.push([`decrypt ${mode.toUpperCase()}${opt}`, dec, decMem, `decrypt-${mode}`, osslDec])
      rmSync(osslOut, { force: true })
      rmSync(out('plain'), { force: true })
    }
    const signed = out('stream-signed.eml')
    const sign = measure('stream sign-detached', paths.message, signed)
    const verify = measure('stream verify-detached', signed)
    const signMem = measure('memory sign-detached', paths.message)
    const verifyMem = measure('memory verify-detached', signed)
    const osslSigned = out('openssl-signed.eml')
    const osslSign = openssl([
      'cms',
      '-sign',
      '-stream',
      '-in',
      paths.entity,
      '-signer',
      pki('alice.pem'),
      ...key,
      '-certfile',
      pki('intermediate.pem'),
      '-out',
      osslSigned,
    ])
    const osslVerify = openssl([
      'cms',
      '-verify',
      '-in',
      osslSigned,
      '-CAfile',
      pki('root.pem'),
      '-purpose',
      'smimesign',
      '-out',
      out('content'),
    ])
    if (size === reference) {
      measureBuffer('sign-detached', paths.message, out('buffer-signed.eml'))
      measureBuffer('verify-detached', out('buffer-signed.eml'))
    }
    rows.push(['sign detached', sign, signMem, 'sign-detached', osslSign])
    rows.push(['verify detached', verify, verifyMem, 'verify-detached', osslVerify])
    const ratioTo = (b, streamed) =>
      streamed.ms && b?.ms ? (b.ms / reference / (streamed.ms / size)).toFixed(2) + '×' : '–'
    for (const [name, streamed, inMemory, key, ossl] of rows) {
      const b = buffer[key]
      const bufferCell = size === reference && b ? cell(size, b) : '–'
      const filesCell = size === reference && withFiles[key] ? cell(size, withFiles[key]) : '–'
      console.log(
        `| ${label(size)} | ${name} | ${cell(size, streamed)} | ${filesCell} | ${ratioTo(withFiles[key], streamed)} | ${cell(size, inMemory)} | ${bufferCell} | ${ratioTo(b, inMemory)} | ${cell(size, ossl)} |`,
      )
    }
    rmSync(paths.dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === 'measure') await measureOne(...process.argv.slice(3))
else main()
