import { describe, expect, it } from 'vitest'
import { Certificate, readPkcs12, readPrivateKey, writePkcs12, writePrivateKey } from '@siegel/pki'
import { fixture, fixtureText } from '../fixtures/openssl-fixtures.js'

const full = Certificate.from(fixtureText('full.pem'))
const ca = Certificate.from(fixtureText('ca.pem'))

describe('writePkcs12', () => {
  it.each(['modern', 'legacy'] as const)('writes a %s file that reads back', async (compat) => {
    const key = await readPrivateKey(fixture('full.key.pem'))
    const p12 = await writePkcs12({ key, certificate: full }, 'geheim', {
      compat,
      friendlyName: 'Erika Mustermann',
      chain: [ca],
      iterations: 2048,
    })
    const contents = await readPkcs12(p12, 'geheim')
    expect(contents.integrity).toEqual({
      mac: compat === 'modern' ? 'SHA-256' : 'SHA-1',
      iterations: 2048,
    })
    expect(contents.identities).toHaveLength(1)
    expect(contents.identities[0]).toMatchObject({ friendlyName: 'Erika Mustermann' })
    expect(contents.identities[0]!.certificate?.der).toEqual(full.der)
    expect(contents.identities[0]!.chain.map((c) => c.der)).toEqual([ca.der])
    expect(await contents.identities[0]!.key.publicKeyInfo()).toEqual(full.publicKey.spki)
  })

  it('refuses a key that does not belong to the certificate with ERR_PKI_KEY_MISMATCH', async () => {
    const other = await readPrivateKey(fixture('ec-P-256.pkcs8.pem'))
    await expect(writePkcs12({ key: other, certificate: full }, 'x')).rejects.toMatchObject({
      code: 'ERR_PKI_KEY_MISMATCH',
    })
  })

  it('validates its options with ERR_PKI_INVALID_OPTION', async () => {
    const key = await readPrivateKey(fixture('full.key.pem'))
    for (const options of [
      { iterations: 0 },
      { iterations: Number.NaN },
      { compat: 'old' as 'legacy' },
    ]) {
      await expect(writePkcs12({ key, certificate: full }, 'x', options)).rejects.toMatchObject({
        code: 'ERR_PKI_INVALID_OPTION',
      })
    }
  })
})

describe('writePrivateKey', () => {
  it('writes encrypted PKCS#8 that reads back only with the password', async () => {
    const key = await readPrivateKey(fixture('ec-P-384.pkcs8.pem'))
    const pem = await writePrivateKey(key, { password: 'geheim', iterations: 2048 })
    expect(pem).toContain('BEGIN ENCRYPTED PRIVATE KEY')
    const back = await readPrivateKey(pem, { password: 'geheim' })
    expect(await back.publicKeyInfo()).toEqual(await key.publicKeyInfo())
    await expect(readPrivateKey(pem, { password: 'falsch' })).rejects.toMatchObject({
      code: 'ERR_PKI_BAD_PASSWORD',
    })
    await expect(writePrivateKey(key, { password: '' })).rejects.toMatchObject({
      code: 'ERR_PKI_INVALID_OPTION',
    })
  })
})
