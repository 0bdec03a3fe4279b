import { describe, expect, it } from 'vitest'
import { decryptData, decryptMessage, openMessage } from '@siegel/core'
import { readPrivateKey } from '@siegel/pki'
import { kekMessages, passwordMessages } from '../fixtures/kek-password.js'
import { testPki } from '../fixtures/test-pki.js'
import { dec } from '../helpers.js'
import { vector } from '../vectors.js'

const PWRI_KEK = '1.2.840.113549.1.9.16.3.9'
const [kek128, kek192] = kekMessages
const [passwordAes] = passwordMessages

function pemBody(pem: Uint8Array): Uint8Array {
  const base64 = dec(pem).replace(/-----[^-]+-----|\s/g, '')
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
}

describe('KEK recipients (RFC 5652 §6.2.3)', () => {
  it.each(kekMessages)('opens what openssl wrote with $name', async (m) => {
    const result = await decryptMessage(m.eml, { kek: m.kek, keyIdentifier: m.keyIdentifier })
    expect(dec(result.content)).toContain('The meeting is at noon.')
    expect(result.contentEncryption).toBe(m.contentEncryption)
    expect(result.keyEncryption).toBe(m.keyEncryption)
    expect(result.recipient).toEqual({ kind: 'kek', keyIdentifier: toHex(m.keyIdentifier) })
  })

  it('opens the OpenSSL test suite AuthEnvelopedData with authenticated attributes', async () => {
    const kek = Uint8Array.from({ length: 16 }, (_, i) => i)
    const result = await decryptData(
      pemBody(vector('openssl-authenveloped/authenveloped_attrs.pem')),
      {
        kek,
        keyIdentifier: Uint8Array.of(0xc0, 0xfe, 0xe0),
      },
    )
    expect(dec(result.content)).toBe('Hello AuthEnvelopedData world\n')
    expect(result.authenticated).toBe(true)
    expect(result.contentEncryption).toBe('AES-128-GCM')
  })

  it('rejects an altered authenticated attribute with ERR_SMIME_DECRYPTION_FAILED', async () => {
    const kek = Uint8Array.from({ length: 16 }, (_, i) => i)
    const cms = pemBody(vector('openssl-authenveloped/bad_authenveloped_attrs.pem'))
    await expect(
      decryptData(cms, { kek, keyIdentifier: Uint8Array.of(0xc0, 0xfe, 0xe0) }),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_DECRYPTION_FAILED' })
  })

  it('rejects a wrong KEK under the right key identifier with ERR_SMIME_DECRYPTION_FAILED', async () => {
    for (const kek of [new Uint8Array(16), new Uint8Array(32)]) {
      await expect(
        decryptMessage(kek128!.eml, { kek, keyIdentifier: kek128!.keyIdentifier }),
      ).rejects.toMatchObject({ code: 'ERR_SMIME_DECRYPTION_FAILED' })
    }
  })

  it('lists the KEK by key identifier in ERR_SMIME_NOT_A_RECIPIENT for another identifier', async () => {
    const error = await decryptMessage(kek192!.eml, [
      { kek: kek192!.kek, keyIdentifier: Uint8Array.of(0xc0, 0xfe, 0xe0) },
      { password: 'correct-horse-battery-staple' },
    ]).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'ERR_SMIME_NOT_A_RECIPIENT',
      recipients: [{ kind: 'kek', keyIdentifier: 'c0fee1' }],
    })
  })

  it('rejects a KEK that is not 16, 24 or 32 bytes with ERR_SMIME_INVALID_INPUT', async () => {
    await expect(
      decryptMessage(kek128!.eml, {
        kek: new Uint8Array(20),
        keyIdentifier: kek128!.keyIdentifier,
      }),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_INVALID_INPUT' })
  })
})

describe('password recipients (RFC 3211)', () => {
  it.each(passwordMessages)('opens what openssl wrote with $name', async (m) => {
    const result = await decryptMessage(m.eml, { password: m.password })
    expect(dec(result.content)).toContain('The meeting is at noon.')
    expect(result.contentEncryption).toBe(m.contentEncryption)
    expect(result.keyEncryption).toBe(PWRI_KEK)
    expect(result.recipient).toEqual({ kind: 'password' })
  })

  it('rejects a wrong password with ERR_SMIME_DECRYPTION_FAILED', async () => {
    for (const password of ['correct-horse-battery-stapler', '', new Uint8Array(3)]) {
      await expect(decryptMessage(passwordAes!.eml, { password })).rejects.toMatchObject({
        code: 'ERR_SMIME_DECRYPTION_FAILED',
      })
    }
  })

  it('tries every password, and reports which one opened the message', async () => {
    const result = await decryptMessage(passwordAes!.eml, [
      { password: 'wrong' },
      { kek: kek128!.kek, keyIdentifier: kek128!.keyIdentifier },
      { password: passwordAes!.password },
    ])
    expect(result.identityIndex).toBe(2)
  })

  it('refuses more PBKDF2 iterations than maxPbkdf2Iterations with ERR_SMIME_LIMIT_EXCEEDED', async () => {
    // openssl cms writes 2048 iterations.
    const options = { maxPbkdf2Iterations: 2047 }
    await expect(
      decryptMessage(passwordAes!.eml, { password: passwordAes!.password }, options),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_LIMIT_EXCEEDED' })
    // The budget is summed over the passwords tried: two need 4096.
    const two = [{ password: 'wrong' }, { password: passwordAes!.password }]
    await expect(
      decryptMessage(passwordAes!.eml, two, { maxPbkdf2Iterations: 4095 }),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_LIMIT_EXCEEDED' })
    const ok = await decryptMessage(passwordAes!.eml, two, { maxPbkdf2Iterations: 4096 })
    expect(ok.identityIndex).toBe(1)
  })

  it('refuses a negative or huge iterationCount with ERR_SMIME_LIMIT_EXCEEDED', async () => {
    const eml = passwordAes!.eml
    const der = Uint8Array.from(atob(eml.slice(eml.indexOf('\n\n') + 2).replace(/\s/g, '')), (c) =>
      c.charCodeAt(0),
    )
    // iterationCount INTEGER 2048 (02 02 08 00) becomes -1 (02 02 ff ff): same length, no budget.
    const at = der.findIndex(
      (_, i) => der[i] === 2 && der[i + 1] === 2 && der[i + 2] === 8 && der[i + 3] === 0,
    )
    expect(at).toBeGreaterThan(0)
    der.set([0xff, 0xff], at + 2)
    await expect(decryptData(der, { password: passwordAes!.password })).rejects.toMatchObject({
      code: 'ERR_SMIME_LIMIT_EXCEEDED',
    })
  })

  it.each([0, -1, Number.NaN, 1.5, '1000'])(
    'rejects maxPbkdf2Iterations %s with ERR_SMIME_INVALID_INPUT',
    async (value) => {
      const options = { maxPbkdf2Iterations: value as number }
      await expect(
        decryptMessage(passwordAes!.eml, { password: 'x' }, options),
      ).rejects.toMatchObject({ code: 'ERR_SMIME_INVALID_INPUT' })
    },
  )

  it('lists the password recipient in ERR_SMIME_NOT_A_RECIPIENT for a certificate identity', async () => {
    const alice = { certificate: testPki.alice, privateKey: await readPrivateKey(testPki.aliceKey) }
    const error = await decryptMessage(passwordAes!.eml, alice).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'ERR_SMIME_NOT_A_RECIPIENT',
      recipients: [{ kind: 'password' }],
    })
  })

  it('openMessage opens a password message and names no certificate', async () => {
    const opened = await openMessage(passwordAes!.eml, {
      identities: [{ password: passwordAes!.password }],
    })
    expect(opened.layers).toMatchObject([
      { kind: 'encrypted', recipient: undefined, identityIndex: 0, authenticated: false },
    ])
    expect(dec(opened.message.raw)).toContain('The meeting is at noon.')
  })
})

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
}
