import { describe, expect, it } from 'vitest'
import {
  Certificate,
  createSignature,
  LimitExceededError,
  readPrivateKey,
  verifySignature,
} from '@siegel/pki'
import { der } from '../../src/lib/der.js'
import { fixture, fixtureText, PASSWORD } from '../fixtures/openssl-fixtures.js'

const full = Certificate.from(fixtureText('full.pem'))
const data = new TextEncoder().encode('signed bytes')

describe('readPrivateKey: the RSA key of full.pem in every container', () => {
  it.each([
    ['full.key.pem', 'PKCS#8 PEM'],
    ['rsa.pkcs8.der', 'PKCS#8 DER'],
    ['rsa.pkcs1.pem', 'PKCS#1 PEM'],
    ['rsa.pkcs1.der', 'PKCS#1 DER'],
    ['rsa.pbes2-aes256.pem', 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC'],
    ['rsa.pbes2-aes128-sha1.der', 'PBES2 PBKDF2-HMAC-SHA1 AES-128-CBC, DER'],
    ['rsa.pbes2-des3.pem', 'PBES2 with 3DES'],
    ['rsa.pkcs12-3des.pem', 'pbeWithSHAAnd3-KeyTripleDES-CBC'],
    ['rsa.pkcs12-rc2-128.pem', 'pbeWithSHAAnd128BitRC2-CBC'],
    ['rsa.pbes1-sha1-des.pem', 'PBES1 pbeWithSHA1AndDES-CBC'],
  ])('%s (%s) signs what the certificate verifies', async (name) => {
    const key = await readPrivateKey(fixture(name), { password: PASSWORD })
    expect(key.toJSON()).toEqual({ type: 'RSA', modulusBits: 2048 })
    const signed = await createSignature(await key.toCryptoKey(), data)
    const check = await verifySignature(full, data, signed.signature, signed.algorithm, {
      digest: signed.digest,
    })
    expect(check.valid).toBe(true)
    expect(await key.publicKeyInfo()).toEqual(full.publicKey.spki)
  })

  it('reads PBES2 with AES-192 where the runtime has AES-192, else ERR_PKI_UNSUPPORTED_ALGORITHM', async () => {
    // Chromium has no 192-bit AES; gate on the capability, not on the runtime's name.
    const hasAes192 = await globalThis.crypto.subtle
      .importKey('raw', new Uint8Array(24), 'AES-CBC', false, ['decrypt'])
      .then(() => true)
      .catch(() => false)
    const reading = readPrivateKey(fixture('rsa.pbes2-aes192.pem'), { password: PASSWORD })
    if (hasAes192) expect((await reading).toJSON()).toEqual({ type: 'RSA', modulusBits: 2048 })
    else await expect(reading).rejects.toMatchObject({ code: 'ERR_PKI_UNSUPPORTED_ALGORITHM' })
  })

  it('rejects an encrypted key without password (ERR_PKI_PASSWORD_REQUIRED) or with a wrong one (ERR_PKI_BAD_PASSWORD)', async () => {
    await expect(readPrivateKey(fixture('rsa.pbes2-aes256.pem'))).rejects.toMatchObject({
      code: 'ERR_PKI_PASSWORD_REQUIRED',
    })
    for (const name of ['rsa.pbes2-aes256.pem', 'rsa.pkcs12-3des.pem', 'rsa.pkcs12-rc2-128.pem']) {
      await expect(readPrivateKey(fixture(name), { password: 'falsch' })).rejects.toMatchObject({
        code: 'ERR_PKI_BAD_PASSWORD',
      })
    }
  })
})

describe('readPrivateKey: every key type', () => {
  it.each(['P-256', 'P-384', 'P-521'])('EC %s as SEC1 PEM, SEC1 DER and PKCS#8', async (curve) => {
    const keys = await Promise.all(
      [`ec-${curve}.sec1.pem`, `ec-${curve}.sec1.der`, `ec-${curve}.pkcs8.pem`].map((n) =>
        readPrivateKey(fixture(n)),
      ),
    )
    const spkis = await Promise.all(keys.map((k) => k.publicKeyInfo()))
    for (const key of keys) expect(key.toJSON()).toEqual({ type: 'EC', namedCurve: curve })
    expect(spkis[1]).toEqual(spkis[0])
    expect(spkis[2]).toEqual(spkis[0])
    const signing = await keys[0]!.toCryptoKey()
    expect(signing.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: curve })
    const agreeing = await keys[0]!.toCryptoKey({ usage: 'decrypt' })
    expect(agreeing.algorithm.name).toBe('ECDH')
  })

  it('Ed25519 signs, X25519 agrees, RSA-PSS signs with PSS', async () => {
    const ed = await readPrivateKey(fixture('ed25519.pkcs8.pem'))
    expect((await ed.toCryptoKey()).algorithm.name).toBe('Ed25519')
    const x = await readPrivateKey(fixture('x25519.pkcs8.pem'))
    expect((await x.toCryptoKey({ usage: 'decrypt' })).algorithm.name).toBe('X25519')
    await expect(x.toCryptoKey()).rejects.toMatchObject({ code: 'ERR_PKI_UNSUPPORTED_ALGORITHM' })
    const pss = await readPrivateKey(fixture('rsa-pss.pkcs8.pem'))
    expect(pss.type).toBe('RSA-PSS')
    expect((await pss.toCryptoKey()).algorithm.name).toBe('RSA-PSS')
  })

  it('Ed448 and X448 work where the runtime has them, else ERR_PKI_UNSUPPORTED_ALGORITHM', async () => {
    const supported = await globalThis.crypto.subtle
      .generateKey({ name: 'Ed448' }, false, ['sign'])
      .then(() => true)
      .catch(() => false)
    const ed448 = await readPrivateKey(fixture('ed448.pkcs8.pem'))
    const x448 = await readPrivateKey(fixture('x448.pkcs8.pem'))
    expect([ed448.type, x448.type]).toEqual(['Ed448', 'X448'])
    if (supported) {
      expect((await ed448.toCryptoKey()).algorithm.name).toBe('Ed448')
      expect((await x448.toCryptoKey({ usage: 'decrypt' })).algorithm.name).toBe('X448')
    } else {
      await expect(ed448.toCryptoKey()).rejects.toMatchObject({
        code: 'ERR_PKI_UNSUPPORTED_ALGORITHM',
      })
      await expect(x448.toCryptoKey({ usage: 'decrypt' })).rejects.toMatchObject({
        code: 'ERR_PKI_UNSUPPORTED_ALGORITHM',
      })
    }
  })
})

describe('PrivateKey keeps its material to itself', () => {
  it('shows neither in properties, JSON nor string form', async () => {
    const key = await readPrivateKey(fixture('full.key.pem'))
    expect(Object.keys(key)).toEqual(['type', 'namedCurve', 'modulusBits'])
    expect(JSON.stringify(key)).toBe('{"type":"RSA","modulusBits":2048}')
    expect(String(key)).toBe('PrivateKey(RSA 2048)')
    const inspect = (key as unknown as Record<symbol, () => string>)[
      Symbol.for('nodejs.util.inspect.custom')
    ]!
    expect(inspect.call(key)).toBe('PrivateKey(RSA 2048)')
    expect(Object.isFrozen(key)).toBe(true)
    expect((await key.toCryptoKey()).extractable).toBe(false)
  })
})

describe('readPrivateKey limits', () => {
  it('refuses an iteration count over a million with ERR_PKI_LIMIT_EXCEEDED, before deriving', async () => {
    const pbkdf2 = der.seq(
      der.oid('1.2.840.113549.1.5.12'),
      der.seq(der.octets(new Uint8Array(8)), der.int(2_000_000_000)),
    )
    const aes = der.seq(der.oid('2.16.840.1.101.3.4.1.42'), der.octets(new Uint8Array(16)))
    const algorithm = der.seq(der.oid('1.2.840.113549.1.5.13'), der.seq(pbkdf2, aes))
    const encrypted = der.seq(algorithm, der.octets(new Uint8Array(32)))
    await expect(readPrivateKey(encrypted, { password: 'x' })).rejects.toMatchObject({
      code: 'ERR_PKI_LIMIT_EXCEEDED',
      limit: 'maxIterations',
    })
    // A million is allowed by default, a few more only when raised (checked, not derived here).
    const over = readPrivateKey(encrypted, { password: 'x', maxIterations: 1_999_999_999 })
    await expect(over).rejects.toBeInstanceOf(LimitExceededError)
  })

  // One chain of iterations per output block: PBKDF2-SHA-256 gives AES-256 and 3DES keys in one
  // block, PBKDF2-SHA-1 AES-128 in one; the PKCS#12 KDF with SHA-1 needs two for the 3DES key
  // and one for the IV; PBKDF1 one.
  it.each([
    ['rsa.pbes2-aes256.pem', 2048],
    ['rsa.pbes2-aes128-sha1.der', 2048],
    ['rsa.pbes2-des3.pem', 2048],
    ['rsa.pkcs12-3des.pem', 3 * 2048],
    ['rsa.pbes1-sha1-des.pem', 2048],
  ])('%s costs %i iterations of maxTotalIterations', async (name, work) => {
    const key = fixture(name)
    const options = { password: PASSWORD, maxTotalIterations: work }
    await expect(readPrivateKey(key, options)).resolves.toBeDefined()
    await expect(
      readPrivateKey(key, { ...options, maxTotalIterations: work - 1 }),
    ).rejects.toMatchObject({ limit: 'maxTotalIterations', actual: work, max: work - 1 })
  })

  it('refuses a PBKDF2 keyLength that is not the cipher key size with ERR_PKI_MALFORMED_KEY', async () => {
    const pbkdf2 = (keyLength: number): Uint8Array =>
      der.seq(
        der.oid('1.2.840.113549.1.5.12'),
        der.seq(der.octets(new Uint8Array(8)), der.int(2048), der.int(keyLength)),
      )
    const aes = der.seq(der.oid('2.16.840.1.101.3.4.1.42'), der.octets(new Uint8Array(16)))
    for (const keyLength of [16, 33, 245, 1 << 24]) {
      const algorithm = der.seq(der.oid('1.2.840.113549.1.5.13'), der.seq(pbkdf2(keyLength), aes))
      const encrypted = der.seq(algorithm, der.octets(new Uint8Array(32)))
      await expect(readPrivateKey(encrypted, { password: 'x' })).rejects.toMatchObject({
        code: 'ERR_PKI_MALFORMED_KEY',
      })
    }
  })

  it.each([0, -5, 2.5, Number.NaN, '1000', null])(
    'rejects the limit option %s with ERR_PKI_INVALID_OPTION',
    async (value) => {
      for (const option of ['maxIterations', 'maxTotalIterations'])
        await expect(
          readPrivateKey(fixture('rsa.pbes2-aes256.pem'), {
            password: PASSWORD,
            [option]: value as number,
          }),
        ).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_OPTION' })
    },
  )
})
