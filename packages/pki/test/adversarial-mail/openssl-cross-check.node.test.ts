import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { certsDir, mailCases } from './mail-cases.js'

// OpenSSL's verdict on each case: `openssl verify -x509_strict -purpose smimesign`.
function opensslVerdict(name: string, ca: string): 'trusted' | 'rejected' {
  try {
    execFileSync(
      'openssl',
      [
        'verify',
        '-x509_strict',
        '-purpose',
        'smimesign',
        '-CAfile',
        'root.pem',
        '-untrusted',
        `ca-${ca}.pem`,
        `${name}.pem`,
      ],
      { cwd: certsDir, stdio: 'pipe' },
    )
    return 'trusted'
  } catch (error) {
    if ((error as { status?: number }).status === 2) return 'rejected'
    throw error
  }
}

describe('adversarial e-mail certificates: OpenSSL cross-check', () => {
  it.each(mailCases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const ours = c.expected === 'trusted' ? 'trusted' : 'rejected'
    // Where OpenSSL disagrees, cases.json says so and why; elsewhere it must agree.
    expect(opensslVerdict(c.name, c.ca)).toBe(c.openssl?.verdict ?? ours)
    if (c.openssl) expect(c.openssl.verdict).not.toBe(ours)
  })

  it('lists four divergences, each a certificate OpenSSL 3.0 accepts in an excluded subtree', () => {
    const diverging = mailCases.filter((c) => c.openssl)
    expect(diverging.map((c) => c.name)).toEqual([
      'exclude-utf8-upper-case',
      'exclude-idn-fullwidth',
      'exclude-trailing-dot',
      'exclude-idn-upper-case-u-label',
    ])
    expect(diverging.every((c) => c.openssl!.verdict === 'trusted')).toBe(true)
  })
})
