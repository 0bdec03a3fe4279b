import { describe, expect, it } from 'vitest'
import { decryptMessage, encryptMessage, type ContentEncryption } from '@siegel/core'
import { dec } from '../helpers.js'

const message =
  'From: alice@example.org\r\nTo: team@example.org\r\nSubject: secret\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nThe meeting is at noon.\r\n'
const keyIdentifier = Uint8Array.of(1, 2, 3, 4)
const random = (length: number): Uint8Array =>
  globalThis.crypto.getRandomValues(new Uint8Array(length))

describe('encryptMessage to KEK and password recipients', () => {
  it.each([
    [16, 'AES-256-GCM'],
    [24, 'AES-256-CBC'],
    [32, 'AES-128-GCM'],
  ] as const)('round-trips a %i-byte KEK with %s content', async (bytes, contentEncryption) => {
    const kek = random(bytes)
    const encrypted = await encryptMessage(message, [], {
      kekRecipients: [{ kek, keyIdentifier }],
      contentEncryption: contentEncryption as ContentEncryption,
    })
    const result = await decryptMessage(encrypted, { kek, keyIdentifier })
    expect(dec(result.content)).toContain('The meeting is at noon.')
    expect(result.recipient).toEqual({ kind: 'kek', keyIdentifier: '01020304' })
    await expect(
      decryptMessage(encrypted, { kek: random(bytes), keyIdentifier }),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_DECRYPTION_FAILED' })
  })

  it('round-trips passwords, each of them opening the message', async () => {
    const encrypted = await encryptMessage(message, [], {
      passwordRecipients: [{ password: 'first passphrase' }, { password: 'zweites Passwört' }],
      passwordIterations: 1000,
      contentEncryption: 'AES-256-GCM',
    })
    for (const password of ['first passphrase', 'zweites Passwört']) {
      const result = await decryptMessage(encrypted, { password })
      expect(result.authenticated).toBe(true)
      expect(result.recipient).toEqual({ kind: 'password' })
    }
    await expect(decryptMessage(encrypted, { password: 'third' })).rejects.toMatchObject({
      code: 'ERR_SMIME_DECRYPTION_FAILED',
    })
  })

  it('writes the default 600,000 PBKDF2 iterations, within the default decryption budget', async () => {
    const encrypted = await encryptMessage(message, [], {
      passwordRecipients: [{ password: 'a long passphrase' }],
    })
    await expect(
      decryptMessage(
        encrypted,
        { password: 'a long passphrase' },
        { maxPbkdf2Iterations: 599_999 },
      ),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_LIMIT_EXCEEDED' })
    const result = await decryptMessage(encrypted, { password: 'a long passphrase' })
    expect(dec(result.content)).toContain('noon')
  })

  it.each([
    ['a KEK of 20 bytes', { kekRecipients: [{ kek: new Uint8Array(20), keyIdentifier }] }],
    [
      'an empty key identifier',
      { kekRecipients: [{ kek: random(16), keyIdentifier: new Uint8Array(0) }] },
    ],
    ['passwordIterations 0', { passwordRecipients: [{ password: 'x' }], passwordIterations: 0 }],
    [
      'passwordIterations over 2,000,000',
      { passwordRecipients: [{ password: 'x' }], passwordIterations: 2_000_001 },
    ],
    ['no recipient at all', { kekRecipients: [], passwordRecipients: [] }],
  ])('rejects %s with ERR_SMIME_INVALID_INPUT', async (_, options) => {
    await expect(encryptMessage(message, [], options)).rejects.toMatchObject({
      code: 'ERR_SMIME_INVALID_INPUT',
    })
  })
})
