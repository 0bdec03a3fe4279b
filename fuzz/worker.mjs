// Runs fuzz inputs in a worker thread, so that the main thread can stop a hung input (a worker
// can be terminated in the middle of a synchronous loop) and survive a heap blow-up (the worker
// has its own heap limit).
import { parentPort, workerData } from 'node:worker_threads'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRunners, declaredCodes, TARGETS } from './targets.mjs'

const load = (pkg) => import(pathToFileURL(resolve(`packages/${pkg}/dist/index.js`)).href)
const packages = { mime: await load('mime'), pki: await load('pki'), core: await load('core') }
const runners = await createRunners(packages)
const classes = {
  MimeError: packages.mime.MimeError,
  PkiError: packages.pki.PkiError,
  SmimeError: packages.core.SmimeError,
}
const target = TARGETS[workerData.target]
const allowed = target.errors.map((name) => classes[name])
const codes = new Set(target.packages.flatMap((pkg) => [...declaredCodes(pkg)]))
const run = runners[workerData.target]

/**
 * How one input ended: `ok` (a result), `typed` (an allowed error class with a declared code),
 * or `untyped` (anything else: a crash as far as the caller is concerned).
 */
function classify(error) {
  const typed = allowed.some((c) => error instanceof c) && codes.has(error.code)
  const name = error?.constructor?.name ?? typeof error
  return {
    outcome: typed ? 'typed' : 'untyped',
    code: typed ? error.code : `${name}${error?.code ? ` ${error.code}` : ''}`,
    message: String(error?.message ?? error).slice(0, 300),
    stack: String(error?.stack ?? '')
      .split('\n')
      .slice(0, 8)
      .join('\n'),
  }
}

parentPort.on('message', async ({ id, input }) => {
  let result
  try {
    await run(input)
    result = { outcome: 'ok', code: 'ok' }
  } catch (error) {
    result = classify(error)
  }
  parentPort.postMessage({ id, ...result, heapBytes: process.memoryUsage().heapUsed })
})
parentPort.postMessage({ ready: true })
