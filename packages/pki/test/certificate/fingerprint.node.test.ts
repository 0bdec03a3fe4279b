import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'

describe('Certificate fingerprints match OpenSSL', () => {
  it.each(['sha256', 'sha1'] as const)('%s', async (digest) => {
    const out = execFileSync(
      'openssl',
      ['x509', '-noout', '-fingerprint', `-${digest}`, '-in', `${testPkiDir}alice.pem`],
      { encoding: 'utf8' },
    )
    const expected = out.trim().split('=')[1]
    const cert = Certificate.from(testPki.alice)
    expect(await cert.fingerprint(digest === 'sha256' ? 'SHA-256' : 'SHA-1')).toBe(expected)
  })

  it('subject and serial match OpenSSL', () => {
    const out = execFileSync(
      'openssl',
      [
        'x509',
        '-noout',
        '-serial',
        '-subject',
        '-nameopt',
        'RFC2253',
        '-in',
        `${testPkiDir}alice.pem`,
      ],
      { encoding: 'utf8' },
    )
    expect(out).toContain('serial=1001')
    expect(out).toContain(`subject=${Certificate.from(testPki.alice).subject}`)
  })
})
