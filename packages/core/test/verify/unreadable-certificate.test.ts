import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { signData, verifyData, verifyMessage } from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { enc, root, signer } from '../helpers.js'

const intermediate = Certificate.from(testPki.intermediate)

/**
 * The SignedData with the carried intermediate certificate overwritten in place by a SEQUENCE
 * of the same length that is no certificate (one OCTET STRING of zeros): every length around
 * it stays right, and the signature does not cover the certificates (RFC 5652 §5.1).
 */
function withUnreadableIntermediate(der: Uint8Array): Uint8Array {
  const cert = intermediate.der
  const at = indexOf(der, cert)
  expect(at).toBeGreaterThan(0)
  const headerBytes = cert[1]! & 0x80 ? 2 + (cert[1]! & 0x7f) : 2
  const contentBytes = cert.length - headerBytes
  const broken = der.slice()
  const content = broken.subarray(at + headerBytes, at + cert.length)
  content.fill(0)
  content.set([0x04, 0x82, (contentBytes - 4) >> 8, (contentBytes - 4) & 0xff])
  return broken
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

describe('an unreadable certificate in a SignedData', () => {
  it('is reported as ERR_SMIME_UNREADABLE_CERTIFICATE and skipped; the signer is still checked', async () => {
    const content = enc('Vertrag über 100 EUR')
    const der = withUnreadableIntermediate(
      await signData(content, await signer('alice'), { detached: false }),
    )
    expect(() => Certificate.from(intermediate.der)).not.toThrow()
    const result = await verifyData(der, { trustAnchors: [root], certificates: [intermediate] })
    expect(result.problems.map((p) => p.code)).toEqual(['ERR_SMIME_UNREADABLE_CERTIFICATE'])
    expect(result.certificates.map((c) => c.subject)).toEqual([
      Certificate.from(testPki.alice).subject,
    ])
    expect(result.signers[0]!.signature).toEqual({ valid: true })
    expect(result.status).toBe('valid')
  })

  it('does not stop verifyMessage either', async () => {
    const entity = enc('Content-Type: text/plain\r\n\r\nHallo\r\n')
    const signature = withUnreadableIntermediate(
      await signData(entity, await signer('alice'), { detached: true }),
    )
    const base64 = btoa(String.fromCharCode(...signature)).replace(/.{1,76}/g, '$&\r\n')
    const eml =
      'From: alice@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed; ' +
      'protocol="application/pkcs7-signature"; micalg=sha-256; boundary=b\r\n\r\n--b\r\n' +
      `${new TextDecoder().decode(entity)}\r\n--b\r\nContent-Type: application/pkcs7-signature\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${base64}--b--\r\n`
    const result = await verifyMessage(eml, { trustAnchors: [root], certificates: [intermediate] })
    expect(result.problems.map((p) => p.code)).toEqual(['ERR_SMIME_UNREADABLE_CERTIFICATE'])
    expect(result.status).toBe('valid')
  })
})
