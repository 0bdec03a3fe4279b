// RSAES-PKCS1-v1_5 ciphertexts made by OpenSSL (`openssl pkeyutl -encrypt`) for keys of several
// sizes, odd ones included, decrypt to the bytes OpenSSL encrypted, every time: the blinded,
// fixed-window private operation must not change a single result.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decryptRsaPkcs1v15, readPrivateKey } from '@siegel/pki'

const dir = mkdtempSync(join(tmpdir(), 'siegel-rsa-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const openssl = (...args: string[]): Buffer =>
  execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] })

// 1024 and 2048 are common; 1537 and 3000 give moduli whose length is not a multiple of 8 or 64
// bits; e = 3 checks the blinding factor r^e with another public exponent.
const KEYS: [string, string[]][] = [
  ['1024 bits', ['-pkeyopt', 'rsa_keygen_bits:1024']],
  ['1537 bits', ['-pkeyopt', 'rsa_keygen_bits:1537']],
  ['2048 bits, e = 3', ['-pkeyopt', 'rsa_keygen_bits:2048', '-pkeyopt', 'rsa_keygen_pubexp:3']],
  ['3000 bits', ['-pkeyopt', 'rsa_keygen_bits:3000']],
]
// Several content-key lengths, including the 5 bytes of RC2-40, and a fresh secret each time.
const MESSAGES = 12

describe('decryptRsaPkcs1v15 against openssl pkeyutl -encrypt', () => {
  it.each(KEYS)('decrypts what OpenSSL encrypted to a %s key', async (label, options) => {
    const keyFile = join(dir, `${label.replace(/\W+/g, '-')}.pem`)
    openssl('genpkey', '-algorithm', 'RSA', ...options, '-out', keyFile)
    const key = await readPrivateKey(readFileSync(keyFile, 'utf8'))
    for (let i = 0; i < MESSAGES; i++) {
      const length = [16, 24, 32, 5][i % 4]!
      const secret = crypto.getRandomValues(new Uint8Array(length))
      const input = join(dir, 'secret.bin')
      writeFileSync(input, secret)
      const ciphertext = openssl(
        'pkeyutl',
        '-encrypt',
        '-inkey',
        keyFile,
        '-pkeyopt',
        'rsa_padding_mode:pkcs1',
        '-in',
        input,
      )
      expect(await decryptRsaPkcs1v15(key, new Uint8Array(ciphertext), length)).toEqual(secret)
    }
  })
})
