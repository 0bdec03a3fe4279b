// The ML-KEM EnvelopedData and AuthEnvelopedData of the IETF PQC hackathon (CMS round v3),
// written by Bouncy Castle, CryptoNext and Carl Wallace's Rust implementation: every parameter
// set, with and without ukm, HKDF-SHA256 and HKDF-SHA512, AES-CBC and AES-GCM.
import { describe, expect, it } from 'vitest'
import { Certificate, decapsulateKey, readPrivateKey } from '@siegel/pki'
import { decryptData } from '@siegel/core'
import { artifact, artifactNames, PRODUCERS } from '../pqc-hackathon.js'

const dec = (b: Uint8Array): string => new TextDecoder().decode(b)
const cases = Object.entries(PRODUCERS).flatMap(([producer, { prefix, key }]) =>
  artifactNames(producer)
    .filter((name) => name.includes('_kemri'))
    .map((name) => {
      const base = prefix.exec(name)![0]
      return { producer, name, certificate: `${base}_ee.der`, key: `${base}${key}` }
    }),
)

describe('IETF hackathon ML-KEM KEMRecipientInfo artifacts', () => {
  it('has every producer’s twelve messages', () => {
    expect(cases.map((c) => c.producer)).toEqual([
      ...Array<string>(12).fill('bc'),
      ...Array<string>(12).fill('cryptonext'),
      ...Array<string>(12).fill('redhound'),
    ])
  })

  it.each(cases)('$producer $name decrypts', async ({ producer, name, certificate, key }) => {
    const identity = {
      certificate: Certificate.from(artifact(producer, certificate)),
      privateKey: await readPrivateKey(artifact(producer, key)),
    }
    const result = await decryptData(artifact(producer, name), identity)
    expect(dec(result.content)).toBe(dec(artifact(producer, 'expected_plaintext.txt')))
    expect(result.authenticated).toBe(name.includes('_auth'))
    expect(result.recipient).toHaveProperty('kem', identity.privateKey.type)
  })
})

describe('ML-KEM decapsulation known answers (redhound: ciphertext and shared secret)', () => {
  it.each([
    'mlkem512-2.16.840.1.101.3.4.4.1',
    'mlkem768-2.16.840.1.101.3.4.4.2',
    'mlkem1024-2.16.840.1.101.3.4.4.3',
  ])(
    '%s: the seed, expanded and both private keys give the published shared secret',
    async (base) => {
      const ciphertext = artifact('redhound', `${base}_ciphertext.bin`)
      const expected = Array.from(artifact('redhound', `${base}_ss.bin`))
      for (const form of ['seed', 'expandedkey', 'both']) {
        const key = await readPrivateKey(artifact('redhound', `${base}_${form}_priv.der`))
        expect(Array.from(await decapsulateKey(key, ciphertext))).toEqual(expected)
      }
    },
  )
})
