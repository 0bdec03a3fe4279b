// pnpm bench: parseMailbox and mailboxesEqual (Siegel's own IDNA) against the WHATWG URL parser's
// host conversion (UTS #46, native code) on the same domains, to show what our checks cost.
import { domainToASCII } from 'node:url'
import { mailboxesEqual, parseMailbox } from '@siegel/pki'

const ADDRESSES = {
  ASCII: 'erika.mustermann@example.de',
  'U-label': 'jörg@bücher.example',
  'A-label': 'jörg@xn--bcher-kva.example',
  'CJK U-label': '用户@例子.广告',
  'refused (fullwidth)': 'ceo@ｅｘａｍｐｌｅ.org',
}
const RUNS = Number(process.env.BENCH_RUNS ?? 20000)

/** Median time of one call in microseconds, over batches of 100 calls after a warm-up. */
function time(run) {
  for (let i = 0; i < 1000; i++) run()
  const samples = []
  for (let i = 0; i < RUNS / 100; i++) {
    const start = performance.now()
    for (let j = 0; j < 100; j++) run()
    samples.push((performance.now() - start) * 10)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]
}

const attempt = (address) => () => {
  try {
    parseMailbox(address)
  } catch {
    // A refused address is a result here: the time to refuse it is what is measured.
  }
}

const rows = []
for (const [label, address] of Object.entries(ADDRESSES)) {
  const domain = address.slice(address.lastIndexOf('@') + 1)
  rows.push({
    address: label,
    'parseMailbox µs': time(attempt(address)).toFixed(2),
    'mailboxesEqual µs': time(() => mailboxesEqual(address, address)).toFixed(2),
    'node:url domainToASCII µs': time(() => domainToASCII(domain)).toFixed(2),
  })
}
console.log(`parseMailbox, median of ${RUNS} calls, Node ${process.version}`)
console.table(rows)
