import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { decryptMessage, encryptMessage } from '@siegel/core'
import { cryptoWith } from '../../../pki/test/counting-crypto.js'
import { testPki } from '../fixtures/test-pki.js'
import { dec } from '../helpers.js'

// encryptMessage seals the content key for the recipients while it prepares the message, and
// seals it for all recipients at once. These tests hold what that must not change: errors come
// out as before, nothing is left unhandled, the key is erased, and every recipient can read.
const message =
  'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: sealed\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nOne key, sealed for each of you.\r\n'
// RFC 8551 §3.1: 8-bit content inside a multipart cannot be made 7-bit; preparing it fails.
const unpreparable =
  'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n--b--\r\n'

/**
 * WebCrypto whose public-key steps of sealing (RSA-OAEP encryption, ECDH's deriveBits) are held
 * back a little and counted while in flight; RSA-OAEP then fails or succeeds.
 */
function slowSealing(options: { fail: boolean }): {
  crypto: Crypto
  keysSealed: Uint8Array[]
  maxInFlight: () => number
} {
  const real = globalThis.crypto.subtle
  const keysSealed: Uint8Array[] = []
  let inFlight = 0
  let most = 0
  const held = async <T>(work: () => Promise<T>, fail: boolean): Promise<T> => {
    most = Math.max(most, ++inFlight)
    await new Promise((resolve) => setTimeout(resolve, 20))
    inFlight--
    if (fail) throw new DOMException('refused for the test', 'OperationError')
    return work()
  }
  const encrypt: SubtleCrypto['encrypt'] = (algorithm, key, data) => {
    if ((algorithm as Algorithm).name !== 'RSA-OAEP') return real.encrypt(algorithm, key, data)
    keysSealed.push(data as Uint8Array)
    return held(() => real.encrypt(algorithm, key, data), options.fail)
  }
  const deriveBits: SubtleCrypto['deriveBits'] = (algorithm, key, length) =>
    held(() => real.deriveBits(algorithm, key, length), false)
  return { crypto: cryptoWith({ encrypt, deriveBits }), keysSealed, maxInFlight: () => most }
}

const alice = Certificate.from(testPki.alice)
const bob = Certificate.from(testPki.bob)
const options = (crypto: Crypto) =>
  ({ rsaPadding: 'oaep-sha256', allowUntrusted: true, crypto }) as const

describe('encryptMessage sealing the content key beside preparing the message', () => {
  it('reports a message it cannot prepare, though the sealing fails too, and leaves nothing unhandled', async () => {
    const { crypto } = slowSealing({ fail: true })
    await expect(encryptMessage(unpreparable, [alice], options(crypto))).rejects.toMatchObject({
      code: 'ERR_SMIME_UNSUPPORTED_CONTENT',
    })
    // The sealing's rejection settles after the call has failed; a moment for it to surface.
    await new Promise((resolve) => setTimeout(resolve, 40))
  })

  it('erases the content key it sealed when the message cannot be prepared', async () => {
    const sealing = slowSealing({ fail: false })
    await expect(
      encryptMessage(unpreparable, [alice], options(sealing.crypto)),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_UNSUPPORTED_CONTENT' })
    expect(sealing.keysSealed).toHaveLength(1)
    expect(sealing.keysSealed[0]!.every((b) => b === 0)).toBe(true)
  })

  it('passes on a sealing failure for a message it could prepare', async () => {
    const { crypto } = slowSealing({ fail: true })
    await expect(encryptMessage(message, [alice], options(crypto))).rejects.toThrow(
      'refused for the test',
    )
  })

  it('seals for all recipients at once, and each of them can decrypt', async () => {
    // Alice has an RSA key (key transport), Bob a P-256 key (key agreement).
    const sealing = slowSealing({ fail: false })
    const encrypted = await encryptMessage(message, [alice, bob], options(sealing.crypto))
    expect(sealing.maxInFlight()).toBe(2)
    for (const [certificate, key] of [
      [alice, testPki.aliceKey],
      [bob, testPki.bobKey],
    ] as const) {
      const identity = { certificate, privateKey: await readPrivateKey(key) }
      const opened = await decryptMessage(encrypted, identity)
      expect(dec(opened.content)).toContain('sealed for each of you')
    }
  })
})
