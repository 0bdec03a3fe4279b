// End to end: a message signed through each adversarial path of @siegel/pki's suite is not
// `valid`, and verifyMessage and encryptMessage pass the validation model through.
import { describe, expect, it } from 'vitest'
import { importPrivateKey } from '@siegel/pki'
import { encryptMessage, signMessage, verifyMessage } from '@siegel/core'
import leafKey from '../../../pki/test/adversarial/keys/leaf.key.pem?raw'
import {
  allCases,
  anchorsOf,
  AT,
  certificateOf,
  type AdversarialCase,
} from '../../../pki/test/adversarial/cases.js'

// The anchor and name-constraint cases this suite was built for, and the structural ones.
const BAD = [
  'anchor nameConstraints: an address outside the permitted subtrees',
  'anchor nameConstraints: an address in an excluded subtree',
  'a copy of the anchor without its constraints and with a broken signature',
  'a correctly self-signed copy of the anchor without its constraints',
  'anchor pathLenConstraint 0 with an intermediate below it',
  'an expired anchor with a re-dated copy whose signature is broken',
  'an expired anchor with a correctly self-signed re-dated copy',
  'an anchor with cA false is refused',
  'an anchor without basicConstraints is refused',
  'inner and outer signature AlgorithmIdentifiers differ',
  'an empty nameConstraints extension is malformed, not "no constraint"',
  'empty permittedSubtrees are malformed (GeneralSubtrees SIZE 1..MAX)',
  'a malformed dNSName ".example.com" does not pass as inside example.com',
].map((name) => {
  const found = allCases.find((c) => c.name === name)
  if (!found) throw new Error(`no adversarial case "${name}"`)
  return found
})

/** A message from the leaf's address, signed by it, carrying the case's pool as chain. */
async function signedThrough(c: AdversarialCase): Promise<Uint8Array> {
  const leaf = certificateOf(c.leaf)
  const message = `From: ${leaf.emailAddresses[0]}\r\nSubject: adversarial\r\n\r\nhello\r\n`
  return signMessage(message, {
    certificate: leaf,
    privateKey: await importPrivateKey(leafKey),
    chain: (c.intermediates ?? []).map(certificateOf),
  })
}

describe('messages signed through adversarial certificate paths', () => {
  it.each(BAD)('$name: not valid', async (c) => {
    const verifying = verifyMessage(await signedThrough(c), {
      trustAnchors: anchorsOf(c),
      bundledAnchors: false,
      at: AT,
    })
    if (typeof c.expected === 'object' && 'throws' in c.expected) {
      await expect(verifying).rejects.toMatchObject({ code: c.expected.throws })
      return
    }
    const result = await verifying
    expect(result.status).toBe('untrusted')
    expect(result.signers[0]!.signature.valid).toBe(true)
    expect(result.signers[0]!.chain).toMatchObject({ trusted: false, reason: c.expected })
  })
})

describe('the validation model', () => {
  const modelCase = allCases.find((c) => c.leaf === 'model.leaf' && c.options?.model === 'chain')!
  const options = { trustAnchors: anchorsOf(modelCase), bundledAnchors: false, at: AT }

  it('verifyMessage judges the chain in the model asked for', async () => {
    const signed = await signedThrough(modelCase)
    const shell = await verifyMessage(signed, options)
    expect(shell.status).toBe('untrusted')
    expect(shell.signers[0]!.chain).toMatchObject({ reason: { code: 'ERR_PKI_EXPIRED' } })
    const chain = await verifyMessage(signed, { ...options, model: 'chain' })
    expect(chain.status).toBe('valid')
    expect(chain.signers[0]!.chain).toMatchObject({ trusted: true, model: 'chain' })
  })

  it('encryptMessage checks recipients in the model asked for', async () => {
    const recipient = certificateOf('model.leaf')
    const encrypting = { ...options, intermediates: modelCase.intermediates!.map(certificateOf) }
    const message = 'Subject: x\r\n\r\nhello\r\n'
    await expect(encryptMessage(message, [recipient], encrypting)).rejects.toMatchObject({
      code: 'ERR_SMIME_UNTRUSTED_RECIPIENT',
    })
    const encrypted = await encryptMessage(message, [recipient], { ...encrypting, model: 'chain' })
    expect(encrypted.length).toBeGreaterThan(0)
  })
})
