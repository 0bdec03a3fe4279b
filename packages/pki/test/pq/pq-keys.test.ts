import { describe, expect, it } from 'vitest'
import {
  Certificate,
  PkiError,
  readPkcs12,
  readPrivateKey,
  writePkcs12,
  writePrivateKey,
} from '@siegel/pki'
import { der, DerReader } from '@siegel/pki/der'
import { badMlDsaKeys, mlDsaExamples, pemDer, slhDsaExample } from '../fixtures/pq.js'

const forms = ['seed', 'expanded', 'both'] as const

async function code(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
  } catch (error) {
    if (error instanceof PkiError) return error.code
    throw error
  }
  return undefined
}

/** A PKCS#8 PrivateKeyInfo around `privateKey` for the algorithm `oid`. */
function pkcs8(oid: string, privateKey: Uint8Array, parameters?: Uint8Array): Uint8Array {
  return der.seq(
    der.int(0),
    der.seq(der.oid(oid), ...(parameters ? [parameters] : [])),
    der.octets(privateKey),
  )
}

describe('ML-DSA private keys (RFC 9881 Appendix C)', () => {
  it.each(mlDsaExamples.flatMap((e) => forms.map((form) => [e.name, form, e] as const)))(
    'reads the %s %s form and derives the published public key and certificate key',
    async (name, form, example) => {
      const key = await readPrivateKey(example[form])
      expect(key.type).toBe(name)
      expect(String(key)).toBe(`PrivateKey(${name})`)
      // FIPS 204 KeyGen through Siegel's encoding: the published SubjectPublicKeyInfo, bit for bit.
      const spki = await key.publicKeyInfo()
      expect(spki).toEqual(pemDer(example.pub))
      expect(spki).toEqual(Certificate.from(example.cert).publicKey.spki)
    },
  )

  it.each([
    ['1 (seed and expandedKey differ)', badMlDsaKeys.bad1],
    ['2 (tr does not match the public key)', badMlDsaKeys.bad2],
    ['3 (t0 is not the low part of A·s1 + s2)', badMlDsaKeys.bad3],
  ])('rejects inconsistent key %s of Appendix C.4 with ERR_PKI_MALFORMED_KEY', async (_, pem) => {
    expect(await code(readPrivateKey(pem))).toBe('ERR_PKI_MALFORMED_KEY')
  })

  it('refuses to make a WebCrypto key of it (ERR_PKI_UNSUPPORTED_ALGORITHM)', async () => {
    const key = await readPrivateKey(mlDsaExamples[0].seed)
    expect(await code(key.toCryptoKey())).toBe('ERR_PKI_UNSUPPORTED_ALGORITHM')
  })

  it('rejects wrong lengths, a wrong CHOICE and parameters with ERR_PKI_MALFORMED_KEY', async () => {
    const oid = '2.16.840.1.101.3.4.3.17'
    const cases = [
      pkcs8(oid, der.ctx(0, false, new Uint8Array(31))), // seed of 31 bytes
      pkcs8(oid, der.octets(new Uint8Array(2559))), // expandedKey one byte short
      pkcs8(oid, der.seq(der.octets(new Uint8Array(32)), der.octets(new Uint8Array(10)))),
      pkcs8(oid, der.ctx(1, false, new Uint8Array(32))), // no such CHOICE
      pkcs8(oid, new Uint8Array(32)), // the bare seed, not DER
      pkcs8(oid, der.ctx(0, false, new Uint8Array(32)), der.null()),
      pkcs8('2.16.840.1.101.3.4.3.20', new Uint8Array(63)), // SLH-DSA-SHA2-128s raw key short
    ]
    for (const bytes of cases)
      expect(await code(readPrivateKey(bytes))).toBe('ERR_PKI_MALFORMED_KEY')
  })

  it('rejects an unknown parameter-set OID with ERR_PKI_UNSUPPORTED_ALGORITHM', async () => {
    const bytes = pkcs8('2.16.840.1.101.3.4.3.99', der.ctx(0, false, new Uint8Array(32)))
    expect(await code(readPrivateKey(bytes))).toBe('ERR_PKI_UNSUPPORTED_ALGORITHM')
  })

  it('keeps the form through writePrivateKey and PKCS#12', async () => {
    const example = mlDsaExamples[1]
    const certificate = Certificate.from(example.cert)
    for (const form of forms) {
      const key = await readPrivateKey(example[form])
      const pem = await writePrivateKey(key, { password: 'pq', iterations: 1000 })
      const again = await readPrivateKey(pem, { password: 'pq' })
      expect(again.type).toBe('ML-DSA-65')
      expect(await again.publicKeyInfo()).toEqual(certificate.publicKey.spki)
      const p12 = await writePkcs12({ key, certificate }, 'pq', { iterations: 1000 })
      const { identities } = await readPkcs12(p12, 'pq')
      expect(identities).toHaveLength(1)
      expect(identities[0]!.key.type).toBe('ML-DSA-65')
      expect(identities[0]!.certificate?.der).toEqual(certificate.der)
    }
  })
})

describe('SLH-DSA private keys (RFC 9909 Appendix C)', () => {
  it('reads the SLH-DSA-SHA2-128s key; its public key is the published one and the certificate key', async () => {
    const key = await readPrivateKey(slhDsaExample.priv)
    expect(key.type).toBe('SLH-DSA-SHA2-128s')
    const spki = await key.publicKeyInfo()
    expect(spki).toEqual(pemDer(slhDsaExample.pub))
    expect(spki).toEqual(Certificate.from(slhDsaExample.cert).publicKey.spki)
    expect(Certificate.from(slhDsaExample.cert).publicKey.type).toBe('SLH-DSA-SHA2-128s')
  })

  it('rejects a OneAsymmetricKey whose publicKey belongs to another key', async () => {
    const reader = new DerReader('ERR_PKI_MALFORMED_KEY', 'test')
    const [, algorithm, privateKey] = reader.sequence(reader.one(pemDer(slhDsaExample.priv)), 'key')
    // OneAsymmetricKey v2 (RFC 5958 §2) with [1] IMPLICIT BIT STRING publicKey
    const withPublicKey = (publicKey: Uint8Array): Uint8Array =>
      der.seq(
        der.int(1),
        algorithm!.raw,
        privateKey!.raw,
        der.ctx(1, false, Uint8Array.of(0, ...publicKey)),
      )
    const own = reader.octets(privateKey, 'key').subarray(32)
    expect((await readPrivateKey(withPublicKey(own))).type).toBe('SLH-DSA-SHA2-128s')
    const other = new Uint8Array(32).fill(7)
    expect(await code(readPrivateKey(withPublicKey(other)))).toBe('ERR_PKI_MALFORMED_KEY')
  })
})
