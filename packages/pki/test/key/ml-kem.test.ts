// ML-KEM keys and certificates: the examples of RFC 9935 Appendix C (vectors/lamps-kyber-
// certificates), checked against a second ML-KEM implementation (the `mlkem` package).
import { MlKem1024, MlKem512, MlKem768 } from 'mlkem'
import { describe, expect, it } from 'vitest'
import {
  Certificate,
  CertificateDirectory,
  decapsulateKey,
  decodePem,
  encapsulateKey,
  generateKeyPair,
  issueCertificate,
  readPkcs12,
  readPrivateKey,
  writePkcs12,
  writePrivateKey,
  type MlKemType,
} from '@siegel/pki'

const files = import.meta.glob('../vectors/lamps-kyber-certificates/*', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>
const vector = (name: string): string => {
  const text = files[`../vectors/lamps-kyber-certificates/${name}`]
  if (text === undefined) throw new Error(`missing vector ${name}`)
  return text
}

type OtherKem = Pick<MlKem512, 'encap' | 'decap' | 'deriveKeyPair'>
const SETS: readonly { type: MlKemType; ciphertextBytes: number; other: () => OtherKem }[] = [
  { type: 'ML-KEM-512', ciphertextBytes: 768, other: () => new MlKem512() },
  { type: 'ML-KEM-768', ciphertextBytes: 1088, other: () => new MlKem768() },
  { type: 'ML-KEM-1024', ciphertextBytes: 1568, other: () => new MlKem1024() },
]
const FORMS = ['seed', 'expanded', 'both'] as const
const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

describe.each(SETS)('$type (RFC 9935 Appendix C)', ({ type, ciphertextBytes, other }) => {
  const publicKeyInfo = decodePem(vector(`${type}.pub`))[0]!.der
  const certificate = Certificate.from(vector(`${type}.crt`))

  it('reads the example certificate: an ML-KEM key certified for keyEncipherment only', () => {
    expect(certificate.publicKey.type).toBe(type)
    expect(hex(certificate.publicKey.spki)).toBe(hex(publicKeyInfo))
    expect(certificate.keyUsage).toEqual(['keyEncipherment'])
  })

  it.each(FORMS)('reads the %s private key and derives the example public key', async (form) => {
    const key = await readPrivateKey(vector(`${type}-${form}.priv`))
    expect(key.type).toBe(type)
    expect(hex(await key.publicKeyInfo())).toBe(hex(publicKeyInfo))
  })

  it('decapsulates what the mlkem package encapsulated to the example key, in every form', async () => {
    const [ciphertext, secret] = await other().encap(publicKeyInfo.subarray(-publicKeyLength()))
    expect(ciphertext.length).toBe(ciphertextBytes)
    for (const form of FORMS) {
      const key = await readPrivateKey(vector(`${type}-${form}.priv`))
      expect(hex(await decapsulateKey(key, ciphertext))).toBe(hex(secret))
    }
  })

  it('encapsulates to the example certificate so that the mlkem package decapsulates', async () => {
    const { ciphertext, sharedSecret, algorithm } = await encapsulateKey(certificate.publicKey.spki)
    expect(algorithm).toBe(type)
    const seedKey = decodePem(vector(`${type}-seed.priv`))[0]!.der
    // PKCS#8 seed form: the [0] seed is the last 64 bytes.
    const [, expanded] = await other().deriveKeyPair(seedKey.subarray(-64))
    expect(hex(await other().decap(ciphertext, expanded))).toBe(hex(sharedSecret))
  })

  function publicKeyLength(): number {
    return { 'ML-KEM-512': 800, 'ML-KEM-768': 1184, 'ML-KEM-1024': 1568 }[type]
  }
})

describe('ML-KEM private keys that RFC 9935 §8 rejects', () => {
  it.each([1, 2, 3, 4])('rejects bad-ML-KEM-512-%i.priv with ERR_PKI_MALFORMED_KEY', async (n) => {
    await expect(readPrivateKey(vector(`bad-ML-KEM-512-${n}.priv`))).rejects.toMatchObject({
      code: 'ERR_PKI_MALFORMED_KEY',
    })
  })

  it('rejects a truncated seed and a truncated expanded key before any work', async () => {
    const seed = decodePem(vector('ML-KEM-768-seed.priv'))[0]!.der
    const short = Uint8Array.from(seed)
    short[1]! -= 1 // outer length
    short[short.length - 65]! -= 1 // OCTET STRING length
    short[short.length - 63]! -= 1 // [0] length
    await expect(readPrivateKey(short.subarray(0, -1))).rejects.toMatchObject({
      code: 'ERR_PKI_MALFORMED_KEY',
    })
    // An ML-KEM-768 expanded key relabelled as ML-KEM-512: the size does not fit.
    const expanded = Uint8Array.from(decodePem(vector('ML-KEM-768-expanded.priv'))[0]!.der)
    const oidEnd = expanded.indexOf(0x02, 10) // ...04 04 02: the last arc of id-alg-ml-kem-768
    expanded[oidEnd] = 0x01
    await expect(readPrivateKey(expanded)).rejects.toMatchObject({
      code: 'ERR_PKI_MALFORMED_KEY',
    })
  })

  it('refuses a ciphertext of the wrong length and a public key of the wrong length', async () => {
    const key = await readPrivateKey(vector('ML-KEM-512-seed.priv'))
    await expect(decapsulateKey(key, new Uint8Array(767))).rejects.toMatchObject({
      code: 'ERR_PKI_INVALID_INPUT',
    })
    const spki = decodePem(vector('ML-KEM-512.pub'))[0]!.der
    const truncated = Uint8Array.from(spki.subarray(0, -1))
    truncated[3]! -= 1 // outer length 0x0332 → 0x0331
    truncated[truncated.length - 800 + 1 - 2]! -= 1 // BIT STRING length
    await expect(encapsulateKey(truncated)).rejects.toMatchObject({
      code: 'ERR_PKI_MALFORMED_KEY',
    })
  })

  it('refuses to decapsulate with or encapsulate to a key that is no KEM key', async () => {
    const { privateKey, publicKeyInfo } = await generateKeyPair({ algorithm: 'P-256' })
    await expect(decapsulateKey(privateKey, new Uint8Array(768))).rejects.toMatchObject({
      code: 'ERR_PKI_UNSUPPORTED_ALGORITHM',
    })
    await expect(encapsulateKey(publicKeyInfo)).rejects.toMatchObject({
      code: 'ERR_PKI_UNSUPPORTED_ALGORITHM',
    })
  })
})

describe('ML-KEM keys cannot sign', () => {
  it('refuses to self-sign or to sign a request with ERR_PKI_UNSUPPORTED_ALGORITHM', async () => {
    const { privateKey, publicKeyInfo } = await generateKeyPair({ algorithm: 'ML-KEM-512' })
    await expect(
      issueCertificate({
        profile: 'ca',
        subject: { commonName: 'no' },
        publicKeyInfo,
        issuerKey: privateKey,
      }),
    ).rejects.toMatchObject({ code: 'ERR_PKI_UNSUPPORTED_ALGORITHM' })
    await expect(privateKey.toCryptoKey()).rejects.toMatchObject({
      code: 'ERR_PKI_UNSUPPORTED_ALGORITHM',
    })
  })
})

describe.each(SETS)('$type keys made by Siegel', ({ type }) => {
  it('generates a seed-form key, certifies it from a classical CA, and keeps it through PKCS#8 and PKCS#12', async () => {
    const ca = await generateKeyPair({ algorithm: 'P-256' })
    const root = await issueCertificate({
      profile: 'ca',
      subject: { commonName: 'KEM Test Root' },
      publicKeyInfo: ca.publicKeyInfo,
      issuerKey: ca.privateKey,
    })
    const pair = await generateKeyPair({ algorithm: type })
    expect(pair.privateKey.type).toBe(type)
    const certificate = await issueCertificate({
      profile: 'smime',
      subject: { commonName: 'Erika' },
      emails: ['erika@example.org'],
      publicKeyInfo: pair.publicKeyInfo,
      issuerKey: ca.privateKey,
      issuerCertificate: root,
    })
    expect(certificate.keyUsage).toEqual(['keyEncipherment'])
    expect(certificate.publicKey.type).toBe(type)

    const pem = await writePrivateKey(pair.privateKey, { password: 'pw', iterations: 1000 })
    const reread = await readPrivateKey(pem, { password: 'pw' })
    expect(hex(await reread.publicKeyInfo())).toBe(hex(pair.publicKeyInfo))

    const p12 = await writePkcs12({ key: pair.privateKey, certificate }, 'pw')
    const { identities } = await readPkcs12(p12, 'pw')
    expect(identities).toHaveLength(1)
    expect(identities[0]!.certificate!.publicKey.type).toBe(type)

    const { ciphertext, sharedSecret } = await encapsulateKey(certificate.publicKey.spki)
    expect(hex(await decapsulateKey(identities[0]!.key, ciphertext))).toBe(hex(sharedSecret))

    // An address book offers the certificate for encryption (RFC 9935 §5: keyEncipherment).
    const directory = await CertificateDirectory.open()
    await directory.add(certificate)
    const [found] = directory.lookup('erika@example.org', { at: new Date() })
    expect(found?.canEncrypt).toBe(true)
  })
})
