// Benchmark inputs: a mail of about `size` bytes (a short text part and a base64 attachment of
// random bytes), written once per size into a scratch directory, plus the test PKI paths.
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PKI = fileURLToPath(new URL('../test/fixtures/test-pki/', import.meta.url))
export const SCRATCH = join(tmpdir(), 'siegel-bench-core')

const HEADERS =
  'From: alice@example.org\r\nTo: office@example.de\r\nSubject: Benchmark\r\nDate: Fri, 27 Nov 2026 09:00:00 +0000\r\n'

/** Writes message.eml (whole mail) and entity.txt (its MIME entity) for one size; returns paths. */
export function writeInputs(size) {
  const dir = join(SCRATCH, String(size))
  mkdirSync(dir, { recursive: true })
  const attachment = randomBytes(Math.max(1, Math.floor((size * 3) / 4) - 600))
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n')
  const entity =
    'Content-Type: multipart/mixed; boundary="bench-boundary"\r\n\r\n' +
    '--bench-boundary\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee the attachment.\r\n' +
    '--bench-boundary\r\nContent-Type: application/octet-stream; name="data.bin"\r\n' +
    'Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="data.bin"\r\n\r\n' +
    attachment +
    '\r\n--bench-boundary--\r\n'
  const paths = { message: join(dir, 'message.eml'), entity: join(dir, 'entity.txt'), dir }
  writeFileSync(paths.entity, entity)
  writeFileSync(paths.message, HEADERS + 'MIME-Version: 1.0\r\n' + entity)
  return paths
}
