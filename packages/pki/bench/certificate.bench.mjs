// pnpm bench: Certificate.from on DER certificates of different shapes, against pkijs parsing the
// same bytes (Certificate.fromBER, the structure alone, without Siegel's fields).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as pkijs from 'pkijs'
import { Certificate, decodePem } from '@siegel/pki'

const TEST = fileURLToPath(new URL('../test/', import.meta.url))
const pem = (path) => decodePem(readFileSync(`${TEST}${path}`, 'utf8'))[0].der
const CERTS = {
  'RSA-4096 leaf': pem('fixtures/trust/rsa4096Leaf.pem'),
  'ECDSA P-256 leaf': pem('fixtures/trust/leafB.pem'),
  'RSA-2048, many extensions (OpenSSL)': pem('fixtures/openssl/full.pem'),
  'Ed25519 (RFC 9216)': pem('vectors/rfc9216/carlos.sign.crt'),
  'PKITS (RSA-2048, policies)': new Uint8Array(
    readFileSync(`${TEST}vectors/pkits/certs/ValidCertificatePathTest1EE.crt`),
  ),
}
const RUNS = Number(process.env.BENCH_RUNS ?? 2000)

/** Median time of one call in microseconds, over batches of 10 calls after a warm-up. */
function time(parse) {
  for (let i = 0; i < 200; i++) parse()
  const samples = []
  for (let i = 0; i < RUNS / 10; i++) {
    const start = performance.now()
    for (let j = 0; j < 10; j++) parse()
    samples.push((performance.now() - start) * 100)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]
}

const rows = []
for (const [label, der] of Object.entries(CERTS)) {
  rows.push({
    certificate: `${label}, ${der.length} bytes`,
    'Certificate.from µs': time(() => Certificate.from(der)).toFixed(1),
    'pkijs fromBER µs': time(() => pkijs.Certificate.fromBER(der)).toFixed(1),
  })
}
console.log(`Certificate.from, median of ${RUNS} calls, Node ${process.version}`)
console.table(rows)
