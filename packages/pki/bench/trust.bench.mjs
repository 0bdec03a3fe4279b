// pnpm bench: verifyCertificate on a 3-certificate RSA-4096 path and a 3-certificate ECDSA P-256
// path (test/fixtures/trust, made by gen-trust-fixtures.sh). "cold" parses the certificates
// anew for every verification, so no signature result is remembered; "cached" reuses the
// parsed certificates, whose verified links the engine remembers.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Certificate, verifyCertificate } from '@siegel/pki'

const FIXTURES = fileURLToPath(new URL('../test/fixtures/trust/', import.meta.url))
const pem = (name) => readFileSync(`${FIXTURES}${name}.pem`, 'utf8')
const AT = new Date('2025-06-01T00:00:00Z')
const PATHS = {
  'RSA-4096 (root, CA, leaf)': ['rsa4096Leaf', 'rsa4096Ca', 'rsa4096Root'],
  'ECDSA P-256 (root, CA, leaf)': ['leafB', 'caB', 'rootB'],
}
const RUNS = Number(process.env.BENCH_RUNS ?? 200)

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function time(make) {
  const samples = []
  for (let i = 0; i < RUNS; i++) {
    const [leaf, options] = make()
    const start = performance.now()
    const verdict = await verifyCertificate(leaf, options)
    samples.push(performance.now() - start)
    if (!verdict.trusted) throw new Error(`not trusted: ${verdict.reason.code}`)
  }
  return median(samples)
}

const rows = []
for (const [label, [leafName, caName, rootName]] of Object.entries(PATHS)) {
  const texts = [leafName, caName, rootName].map(pem)
  const parse = () => texts.map((t) => Certificate.from(t))
  const options = ([, ca, root]) => ({
    anchors: [root],
    intermediates: [ca],
    at: AT,
    purpose: 'smime-sign',
  })
  const cold = await time(() => {
    const certs = parse()
    return [certs[0], options(certs)]
  })
  const parsed = parse()
  await verifyCertificate(parsed[0], options(parsed))
  const cached = await time(() => [parsed[0], options(parsed)])
  rows.push({
    path: label,
    'cold ms (median)': cold.toFixed(3),
    'cached ms (median)': cached.toFixed(3),
  })
}
console.log(`verifyCertificate, median of ${RUNS} runs, Node ${process.version}`)
console.table(rows)
