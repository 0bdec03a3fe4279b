// Cross-checks every adversarial case against `openssl verify -x509_strict -purpose smimesign`,
// with `-policy_check` (without it OpenSSL skips RFC 5280 §6.1 policy processing altogether).
// Where OpenSSL answers differently, the case says why in its `openssl` field; this test fails
// both for an unexplained difference and for an explanation that no longer applies.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { allCases, AT, pemOf, type AdversarialCase } from './cases.js'

// Differences by cases file, asserted so that a new one is a decision, not an accident.
const EXPECTED_DIFFERENCES: Record<string, number> = {
  'cases-anchors.ts': 7,
  'cases-rfc5280.ts': 5,
}

const dir = mkdtempSync(join(tmpdir(), 'adversarial-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function opensslAccepts(c: AdversarialCase): boolean {
  const file = (name: string, files: string[]): string => {
    const path = join(dir, `${c.name.replace(/\W+/g, '-')}.${name}.pem`)
    writeFileSync(path, files.map(pemOf).join(''))
    return path
  }
  const anchors = c.anchors.map((a) => (typeof a === 'string' ? a : a.file))
  const purpose = c.options?.purpose === 'smime-encrypt' ? 'smimeencrypt' : 'smimesign'
  const args = ['verify', '-x509_strict', '-policy_check', '-purpose', purpose]
  args.push('-attime', String(Math.floor(AT.getTime() / 1000)), '-CAfile', file('ca', anchors))
  if (c.intermediates?.length) args.push('-untrusted', file('untrusted', c.intermediates))
  if (c.crls?.length) args.push('-crl_check', '-CRLfile', file('crls', c.crls))
  args.push(file('leaf', [c.leaf]))
  try {
    execFileSync('openssl', args, { stdio: 'pipe' })
    return true
  } catch {
    // A non-zero exit is OpenSSL's "not trusted"; its reason is in stderr, not needed here.
    return false
  }
}

describe('adversarial certificates against openssl verify', () => {
  it.each(allCases)('$name', (c) => {
    const oursAccepts = c.expected === 'trusted'
    if (c.openssl) expect(opensslAccepts(c)).toBe(!oursAccepts)
    else expect(opensslAccepts(c)).toBe(oursAccepts)
  })

  it('lists each difference with a reason, as many as expected per cases file', () => {
    const differences: Record<string, number> = {}
    for (const c of allCases.filter((c) => c.openssl !== undefined)) {
      expect(c.openssl!.length).toBeGreaterThan(20)
      differences[c.file] = (differences[c.file] ?? 0) + 1
    }
    expect(differences).toEqual(EXPECTED_DIFFERENCES)
  })
})
