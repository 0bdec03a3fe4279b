import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { signData, verifyData } from '@siegel/core'
import { cryptoWith } from '../../../pki/test/counting-crypto.js'
import { testPki } from '../fixtures/test-pki.js'

// verifyData validates a signer's chain while the signature's own public-key operation runs.
// What that must not change: each verdict stays the verdict of its own check.
const content = new TextEncoder().encode('Bescheid vom 3. Dezember\r\n')
const root = Certificate.from(testPki.root)
const intermediate = Certificate.from(testPki.intermediate)

/** WebCrypto whose signature checks are held back a little and counted while in flight. */
function slowVerify(): { crypto: Crypto; maxInFlight: () => number } {
  const real = globalThis.crypto.subtle
  let inFlight = 0
  let most = 0
  const verify: SubtleCrypto['verify'] = async (algorithm, key, signature, data) => {
    most = Math.max(most, ++inFlight)
    await new Promise((resolve) => setTimeout(resolve, 20))
    inFlight--
    return real.verify(algorithm, key, signature, data)
  }
  return { crypto: cryptoWith({ verify }), maxInFlight: () => most }
}

async function signed(): Promise<Uint8Array> {
  const signer = {
    certificate: Certificate.from(testPki.alice),
    privateKey: await readPrivateKey(testPki.aliceKey),
    chain: [intermediate],
  }
  return signData(content, signer, { detached: false })
}

describe('verifyData checking the signature beside the chain', () => {
  it('runs the signature check and the chain validation at once, and both verdicts hold', async () => {
    const { crypto, maxInFlight } = slowVerify()
    const result = await verifyData(await signed(), { trustAnchors: [root], crypto })
    expect(result.status).toBe('valid')
    expect(result.signers[0]!.signature.valid).toBe(true)
    expect(result.signers[0]!.chain?.trusted).toBe(true)
    expect(maxInFlight()).toBeGreaterThanOrEqual(2)
  })

  it('reports a forged signature as invalid though its chain is trusted', async () => {
    const der = await signed()
    // The signature is the last OCTET STRING of the SignerInfo, at the end of the DER.
    der[der.length - 1]! ^= 0x01
    const result = await verifyData(der, { trustAnchors: [root], crypto: slowVerify().crypto })
    expect(result.status).toBe('invalid')
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_BAD_SIGNATURE',
    })
    expect(result.signers[0]!.chain?.trusted).toBe(true)
  })

  it('reports an untrusted chain though the signature holds', async () => {
    const result = await verifyData(await signed(), {
      trustAnchors: [],
      bundledAnchors: false,
      crypto: slowVerify().crypto,
    })
    expect(result.status).toBe('untrusted')
    expect(result.signers[0]!.signature.valid).toBe(true)
    expect(result.signers[0]!.chain?.trusted).toBe(false)
  })
})
