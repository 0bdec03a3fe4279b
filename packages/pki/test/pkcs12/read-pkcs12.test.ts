import { describe, expect, it } from 'vitest'
import {
  Certificate,
  createSignature,
  LimitExceededError,
  readPkcs12,
  verifySignature,
} from '@siegel/pki'
import { pkcs12Vectors, rfc9216 } from '../fixtures/vectors.js'
import { fixture, fixtureText, PASSWORD } from '../fixtures/openssl-fixtures.js'

const data = new TextEncoder().encode('signed bytes')

describe('readPkcs12 with the RFC 9216 files (3DES, SHA-1 MAC)', () => {
  it.each([
    ['alice', 'RSA'],
    ['bob', 'RSA'],
    ['carlos', 'Ed25519'],
    ['dana', 'Ed25519'],
  ] as const)('reads %s', async (name, type) => {
    const contents = await readPkcs12(pkcs12Vectors[name], name)
    expect(contents.integrity).toEqual({ mac: 'SHA-1', iterations: expect.any(Number) })
    const signCert = Certificate.from(rfc9216(`${name}.sign.crt`))
    const encryptCert = Certificate.from(rfc9216(`${name}.encrypt.crt`))
    const ders = contents.identities.map((i) => i.certificate?.der)
    expect(ders).toContainEqual(signCert.der)
    expect(ders).toContainEqual(encryptCert.der)
    const signing = contents.identities.find(
      (i) => i.certificate?.serialNumber === signCert.serialNumber,
    )!
    expect(signing.key.type).toBe(type)
    expect(signing.chain.length).toBeGreaterThan(0)
    const cryptoKey = await signing.key.toCryptoKey()
    const signed = await createSignature(cryptoKey, data)
    const check = await verifySignature(
      signing.certificate!,
      data,
      signed.signature,
      signed.algorithm,
      {
        digest: signed.digest,
      },
    )
    expect(check.valid).toBe(true)
  })

  it('rejects a wrong password with ERR_PKI_MAC_MISMATCH (the MAC is checked first)', async () => {
    await expect(readPkcs12(pkcs12Vectors.alice, 'bob')).rejects.toMatchObject({
      code: 'ERR_PKI_MAC_MISMATCH',
    })
  })
})

describe('readPkcs12 with Bouncy Castle johndoe.p12 (empty password, RC2-40)', () => {
  it('reads the key and certificate', async () => {
    const contents = await readPkcs12(pkcs12Vectors.johndoe, '')
    expect(contents.identities).toHaveLength(1)
    expect(contents.identities[0]!.certificate).toBeDefined()
  })
})

describe('readPkcs12 with OpenSSL-made files', () => {
  const full = Certificate.from(fixtureText('full.pem'))
  const ca = Certificate.from(fixtureText('ca.pem'))

  it.each([
    ['modern.p12', PASSWORD, 'SHA-256'],
    ['legacy.p12', PASSWORD, 'SHA-1'],
    ['windows-3des.p12', PASSWORD, 'SHA-1'],
    ['rc2-128.p12', PASSWORD, 'SHA-1'],
    ['empty-password.p12', '', 'SHA-256'],
  ])('%s: key, certificate, chain, friendly name and local key ID', async (name, password, mac) => {
    const contents = await readPkcs12(fixture(name), password)
    expect(contents.integrity).toEqual({ mac, iterations: 2048 })
    expect(contents.identities).toHaveLength(1)
    const [identity] = contents.identities
    expect(identity!.certificate?.der).toEqual(full.der)
    expect(identity!.chain.map((c) => c.der)).toEqual([ca.der])
    expect(identity!.friendlyName).toBe('Erika Mustermann')
    expect(identity!.localKeyId).toHaveLength(20)
    expect(contents.certificates.map((c) => c.certificate.serialNumber).sort()).toEqual([
      '00c0ffee',
      '0a',
    ])
    expect(await identity!.key.publicKeyInfo()).toEqual(full.publicKey.spki)
  })

  it('reads a file protected by its MAC only, and says ERR_PKI_MAC_MISMATCH for a wrong password', async () => {
    const contents = await readPkcs12(fixture('mac-only.p12'), PASSWORD)
    expect(contents.identities[0]!.certificate?.der).toEqual(full.der)
    await expect(readPkcs12(fixture('mac-only.p12'), 'falsch')).rejects.toMatchObject({
      code: 'ERR_PKI_MAC_MISMATCH',
    })
  })

  it('reads a file with only a key', async () => {
    const contents = await readPkcs12(fixture('ec-key-only.p12'), PASSWORD)
    expect(contents.identities[0]).toMatchObject({
      certificate: undefined,
      chain: [],
      friendlyName: 'EC key only',
    })
    expect(contents.identities[0]!.key.namedCurve).toBe('P-256')
  })

  it('decrypts nothing when the MAC fails: a wrong password and a damaged MAC give ERR_PKI_MAC_MISMATCH', async () => {
    for (const name of ['modern.p12', 'legacy.p12']) {
      const { crypto, calls } = countingCrypto()
      await expect(readPkcs12(fixture(name), 'falsch', { crypto })).rejects.toMatchObject({
        code: 'ERR_PKI_MAC_MISMATCH',
      })
      const damaged = fixture(name).slice()
      damaged[damaged.length - 30] = damaged[damaged.length - 30]! ^ 0x01 // inside the MAC value
      await expect(readPkcs12(damaged, PASSWORD, { crypto })).rejects.toMatchObject({
        code: 'ERR_PKI_MAC_MISMATCH',
      })
      expect(calls).toEqual([])
    }
  })

  it('says ERR_PKI_BAD_PASSWORD for a wrong password on a file without MAC', async () => {
    const bare = withoutMac(fixture('modern.p12'))
    expect((await readPkcs12(bare, PASSWORD)).integrity).toEqual({ mac: 'none' })
    await expect(readPkcs12(bare, 'falsch')).rejects.toMatchObject({
      code: 'ERR_PKI_BAD_PASSWORD',
    })
  })

  it('rejects garbage with ERR_PKI_MALFORMED_PKCS12 and PEM without PKCS12 with ERR_PKI_INVALID_PEM', async () => {
    await expect(readPkcs12(Uint8Array.of(0x30, 0x03, 2, 1, 3), '')).rejects.toMatchObject({
      code: 'ERR_PKI_MALFORMED_PKCS12',
    })
    await expect(readPkcs12(fixtureText('full.pem'), '')).rejects.toMatchObject({
      code: 'ERR_PKI_INVALID_PEM',
    })
  })
})

describe('readPkcs12 key-derivation limits', () => {
  // Iterations booked per file: the MAC (one chain), then each safe and key by its output
  // blocks. modern.p12: MAC + AES-256 from PBKDF2-SHA-256 (one block) twice, 3 x 2048.
  // legacy.p12: MAC + RC2-40 key and IV (2 chains) + 3DES key (2 chains) and IV, 6 x 2048.
  it.each([
    ['modern.p12', 3 * 2048],
    ['legacy.p12', 6 * 2048],
  ])('%s needs maxTotalIterations >= %i and maxIterations >= 2048', async (name, total) => {
    const file = fixture(name)
    await expect(readPkcs12(file, PASSWORD, { maxTotalIterations: total })).resolves.toBeDefined()
    await expect(
      readPkcs12(file, PASSWORD, { maxTotalIterations: total - 1 }),
    ).rejects.toMatchObject({ code: 'ERR_PKI_LIMIT_EXCEEDED', limit: 'maxTotalIterations' })
    await expect(readPkcs12(file, PASSWORD, { maxIterations: 2048 })).resolves.toBeDefined()
    const error = await readPkcs12(file, PASSWORD, { maxIterations: 2047 }).catch((e) => e)
    expect(error).toBeInstanceOf(LimitExceededError)
    expect(error).toMatchObject({ limit: 'maxIterations', actual: 2048, max: 2047 })
  })

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '5000000', null])(
    'rejects the limit option %s with ERR_PKI_INVALID_OPTION instead of disabling the limit',
    async (value) => {
      for (const option of ['maxIterations', 'maxTotalIterations'])
        await expect(
          readPkcs12(fixture('modern.p12'), PASSWORD, { [option]: value as number }),
        ).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_OPTION' })
    },
  )
})

/** A WebCrypto that records every subtle call it passes on. */
function countingCrypto(): { crypto: Crypto; calls: string[] } {
  const calls: string[] = []
  const real = globalThis.crypto.subtle
  const subtle = new Proxy(real, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        calls.push(String(name))
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return {
    crypto: { subtle, getRandomValues: (a) => globalThis.crypto.getRandomValues(a) } as Crypto,
    calls,
  }
}

/** The PFX without its MacData (RFC 7292 §4: macData is OPTIONAL): a file without integrity. */
function withoutMac(pfx: Uint8Array): Uint8Array {
  const tlvEnd = (at: number): number => {
    const first = pfx[at + 1]!
    if (first < 0x80) return at + 2 + first
    let length = 0
    for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + pfx[at + 2 + i]!
    return at + 2 + (first & 0x7f) + length
  }
  const start = pfx[1]! < 0x80 ? 2 : 2 + (pfx[1]! & 0x7f)
  const body = pfx.subarray(start, tlvEnd(tlvEnd(start))) // version, authSafe
  const length: number[] = []
  for (let n = body.length; n > 0; n >>= 8) length.unshift(n & 0xff)
  return new Uint8Array([0x30, 0x80 | length.length, ...length, ...body]) // over 127 bytes
}
