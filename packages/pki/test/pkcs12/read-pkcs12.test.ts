import { describe, expect, it } from 'vitest'
import { Certificate, createSignature, readPkcs12, verifySignature } from '@siegel/pki'
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

  it('rejects a wrong password with ERR_PKI_BAD_PASSWORD', async () => {
    await expect(readPkcs12(pkcs12Vectors.alice, 'bob')).rejects.toMatchObject({
      code: 'ERR_PKI_BAD_PASSWORD',
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

  it('reads a file protected by its MAC only, and says ERR_PKI_BAD_PASSWORD for a wrong password', async () => {
    const contents = await readPkcs12(fixture('mac-only.p12'), PASSWORD)
    expect(contents.identities[0]!.certificate?.der).toEqual(full.der)
    await expect(readPkcs12(fixture('mac-only.p12'), 'falsch')).rejects.toMatchObject({
      code: 'ERR_PKI_BAD_PASSWORD',
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

  it('tells a wrong password (ERR_PKI_BAD_PASSWORD) from a damaged MAC (ERR_PKI_MAC_MISMATCH)', async () => {
    for (const name of ['modern.p12', 'legacy.p12']) {
      await expect(readPkcs12(fixture(name), 'falsch')).rejects.toMatchObject({
        code: 'ERR_PKI_BAD_PASSWORD',
      })
      const damaged = fixture(name).slice()
      damaged[damaged.length - 30] = damaged[damaged.length - 30]! ^ 0x01 // inside the MAC value
      await expect(readPkcs12(damaged, PASSWORD)).rejects.toMatchObject({
        code: 'ERR_PKI_MAC_MISMATCH',
      })
    }
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
