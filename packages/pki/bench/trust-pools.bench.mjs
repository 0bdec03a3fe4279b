// pnpm bench: verifyCertificate on pools crafted against path builders (crafted-pools.mjs): a
// reversed pool of 551 certificates (a chain far longer than any limit) and a mesh of 141
// cross-certified CAs with no way to the anchor. Certificates are parsed anew for every run,
// so no signature result is remembered.
import { Certificate, verifyCertificate } from '@siegel/pki'
import { AT, crossSignedMesh, reversedChain } from './crafted-pools.mjs'

const RUNS = Number(process.env.BENCH_RUNS ?? 20)

async function time(leaf, anchor, pool) {
  const samples = []
  let verdict
  for (let i = 0; i < RUNS; i++) {
    const fresh = (c) => Certificate.from(c.der)
    const [target, root, intermediates] = [fresh(leaf), fresh(anchor), pool.map(fresh)]
    const start = performance.now()
    verdict = await verifyCertificate(target, { anchors: [root], intermediates, at: AT })
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  return { ms: samples[Math.floor(samples.length / 2)], max: samples.at(-1), verdict }
}

const chain = await reversedChain(550)
const mesh = await crossSignedMesh(10, 14)
const meshLeaf = await mesh.issue('Mesh Leaf', mesh.bottom, ['mesh@example.org'])
const rows = []
for (const [label, leaf, anchor, pool] of [
  ['reversed chain, 551 certificates', chain.leaf, chain.root, [...chain.pool, chain.root]],
  ['mesh of 141 cross-certified CAs', meshLeaf, mesh.root, mesh.pool],
]) {
  const { ms, max, verdict } = await time(leaf, anchor, pool)
  rows.push({
    pool: label,
    verdict: verdict.trusted ? 'trusted' : verdict.reason.code,
    'ms (median)': ms.toFixed(1),
    'ms (max)': max.toFixed(1),
  })
}
console.log(`verifyCertificate on crafted pools, median of ${RUNS} runs, Node ${process.version}`)
console.table(rows)
