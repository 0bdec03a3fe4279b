import { cbcDecrypt, cbcEncrypt, type BlockCipher } from './cbc.js'
import { desCipher } from './des.js'
import { rc2Cipher } from './rc2.js'

export type LegacyCipherName = 'des-cbc' | 'des-ede3-cbc' | 'rc2-cbc'

export function legacyBlockCipher(
  name: LegacyCipherName,
  key: Uint8Array,
  effectiveKeyBits?: number,
): BlockCipher {
  if (name === 'rc2-cbc') return rc2Cipher(key, effectiveKeyBits ?? key.length * 8)
  if (name === 'des-cbc' && key.length !== 8) throw new RangeError('expected a DES key of 8 bytes')
  if (name === 'des-ede3-cbc' && key.length !== 24 && key.length !== 16)
    throw new RangeError('expected a Triple-DES key of 16 or 24 bytes')
  return desCipher(key)
}

export { cbcDecrypt, cbcEncrypt }

/**
 * RFC 8018 appendix B.2.3 / RFC 2268 §6: the rc2ParameterVersion for an effective key size.
 * 40 → 160, 64 → 120, 128 → 58; 256 and more stand for themselves.
 */
const RC2_VERSIONS: Readonly<Record<number, number>> = { 160: 40, 120: 64, 58: 128 }
export function rc2EffectiveBits(version: number): number | undefined {
  if (version >= 256) return version
  return RC2_VERSIONS[version]
}
