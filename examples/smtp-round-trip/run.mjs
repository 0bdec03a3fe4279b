// pnpm example:smtp: a signed message through a local SMTP server (uses the test PKI).
import { fileURLToPath } from 'node:url'
import { runSmtpRoundTrip } from './round-trip.mjs'

const pkiDir = fileURLToPath(
  new URL('../../packages/core/test/fixtures/test-pki/', import.meta.url),
)
const { summary } = await runSmtpRoundTrip({ pkiDir })
process.exit(summary.startsWith('Signed by alice@example.org · trusted') ? 0 : 1)
