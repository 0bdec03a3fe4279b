import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey, verifyCertificate } from '@siegel/pki'
import { rfc4134, rfc9216 } from '../fixtures/vectors.js'

describe('RFC 9216 example certificates and keys', () => {
  const caRsa = Certificate.from(rfc9216('ca.rsa.crt'))
  const ca25519 = Certificate.from(rfc9216('ca.25519.crt'))
  const cross = Certificate.from(rfc9216('ca.25519.cross.crt'))

  it.each([
    [
      'alice.sign.crt',
      'Alice Lovelace',
      'alice@smime.example',
      'RSA',
      ['digitalSignature', 'nonRepudiation'],
      '37410579ed757f42a9a25c3af4f86ace9aa9d7',
    ],
    ['bob.encrypt.crt', 'Bob Babbage', 'bob@smime.example', 'RSA', ['keyEncipherment'], undefined],
    [
      'carlos.sign.crt',
      'Carlos Turing',
      'carlos@smime.example',
      'Ed25519',
      ['digitalSignature', 'nonRepudiation'],
      '3f5e1f5424d1b40143780f73c18a17851e7696',
    ],
    [
      'dana.encrypt.crt',
      'Dana Hopper',
      'dana@smime.example',
      'X25519',
      ['keyAgreement'],
      '0e4b0a36a9efba9c9a3b68248e521dc0def3a7',
    ],
  ])('%s: %s <%s>, %s', (file, name, email, type, usage, serial) => {
    const cert = Certificate.from(rfc9216(file))
    expect(cert.subject).toBe(`CN=${name},OU=LAMPS WG,O=IETF`)
    expect(cert.emailAddresses).toEqual([email])
    expect(cert.publicKey.type).toBe(type)
    expect(cert.keyUsage).toEqual(usage)
    if (serial) expect(cert.serialNumber).toBe(serial)
    expect(cert.notAfter.getUTCFullYear()).toBe(2052)
  })

  it('chains every user certificate to its CA, the Ed25519 CA also through the cross-certificate', async () => {
    const at = new Date('2030-01-01')
    for (const name of ['alice', 'bob']) {
      for (const kind of ['sign', 'encrypt']) {
        const cert = Certificate.from(rfc9216(`${name}.${kind}.crt`))
        expect((await verifyCertificate(cert, { anchors: [caRsa], at })).trusted).toBe(true)
      }
    }
    const carlos = Certificate.from(rfc9216('carlos.sign.crt'))
    expect((await verifyCertificate(carlos, { anchors: [ca25519], at })).trusted).toBe(true)
    expect(
      (await verifyCertificate(carlos, { anchors: [caRsa], intermediates: [cross], at })).trusted,
    ).toBe(true)
  })

  it.each([
    ['alice.sign.key', 'alice.sign.crt'],
    ['alice.decrypt.key', 'alice.encrypt.crt'],
    ['bob.sign.key', 'bob.sign.crt'],
    ['carlos.sign.key', 'carlos.sign.crt'],
    ['dana.decrypt.key', 'dana.encrypt.crt'],
    ['ca.25519.key', 'ca.25519.crt'],
  ])('%s belongs to %s', async (keyFile, certFile) => {
    const key = await readPrivateKey(rfc9216(keyFile))
    expect(await key.publicKeyInfo()).toEqual(Certificate.from(rfc9216(certFile)).publicKey.spki)
  })
})

describe('RFC 4134 example certificates and keys', () => {
  it('reads the RSA and DSA certificates with their e-mail addresses', () => {
    const alice = Certificate.from(rfc4134('AliceRSASignByCarl.cer'))
    expect(alice.subject).toBe('CN=AliceRSA')
    expect(alice.emailAddresses).toEqual(['AliceRSA@example.com'])
    expect(alice.serialNumber).toBe('46346bc7800056bc11d36e2ec410b3b0')
    expect(alice.publicKey).toMatchObject({ type: 'RSA', modulusBits: 1024 })
    const dss = Certificate.from(rfc4134('AliceDSSSignByCarlNoInherit.cer'))
    expect(dss.publicKey.type).toBe('1.2.840.10040.4.1') // DSA: read, but not a key type Siegel uses
    expect(dss.emailAddresses).toEqual(['AliceDSS@example.com'])
    expect(Certificate.from(rfc4134('CarlRSASelf.cer')).isCA).toBe(true)
  })

  it('reads the RSA keys, and refuses the DSA keys with ERR_PKI_UNSUPPORTED_ALGORITHM', async () => {
    const key = await readPrivateKey(rfc4134('AlicePrivRSASign.pri'))
    expect(await key.publicKeyInfo()).toEqual(
      Certificate.from(rfc4134('AliceRSASignByCarl.cer')).publicKey.spki,
    )
    await expect(readPrivateKey(rfc4134('AlicePrivDSSSign.pri'))).rejects.toMatchObject({
      code: 'ERR_PKI_UNSUPPORTED_ALGORITHM',
    })
  })
})
