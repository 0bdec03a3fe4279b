import { describe, expect, it } from 'vitest'
import { verifyCertificate } from '@siegel/pki'
import { constrainedCas, mailCases, mailCertificate } from './mail-cases.js'

const root = mailCertificate('root')

describe('adversarial e-mail certificates under rfc822Name name constraints', () => {
  it('has every case and constrained CA of cases.json', () => {
    expect(mailCases).toHaveLength(33)
    expect(constrainedCas).toHaveLength(7)
    expect(mailCases.filter((c) => c.expected === 'trusted')).toHaveLength(9)
  })

  it.each(mailCases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const verdict = await verifyCertificate(mailCertificate(c.name), {
      anchors: [root],
      intermediates: [mailCertificate(`ca-${c.ca}`)],
      purpose: 'smime-sign',
    })
    if (c.expected === 'trusted') {
      expect(verdict, `${c.rfc}: ${c.why}`).toMatchObject({ trusted: true })
    } else {
      expect(verdict.trusted, `${c.rfc}: ${c.why}`).toBe(false)
      if (!verdict.trusted) expect(verdict.reason.code).toBe(c.expected)
    }
  })

  it('binds no smuggled address to the sender either', () => {
    const smuggler = mailCertificate('utf8-smuggles-evil')
    expect(smuggler.emailAddresses).toEqual(['ceo@example.org', 'ceo@evil.com'])
    expect(smuggler.hasEmailAddress('ceo@evil.com')).toBe(true)
    // What makes it harmless is the constraint check above: the chain is not trusted.
    const lookalike = mailCertificate('utf8-fullwidth-domain')
    expect(lookalike.hasEmailAddress('ceo@example.org')).toBe(false)
    expect(mailCertificate('utf8-as-ia5string').hasEmailAddress('ceo@evil.com')).toBe(false)
    expect(
      mailCertificate('idn-u-label-inside').hasEmailAddress('jörg@xn--bcher-kva.example'),
    ).toBe(true)
  })

  it.each([
    ['jörg@bücher.example', 'trusted'],
    ['jörg@XN--BCHER-KVA.example', 'trusted'],
    ['Jörg@bücher.example', 'ERR_PKI_EMAIL_MISMATCH'],
    ['jörg@bucher.example', 'ERR_PKI_EMAIL_MISMATCH'],
  ])('verifyCertificate({ email: %j }) of an SmtpUTF8Mailbox: %s', async (email, expected) => {
    const verdict = await verifyCertificate(mailCertificate('idn-u-label-inside'), {
      anchors: [root],
      intermediates: [mailCertificate('ca-permit-idn')],
      purpose: 'smime-sign',
      email,
    })
    expect(verdict.trusted ? 'trusted' : verdict.reason.code).toBe(expected)
  })
})
