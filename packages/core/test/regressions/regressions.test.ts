import PostalMime from 'postal-mime'
import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { verifyMessage } from '@siegel/core'
import { vector } from '../vectors.js'

// Inputs found by the fuzzer (see README.md), as exact bytes in both runtimes.
const inputs = import.meta.glob('./*.eml', {
  query: '?inline',
  import: 'default',
  eager: true,
}) as Record<string, string>

function input(name: string): Uint8Array {
  const url = inputs[`./${name}`]
  if (url === undefined) throw new Error(`no regression input ${name}`)
  return Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0))
}

const anchor = Certificate.from(vector('johnny-fired/assets/certificates/intermediate_ca.crt'))
const at = new Date('2020-01-01T00:00:00Z')

describe('fuzz regressions', () => {
  it('has an input for every entry', () => {
    expect(Object.keys(inputs).sort()).toEqual([
      './from-address-folded-inside-domain.eml',
      './from-folded-without-space.eml',
      './from-with-bytes-before-address.eml',
    ])
  })

  it('does not bind a signer to a From that other readers split at a bad fold', async () => {
    const eml = input('from-folded-without-space.eml')
    expect((await PostalMime.parse(eml)).from?.address).toBe('manager@bigcorporat')
    const result = await verifyMessage(eml, { trustAnchors: [anchor], at })
    expect(result.signers[0]!.signature.valid).toBe(true)
    expect(result.signers[0]!.certificate?.emailAddresses).toContain('eve@bigcorporation.de')
    expect(result.signers[0]!.certificate?.emailAddresses).not.toContain('manager@bigcorporat')
    expect(result.status).toBe('sender-mismatch')
    expect(result.problems.map((p) => p.code)).toEqual(['ERR_SMIME_AMBIGUOUS_SENDER'])
  })

  it.each([
    // From: The Manager <manager@bigcorpora(CRLF TAB)tion.de>, The Manager <eve@bigcorporation.de>
    ['from-address-folded-inside-domain.eml', 'The Manager <manager@bigcorpora\ttion.de>'],
    // From: (bytes FF FE) manager@bigcorporation.de, with eve as the Sender
    ['from-with-bytes-before-address.eml', 'ÿþ manager@bigcorporation.de'],
  ])(
    'claims a From item that is no address as written (%s), so that no signer is bound to it',
    async (name, unreadable) => {
      const eml = input(name)
      expect((await PostalMime.parse(eml)).from?.address).toMatch(/^manager@bigcorpora/)
      const result = await verifyMessage(eml, { trustAnchors: [anchor], at })
      expect(result.signers[0]!.signature.valid).toBe(true)
      expect(result.signers[0]!.sender.claimed).toContain(unreadable)
      expect(result.signers[0]!.sender.matches).toBe(false)
      expect(result.status).toBe('sender-mismatch')
    },
  )
})
