import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: the example is plain JavaScript without declarations
import { runSmtpRoundTrip } from './round-trip.mjs'

const pkiDir = fileURLToPath(
  new URL('../../packages/core/test/fixtures/test-pki/', import.meta.url),
)

describe('the SMTP round trip example', () => {
  it('delivers the signed bytes unchanged and they verify on arrival', async () => {
    const lines: string[] = []
    const result = await runSmtpRoundTrip({ pkiDir, log: (line: string) => lines.push(line) })
    expect(Buffer.from(result.received).equals(Buffer.from(result.sent))).toBe(true)
    expect(result.summary).toBe('Signed by alice@example.org · trusted via Siegel Test Root CA')
  })
})
