import { execFileSync } from 'node:child_process'
import { createCipheriv, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptLegacyCbc, type LegacyCipher } from '@siegel/pki'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** `openssl enc` with the legacy provider where the cipher needs it (DES, RC2). */
function opensslEncrypt(
  cipher: string,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  const legacy =
    cipher.startsWith('rc2') || cipher === 'des-cbc'
      ? ['-provider', 'legacy', '-provider', 'default']
      : []
  return new Uint8Array(
    execFileSync('openssl', ['enc', `-${cipher}`, '-K', hex(key), '-iv', hex(iv), ...legacy], {
      input: data,
    }),
  )
}

describe('decryptLegacyCbc decrypts what openssl enc encrypts', () => {
  it.each([
    ['des-ede3-cbc', 'des-ede3-cbc', 24, undefined],
    ['des-ede-cbc', 'des-ede3-cbc', 16, undefined],
    ['des-cbc', 'des-cbc', 8, undefined],
    ['rc2-40-cbc', 'rc2-cbc', 5, 40],
    ['rc2-64-cbc', 'rc2-cbc', 8, 64],
    ['rc2-cbc', 'rc2-cbc', 16, 128],
  ] as [string, LegacyCipher, number, number | undefined][])(
    'openssl %s',
    (opensslName, cipher, keyBytes, effectiveKeyBits) => {
      for (const length of [0, 1, 7, 8, 9, 100, 4096]) {
        const key = new Uint8Array(randomBytes(keyBytes))
        const iv = new Uint8Array(randomBytes(8))
        const data = new Uint8Array(randomBytes(length))
        const encrypted = opensslEncrypt(opensslName, key, iv, data)
        const options = effectiveKeyBits ? { effectiveKeyBits } : undefined
        expect(hex(decryptLegacyCbc(cipher, key, iv, encrypted, options))).toBe(hex(data))
      }
    },
  )

  it('matches node:crypto des-ede3-cbc on a large input', () => {
    const key = randomBytes(24)
    const iv = randomBytes(8)
    const data = randomBytes(256 * 1024)
    const cipher = createCipheriv('des-ede3-cbc', key, iv)
    const encrypted = Buffer.concat([cipher.update(data), cipher.final()])
    const decrypted = decryptLegacyCbc(
      'des-ede3-cbc',
      new Uint8Array(key),
      new Uint8Array(iv),
      new Uint8Array(encrypted),
    )
    expect(Buffer.from(decrypted).equals(data)).toBe(true)
  })
})
