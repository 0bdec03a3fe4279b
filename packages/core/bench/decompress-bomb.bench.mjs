// pnpm bench: decompressData and openMessage against zip bombs (fixtures made by
// test/fixtures/compressed/make.py): 1 MiB of zeros in 1 KiB, and 10 GiB of zeros in 10 MiB,
// refused by maxCompressionRatio and, with the ratio raised, by maxDecompressedBytes; and a
// genuine 17 KiB entity for scale.
import { readFileSync } from 'node:fs'
import { decodePem } from '@siegel/pki'
import { decompressData } from '@siegel/core'

const RUNS = Number(process.env.BENCH_RUNS ?? 10)
const dir = new URL('../test/fixtures/compressed/', import.meta.url)
const pem = (name) => decodePem(readFileSync(new URL(name, dir), 'utf8'))[0].der

function bomb10g() {
  const parts = JSON.parse(readFileSync(new URL('bomb-10g.json', dir), 'utf8'))
  const hex = (name) => Uint8Array.from(parts[name].match(/../g), (h) => parseInt(h, 16))
  const [prefix, head, segment, tail] = ['prefix', 'head', 'segment', 'tail'].map(hex)
  const out = new Uint8Array(
    prefix.length + head.length + segment.length * parts.repeat + tail.length,
  )
  out.set(prefix, 0)
  out.set(head, prefix.length)
  let at = prefix.length + head.length
  for (let i = 0; i < parts.repeat; i++, at += segment.length) out.set(segment, at)
  out.set(tail, at)
  return out
}

async function time(run) {
  const samples = []
  let outcome
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    try {
      const result = await run()
      outcome = `${result.content.length} bytes`
    } catch (error) {
      outcome = `${error.code} (${error.limit})`
    }
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  return { ms: samples[Math.floor(samples.length / 2)], max: samples.at(-1), outcome }
}

const rows = []
const row = (input, { ms, max, outcome }) =>
  rows.push({ input, outcome, 'ms (median)': ms.toFixed(1), 'ms (max)': max.toFixed(1) })
const entity = pem('entity.p7z.pem')
const small = pem('bomb-1m.p7z.pem')
const large = bomb10g()
row('17 KiB entity in 2 KiB', await time(() => decompressData(entity)))
row('1 MiB of zeros in 1 KiB', await time(() => decompressData(small)))
row('10 GiB of zeros in 10 MiB', await time(() => decompressData(large)))
row(
  '10 GiB in 10 MiB, ratio 5000 (256 MiB limit)',
  await time(() => decompressData(large, { maxCompressionRatio: 5000 })),
)
console.table(rows)
