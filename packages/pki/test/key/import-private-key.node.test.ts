import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { importPrivateKey } from '@siegel/pki'
import { testPkiDir } from '../fixtures/test-pki.js'

describe('importPrivateKey with OpenSSL-made encodings', () => {
  it('imports a PKCS#1 RSA key (openssl rsa -traditional)', async () => {
    const pkcs1 = execFileSync(
      'openssl',
      ['rsa', '-in', `${testPkiDir}alice.key.pem`, '-traditional'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    )
    expect(pkcs1).toContain('BEGIN RSA PRIVATE KEY')
    const key = await importPrivateKey(pkcs1)
    expect(key.algorithm.name).toBe('RSASSA-PKCS1-v1_5')
  })

  it('imports a DER PKCS#8 key (openssl pkcs8 -topk8 -outform DER)', async () => {
    const der = execFileSync('openssl', [
      'pkcs8',
      '-topk8',
      '-nocrypt',
      '-outform',
      'DER',
      '-in',
      `${testPkiDir}bob.key.pem`,
    ])
    const key = await importPrivateKey(new Uint8Array(der))
    expect(key.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' })
  })
})
