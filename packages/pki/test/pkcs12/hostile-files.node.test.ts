// OpenSSL checks what gen-hostile-fixtures.mjs claims: the MACs it calls valid verify under
// "geheim", and the one it damaged does not (so Siegel's ERR_PKI_MAC_MISMATCH agrees).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const dir = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url))

function opensslMacVerifies(name: string): boolean {
  const run = spawnSync(
    'openssl',
    ['pkcs12', '-in', `${dir}${name}`, '-passin', 'pass:geheim', '-noout'],
    { encoding: 'utf8', timeout: 30_000 },
  )
  // OpenSSL checks the MAC first; what fails after it (the made-up safes) is no MAC error.
  return !`${run.stdout}${run.stderr}`.includes('Mac verify error')
}

describe('openssl pkcs12 on the hostile files', () => {
  it.each(['700-safes.p12', '20-shrouded-keys.p12', '1001-bags.p12'])(
    'verifies the MAC of %s',
    (name) => {
      expect(opensslMacVerifies(name)).toBe(true)
    },
  )

  it('rejects the MAC of bad-mac.p12', () => {
    expect(opensslMacVerifies('bad-mac.p12')).toBe(false)
  })
})
