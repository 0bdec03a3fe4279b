// KEMRecipientInfo by QuantCrypt (Rust) for ML-KEM-512: HKDF-SHA256, a ukm, AuthEnvelopedData,
// and KMAC128 as the key derivation (vectors/quantcrypt-kemri/README.md).
import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { decryptData } from '@siegel/core'
import { vector } from '../vectors.js'

const file = (name: string): Uint8Array =>
  vector(`quantcrypt-kemri/2.16.840.1.101.3.4.4.1_MlKem512_${name}`)

/** The same key bytes as RFC 9935 §6 encodes them: expandedKey OCTET STRING in privateKey. */
function rfc9935Key(draft: Uint8Array): Uint8Array {
  // The draft encoding: SEQUENCE { 1, AlgorithmIdentifier (13 bytes), 04 82 06 60 <1632 bytes>, [1] }
  const expanded = draft.subarray(24, 24 + 1632)
  const header = [0x30, 0x82, 0x06, 0x78, 0x02, 0x01, 0x00, ...draft.subarray(7, 20)]
  return Uint8Array.from([...header, 0x04, 0x82, 0x06, 0x64, 0x04, 0x82, 0x06, 0x60, ...expanded])
}

describe('QuantCrypt ML-KEM-512 KEMRecipientInfo', () => {
  it('refuses the private key in its pre-RFC 9935 encoding with ERR_PKI_MALFORMED_KEY', async () => {
    await expect(readPrivateKey(file('priv.der'))).rejects.toMatchObject({
      code: 'ERR_PKI_MALFORMED_KEY',
    })
  })

  it.each([
    'kemri_id-alg-hkdf-with-sha256.der',
    'kemri_id-alg-hkdf-with-sha256_ukm.der',
    'kemri_auth_id-alg-hkdf-with-sha256_ukm.der',
    'kemri_id-kmac128_ukm.der',
  ])('decrypts %s', async (name) => {
    const identity = {
      certificate: Certificate.from(file('ee.der')),
      privateKey: await readPrivateKey(rfc9935Key(file('priv.der'))),
    }
    const result = await decryptData(file(name), identity)
    expect(new TextDecoder().decode(result.content)).toBe('abc')
  })
})
