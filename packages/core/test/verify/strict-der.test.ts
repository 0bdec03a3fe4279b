// RFC 5652 allows BER in SignedData, and real clients send it (indefinite lengths, constructed
// OCTET STRINGs), but §5.3 requires the signed attributes in DER, and RFC 5280 §4.1 the
// certificates. Siegel reads the first and refuses the others.
import { describe, expect, it } from 'vitest'
import { readRoot, type DerContext } from '@siegel/pki/der'
import { signData, verifyData } from '@siegel/core'
import { encodeTreeWhere, readTree } from '../../../pki/test/der/trees.js'
import { enc, root, signer } from '../helpers.js'

const BER: DerContext = { code: 'ERR_PKI_INVALID_INPUT', what: 'test' }

// Paths in ContentInfo { type, [0] { SignedData { version, digestAlgorithms, encapContentInfo,
// [0] certificates, signerInfos { SignerInfo { version, sid, digestAlgorithm, [0] signedAttrs
const CERTIFICATES = 3
const SIGNED_ATTRIBUTES = [1, 0, 4, 0, 3].join()

/** The layers of CMS that BER may use: ContentInfo to SignerInfo, but no certificate. */
const cmsLayers = (path: readonly number[]): boolean => path.length <= 4 && path[2] !== CERTIFICATES

async function signed(): Promise<{ content: Uint8Array; der: Uint8Array }> {
  const content = enc('Vertrag über 100 EUR')
  return { content, der: await signData(content, await signer('bob'), { detached: false }) }
}

describe('SignedData in BER', () => {
  it('verifies when the outer layers use indefinite lengths (as some clients send)', async () => {
    const { content, der } = await signed()
    const tree = readTree(der, readRoot(der, BER), BER)
    const ber = encodeTreeWhere(tree, cmsLayers)
    expect(ber.length).toBeGreaterThan(der.length)
    const result = await verifyData(ber, { trustAnchors: [root] })
    expect(result.status).toBe('valid')
    expect(result.content).toEqual(content)
  })

  it('refuses signed attributes that are not DER with ERR_SMIME_MALFORMED_CMS', async () => {
    const { der } = await signed()
    const tree = readTree(der, readRoot(der, BER), BER)
    const ber = encodeTreeWhere(
      tree,
      (path) => cmsLayers(path) || path.join() === SIGNED_ATTRIBUTES,
    )
    await expect(verifyData(ber, { trustAnchors: [root] })).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_CMS',
      cause: { code: 'ERR_PKI_INVALID_INPUT', name: 'DerError' },
    })
  })

  it('skips a carried certificate that is not DER, reports it, and never uses it', async () => {
    const { der } = await signed()
    const tree = readTree(der, readRoot(der, BER), BER)
    const ber = encodeTreeWhere(
      tree,
      (path) => cmsLayers(path) || path.slice(0, 3).join() === '1,0,3',
    )
    const result = await verifyData(ber, { trustAnchors: [root] })
    expect(result.problems).toContainEqual(
      expect.objectContaining({ code: 'ERR_SMIME_UNREADABLE_CERTIFICATE' }),
    )
    // The signer's certificate was the BER one: without it the signer is unknown, never valid.
    expect(result.status).not.toBe('valid')
    expect(result.signers.every((s) => !s.signature.valid)).toBe(true)
  })
})
