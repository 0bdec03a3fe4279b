import { describe, expect, it } from 'vitest'
import { verifyCertificate, type CertificateVerdict } from '@siegel/pki'
import { allCases, anchorsOf, AT, certificateOf, pemOf, type AdversarialCase } from './cases.js'

/** The verdict of one case, or the code it throws. */
export async function runCase(
  c: AdversarialCase,
): Promise<CertificateVerdict | { throws: string }> {
  try {
    return await verifyCertificate(certificateOf(c.leaf), {
      anchors: anchorsOf(c),
      intermediates: (c.intermediates ?? []).map(certificateOf),
      at: AT,
      purpose: 'smime-sign',
      ...(c.crls ? { revocation: { crls: c.crls.map(pemOf) } } : {}),
      ...c.options,
    })
  } catch (error) {
    return { throws: (error as { code?: string }).code ?? String(error) }
  }
}

describe('adversarial certificates', () => {
  it('has unique case names, each with its RFC section', () => {
    expect(new Set(allCases.map((c) => c.name)).size).toBe(allCases.length)
    const count = (file: string): number => allCases.filter((c) => c.file === file).length
    expect(count('cases-anchors.ts')).toBe(22)
    expect(count('cases-rfc5280.ts')).toBe(40)
    for (const c of allCases) expect(c.rfc).toMatch(/^RFC \d+ §/)
  })

  it.each(allCases)('$name ($rfc)', async (c) => {
    const verdict = await runCase(c)
    if (c.expected === 'trusted') expect(verdict).toMatchObject({ trusted: true })
    else if ('throws' in c.expected) expect(verdict).toEqual({ throws: c.expected.throws })
    else expect(verdict).toMatchObject({ trusted: false, reason: { code: c.expected.code } })
  })
})
