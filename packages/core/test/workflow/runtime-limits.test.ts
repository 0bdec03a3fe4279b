import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { encryptMessage, openMessage, signMessage, verifyMessage } from '@siegel/core'
import { withinRuntimeLimits } from '../../src/lib/runtime-limits.js'
import { testPki } from '../fixtures/test-pki.js'
import { enc, root, signer } from '../helpers.js'

const limitError = expect.objectContaining({
  code: 'ERR_SMIME_LIMIT_EXCEEDED',
  cause: expect.any(RangeError),
})
const message = enc('From: alice@example.org\r\nSubject: hi\r\n\r\nHello.\r\n')

/** WebCrypto as a runtime out of room behaves: the buffer for the result cannot be had. */
function exhaustedCrypto(what: string): Crypto {
  const subtle = new Proxy(globalThis.crypto.subtle, {
    get(target, name) {
      if (name === 'digest' || name === 'encrypt' || name === 'sign')
        return () => Promise.reject(new RangeError(what))
      const value = Reflect.get(target, name) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return {
    subtle,
    getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto),
  } as Crypto
}

describe('messages too large for the runtime', () => {
  it('turns the engine refusing a buffer into ERR_SMIME_LIMIT_EXCEEDED', async () => {
    // A real allocation past every engine's maximum typed array length.
    await expect(withinRuntimeLimits(async () => new Uint8Array(2 ** 53))).rejects.toEqual(
      limitError,
    )
    await expect(withinRuntimeLimits(async () => 'x'.repeat(2 ** 30))).rejects.toEqual(limitError)
  })

  it('leaves other RangeErrors and other errors as they are', async () => {
    const other = new RangeError('toFixed() digits argument must be between 0 and 100')
    await expect(withinRuntimeLimits(() => Promise.reject(other))).rejects.toBe(other)
    const typeError = new TypeError('Array buffer allocation failed')
    await expect(withinRuntimeLimits(() => Promise.reject(typeError))).rejects.toBe(typeError)
  })

  it.each(['Array buffer allocation failed', 'Invalid typed array length: 4294967296'])(
    'signMessage, encryptMessage and verifyMessage report "%s" as ERR_SMIME_LIMIT_EXCEEDED',
    async (what) => {
      const crypto = exhaustedCrypto(what)
      const alice = await signer('alice')
      await expect(signMessage(message, alice, { crypto })).rejects.toEqual(limitError)
      const bob = Certificate.from(testPki.bob)
      const trust = {
        trustAnchors: [root],
        intermediates: [Certificate.from(testPki.intermediate)],
      }
      await expect(
        encryptMessage(message, [bob], { ...trust, contentEncryption: 'AES-256-CBC', crypto }),
      ).rejects.toEqual(limitError)
      const signed = await signMessage(message, alice)
      await expect(verifyMessage(signed, { ...trust, crypto })).rejects.toEqual(limitError)
      await expect(openMessage(signed, { ...trust, crypto })).rejects.toEqual(limitError)
    },
  )
})
