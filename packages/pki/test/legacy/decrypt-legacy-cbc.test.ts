import { describe, expect, it } from 'vitest'
import { decryptLegacyCbc } from '@siegel/pki'
import { desCipher } from '../../src/lib/legacy/des.js'
import { rc2Cipher } from '../../src/lib/legacy/rc2.js'
import { cbcEncrypt } from '../../src/lib/legacy/cbc.js'
import { pkcs12Kdf } from '../../src/lib/legacy/pkcs12-kdf.js'
import { hash, loadHashes } from '../../src/lib/hash.js'
import { bmpBytes } from '../../src/lib/der.js'

// SHA-2 is loaded on demand; the readers await it, these direct tests do so here.
await loadHashes()

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16))
const toHex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

function ecb(cipher: ReturnType<typeof desCipher>, block: Uint8Array, decrypt = false): string {
  const out = new Uint8Array(8)
  if (decrypt) cipher.decrypt(block, 0, out, 0)
  else cipher.encrypt(block, 0, out, 0)
  return toHex(out)
}

describe('DES (FIPS 46-3 / NIST SP 800-17 known answers)', () => {
  it.each([
    // The classic worked example (Grabbe), and SP 800-17 Table A.1 variable-plaintext entries.
    ['133457799bbcdff1', '0123456789abcdef', '85e813540f0ab405'],
    ['0101010101010101', '8000000000000000', '95f8a5e5dd31d900'],
    ['0101010101010101', '4000000000000000', 'dd7f121ca5015619'],
    ['0101010101010101', '0000000000000001', '166b40b44aba4bd6'],
    ['8001010101010101', '0000000000000000', '95a8d72813daa94d'],
  ])('key %s, plaintext %s → %s', (key, plain, cipher) => {
    const des = desCipher(hex(key))
    expect(ecb(des, hex(plain))).toBe(cipher)
    expect(ecb(des, hex(cipher), true)).toBe(plain)
  })

  it('Triple-DES with three equal keys is single DES', () => {
    const k = '133457799bbcdff1'
    expect(ecb(desCipher(hex(k + k + k)), hex('0123456789abcdef'))).toBe('85e813540f0ab405')
  })
})

describe('RC2 (RFC 2268 §5 test vectors)', () => {
  it.each([
    ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
    ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
    ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
    ['88', 64, '0000000000000000', '61a8a244adacccf0'],
    ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
    ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
    ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
    [
      '88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e',
      129,
      '0000000000000000',
      '5b78d3a43dfff1f1',
    ],
  ] as const)('key %s, %i effective bits', (key, bits, plain, cipher) => {
    const rc2 = rc2Cipher(hex(key), bits)
    expect(ecb(rc2, hex(plain))).toBe(cipher)
    expect(ecb(rc2, hex(cipher), true)).toBe(plain)
  })
})

describe('PKCS#12 KDF (RFC 7292 appendix B.2)', () => {
  it('derives the key Go crypto/pkcs12 tests for "sesame"', () => {
    const key = pkcs12Kdf(
      hash('SHA-1'),
      bmpBytes('sesame', true),
      hex('ffffffffffffffff'),
      2048,
      1,
      24,
    )
    expect(toHex(key)).toBe('7cd9fd3e2b3be7691a44e3bef0f9ea0fb9b897d4e325d9d1')
  })
})

describe('decryptLegacyCbc', () => {
  const key = hex('0123456789abcdeffedcba987654321089abcdef01234567')
  const iv = hex('1234567890abcdef')
  const data = new TextEncoder().encode('This is some sample content.')

  it('round-trips Triple-DES and RC2 CBC with padding', () => {
    expect(decryptLegacyCbc('des-ede3-cbc', key, iv, cbcEncrypt(desCipher(key), iv, data))).toEqual(
      data,
    )
    const rc2Key = key.subarray(0, 5)
    const encrypted = cbcEncrypt(rc2Cipher(rc2Key, 40), iv, data)
    expect(decryptLegacyCbc('rc2-cbc', rc2Key, iv, encrypted, { effectiveKeyBits: 40 })).toEqual(
      data,
    )
  })

  it('returns every block, padding included, with padding: false', () => {
    const encrypted = cbcEncrypt(desCipher(key), iv, data)
    const raw = decryptLegacyCbc('des-ede3-cbc', key, iv, encrypted, { padding: false })
    expect(raw.length).toBe(encrypted.length)
    expect(raw.subarray(0, data.length)).toEqual(data)
    expect(raw.subarray(data.length)).toEqual(new Uint8Array(4).fill(4))
  })

  it('takes the RC2 key size from a CMS rc2ParameterVersion (RFC 8018 B.2.3)', () => {
    const rc2Key = key.subarray(0, 16)
    const encrypted = cbcEncrypt(rc2Cipher(rc2Key, 128), iv, data)
    expect(decryptLegacyCbc('rc2-cbc', rc2Key, iv, encrypted, { rc2ParameterVersion: 58 })).toEqual(
      data,
    )
    const forty = cbcEncrypt(rc2Cipher(rc2Key.subarray(0, 5), 40), iv, data)
    expect(
      decryptLegacyCbc('rc2-cbc', rc2Key.subarray(0, 5), iv, forty, { rc2ParameterVersion: 160 }),
    ).toEqual(data)
    expect(() =>
      decryptLegacyCbc('rc2-cbc', rc2Key, iv, encrypted, { rc2ParameterVersion: 7 }),
    ).toThrow(expect.objectContaining({ code: 'ERR_PKI_UNSUPPORTED_ALGORITHM' }))
  })

  it('rejects a wrong key with ERR_PKI_DECRYPTION_FAILED (bad padding)', () => {
    const encrypted = cbcEncrypt(desCipher(key), iv, data)
    const wrong = key.slice()
    wrong[0] = wrong[0]! ^ 0x02
    const attempts = [wrong, hex('fedcba9876543210fedcba987654321089abcdef01234567')]
    const failures = attempts.filter((k) => {
      try {
        decryptLegacyCbc('des-ede3-cbc', k, iv, encrypted)
        return false
      } catch (error) {
        expect(error).toMatchObject({ code: 'ERR_PKI_DECRYPTION_FAILED' })
        return true
      }
    })
    expect(failures.length).toBeGreaterThan(0)
    expect(() => decryptLegacyCbc('des-ede3-cbc', key, iv, encrypted.subarray(1))).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_DECRYPTION_FAILED' }),
    )
  })

  it('rejects keys and IVs of the wrong size with ERR_PKI_INVALID_INPUT', () => {
    expect(() =>
      decryptLegacyCbc('des-ede3-cbc', key.subarray(0, 20), iv, new Uint8Array(8)),
    ).toThrow(expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }))
    expect(() => decryptLegacyCbc('rc2-cbc', key, iv.subarray(1), new Uint8Array(8))).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
    )
  })
})
