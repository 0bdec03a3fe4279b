// pnpm bench: verifyMessage on mail crafted against verifiers (crafted-mail.mjs): a mail whose
// signers send a mesh of 141 cross-certified CAs (one path-building budget for all signers),
// and verifyData on 1,000 SignerInfos over 1 MiB (refused by maxSignerInfos before hashing;
// with the limit raised, the content is hashed once).
import { verifyData, verifyMessage } from '@siegel/core'
import { AT, crossSignedMail, manySignerInfos } from './crafted-mail.mjs'

const RUNS = Number(process.env.BENCH_RUNS ?? 10)

async function time(run) {
  const samples = []
  let outcome
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    try {
      const result = await run()
      outcome = result.status
    } catch (error) {
      outcome = error.code
    }
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  return { ms: samples[Math.floor(samples.length / 2)], max: samples.at(-1), outcome }
}

const rows = []
const row = (input, { ms, max, outcome }) =>
  rows.push({ input, outcome, 'ms (median)': ms.toFixed(1), 'ms (max)': max.toFixed(1) })
for (const count of [1, 4]) {
  const { mail, anchor } = await crossSignedMail(count)
  const label = `${(mail.length / 1024).toFixed(0)} KiB mail, 141 CAs, ${count} signer(s)`
  row(label, await time(() => verifyMessage(mail, { trustAnchors: [anchor], at: AT })))
}
const content = Uint8Array.from({ length: 2 ** 20 }, (_, i) => (i * 7) & 0xff)
const { der, anchor } = await manySignerInfos(content, 1000)
const options = { content, trustAnchors: [anchor], at: AT }
row('1,000 SignerInfos over 1 MiB', await time(() => verifyData(der, options)))
row(
  '1,000 SignerInfos over 1 MiB, maxSignerInfos 1000',
  await time(() => verifyData(der, { ...options, maxSignerInfos: 1000 })),
)
console.log(
  `verifyMessage/verifyData on crafted input, median of ${RUNS} runs, Node ${process.version}`,
)
console.table(rows)
