import { describe, expect, it } from 'vitest'
import { Certificate, createSignature, readPkcs12, verifySignature } from '@siegel/pki'
import { pkcs12Vectors, rfc9216 } from '../fixtures/vectors.js'

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
