import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { signMessage, verifyMessage } from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { signer } from '../helpers.js'

const message =
  'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: again\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nThe same certificates, message after message.\r\n'

describe('certificates a signed message carries', () => {
  it('are read once for many messages, while each verification judges them afresh', async () => {
    const anchors = [Certificate.from(testPki.root)]
    const first = await signMessage(message, await signer('alice'))
    const second = await signMessage(message, await signer('alice'))
    const a = await verifyMessage(first, { trustAnchors: anchors })
    const b = await verifyMessage(second, { trustAnchors: anchors })
    expect([a.status, b.status]).toEqual(['valid', 'valid'])
    // The same bytes give the same (frozen) Certificate, with what was checked about it.
    expect(b.signers[0]!.certificate).toBe(a.signers[0]!.certificate)
    expect(b.certificates).toEqual(a.certificates)
    expect(b.certificates.every((c, i) => c === a.certificates[i])).toBe(true)
    // Nothing about trust is remembered: after the certificate expired, the verdict says so.
    const expired = new Date(a.signers[0]!.certificate!.notAfter.getTime() + 86_400_000)
    const later = await verifyMessage(first, { trustAnchors: anchors, at: expired })
    expect(later.status).toBe('untrusted')
    expect(later.signers[0]!.chain?.trusted).toBe(false)
  })
})
