import { describe, expect, it } from 'vitest'
import { composeMessage } from '@siegel/mime'
import { signMessage, verifyMessage } from '@siegel/core'
import { dec, root, signer, wrapSigned } from '../helpers.js'

const message = composeMessage({
  from: 'alice@example.org',
  to: 'bob@example.org',
  subject: 'Vertrag',
  text: 'Anbei der Vertrag.\n',
})

describe('verifyMessage coverage', () => {
  it('warns about unsigned content beside a signed part (USENIX 2019 MIME wrapping)', async () => {
    const signed = dec(await signMessage(message, await signer('alice')))
    const wrapped = wrapSigned(signed, {
      before: 'Unsigned text the attacker put first: please pay 900 EUR.',
    })
    const result = await verifyMessage(wrapped, { trustAnchors: [root] })
    expect(result.status).toBe('partially-signed')
    expect(result.signers[0]!.signature.valid).toBe(true)
    expect(result.signers[0]!.chain?.trusted).toBe(true)
    expect(result.coverage.coversEntireMessage).toBe(false)
    expect(result.coverage.warnings).toContainEqual(
      expect.objectContaining({ code: 'UNSIGNED_CONTENT' }),
    )
    expect(dec(result.coverage.signedPart.raw)).toContain('Anbei der Vertrag.')
  })

  it('accepts an LF-only copy of a CRLF-signed message, and says so', async () => {
    const signed = dec(await signMessage(message, await signer('alice'))).replaceAll('\r\n', '\n')
    const result = await verifyMessage(signed, { trustAnchors: [root] })
    expect(result.status).toBe('valid')
    expect(result.coverage.warnings).toEqual([expect.objectContaining({ code: 'CANONICALIZED' })])
    expect(result.coverage.signedRange).toBeUndefined()
  })

  it('treats the signature of a part that says From: someone else as sender-mismatch', async () => {
    const signed = dec(await signMessage(message, await signer('bob')))
    const result = await verifyMessage(signed, { trustAnchors: [root] })
    expect(result.status).toBe('sender-mismatch')
    expect(result.signers[0]!.sender).toEqual({
      matches: false,
      claimed: ['alice@example.org'],
      certificateAddresses: ['bob@example.org'],
    })
  })

  it('needs both the From and the Sender in the certificate', async () => {
    const withSender = dec(message).replace(
      'From: alice@example.org\r\n',
      'From: office@example.org\r\nSender: alice@example.org\r\n',
    )
    const result = await verifyMessage(await signMessage(withSender, await signer('alice')), {
      trustAnchors: [root],
    })
    expect(result.status).toBe('sender-mismatch')
    expect(result.signers[0]!.sender.claimed).toEqual(['office@example.org', 'alice@example.org'])
  })
})
