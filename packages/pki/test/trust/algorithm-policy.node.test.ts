import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { Certificate, verifyCertificate, verifySignature, type SignatureCheck } from '@siegel/pki'

// OpenSSL issues what a careful CA no longer would: a certificate signed with MD5 and one with
// a 512-bit RSA key. Siegel refuses both by default and accepts them only when asked to.
const dir = mkdtempSync(join(tmpdir(), 'siegel-pki-weak-'))
const path = (name: string): string => join(dir, name)

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' })
}

function issue(name: string, keyBits: number, digest: string, sigopts: string[] = []): void {
  openssl(['genrsa', '-out', path(`${name}.key`), String(keyBits)])
  openssl([
    'req',
    '-new',
    '-key',
    path(`${name}.key`),
    '-subj',
    `/CN=${name}`,
    '-out',
    path(`${name}.csr`),
  ])
  openssl([
    'x509',
    '-req',
    '-in',
    path(`${name}.csr`),
    '-CA',
    path('root.pem'),
    '-CAkey',
    path('root.key'),
    '-set_serial',
    String(keyBits),
    `-${digest}`,
    ...sigopts.flatMap((option) => ['-sigopt', option]),
    '-days',
    '30',
    '-out',
    path(`${name}.pem`),
  ])
}

let root: Certificate
const load = (name: string): Certificate => Certificate.from(readFileSync(path(`${name}.pem`)))

beforeAll(() => {
  openssl(['genrsa', '-out', path('root.key'), '2048'])
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    path('root.key'),
    '-subj',
    '/CN=Weak Algorithms Test Root',
    '-days',
    '30',
    '-out',
    path('root.pem'),
  ])
  root = load('root')
  issue('md5-leaf', 2048, 'md5')
  issue('short-leaf', 512, 'sha256')
  issue('pss-leaf', 2048, 'sha384', ['rsa_padding_mode:pss', 'rsa_pss_saltlen:48'])
  // A root whose own key is an RSASSA-PSS key (id-RSASSA-PSS in its SubjectPublicKeyInfo).
  openssl([
    'genpkey',
    '-algorithm',
    'RSA-PSS',
    '-pkeyopt',
    'rsa_keygen_bits:2048',
    '-out',
    path('pss-root.key'),
  ])
  openssl([
    ...['req', '-x509', '-new', '-key', path('pss-root.key'), '-subj', '/CN=PSS Root'],
    ...['-sha256', '-days', '30', '-out', path('pss-root.pem')],
  ])
  openssl([
    ...['x509', '-req', '-in', path('md5-leaf.csr'), '-CA', path('pss-root.pem')],
    ...['-CAkey', path('pss-root.key'), '-set_serial', '7', '-sha256', '-days', '30'],
    ...['-out', path('pss-child.pem')],
  ])
})

describe('algorithm policy', () => {
  it('refuses an MD5 certificate signature by default, with its own reason', async () => {
    const verdict = await verifyCertificate(load('md5-leaf'), { anchors: [root] })
    expect(verdict).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_WEAK_ALGORITHM' } })
  })

  it('accepts it when MD5 is allowed, and still checks it', async () => {
    const leaf = load('md5-leaf')
    expect(leaf.signatureAlgorithm).toBe('1.2.840.113549.1.1.4')
    const verdict = await verifyCertificate(leaf, { anchors: [root], algorithms: { md5: true } })
    expect(verdict.trusted).toBe(true)
    // The same check again, now refused: an accepted MD5 link is not remembered for later calls.
    const again = await verifyCertificate(leaf, { anchors: [root] })
    expect(again.trusted).toBe(false)
  })

  it('finds a forged MD5 signature', async () => {
    const { der } = load('md5-leaf')
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }, both long form.
    const tbs = der.subarray(4, 8 + ((der[6]! << 8) | der[7]!))
    const signature = der.subarray(der.length - 256)
    const check = (data: Uint8Array): Promise<SignatureCheck> =>
      verifySignature(root, data, signature, { oid: '1.2.840.113549.1.1.4' }, { md5: true })
    expect(await check(tbs)).toEqual({ valid: true, digest: undefined })
    // One changed bit of the signed part, or a shortened signature, must break it.
    const altered = Uint8Array.from(tbs)
    altered[10]! ^= 1
    expect(await check(altered)).toMatchObject({ valid: false, code: 'ERR_PKI_BAD_SIGNATURE' })
    const tooShort = await verifySignature(
      root,
      tbs,
      signature.subarray(1),
      { oid: '1.2.840.113549.1.1.4' },
      { md5: true },
    )
    expect(tooShort).toMatchObject({ valid: false, code: 'ERR_PKI_BAD_SIGNATURE' })
  })

  it('refuses a 512-bit RSA key unless the minimum is lowered', async () => {
    const leaf = load('short-leaf')
    expect(leaf.publicKey.modulusBits).toBe(512)
    const verdict = await verifyCertificate(leaf, { anchors: [root] })
    expect(verdict).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_WEAK_KEY', data: { modulusBits: 512, minimumRsaBits: 1024 } },
    })
    const lowered = await verifyCertificate(leaf, {
      anchors: [root],
      algorithms: { minimumRsaBits: 512 },
    })
    expect(lowered.trusted).toBe(true)
  })

  it('applies the minimum to the anchor too', async () => {
    const verdict = await verifyCertificate(load('md5-leaf'), {
      anchors: [root],
      algorithms: { md5: true, minimumRsaBits: 3072 },
    })
    expect(verdict).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_WEAK_KEY', data: { modulusBits: 2048 } },
    })
  })

  it('rejects a nonsensical minimum', async () => {
    await expect(
      verifyCertificate(root, { anchors: [root], algorithms: { minimumRsaBits: 0 } }),
    ).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_OPTION' })
  })

  it('checks RSASSA-PSS certificate signatures with their parameters (SHA-384, salt 48)', async () => {
    const leaf = load('pss-leaf')
    expect(leaf.signatureAlgorithm).toBe('1.2.840.113549.1.1.10')
    expect((await verifyCertificate(leaf, { anchors: [root] })).trusted).toBe(true)
    // Against an anchor that did not issue it, it is not trusted.
    const other = { certificate: load('md5-leaf'), allowNonCa: true }
    const verdict = await verifyCertificate(leaf, { anchors: [other] })
    expect(verdict.trusted).toBe(false)
  })

  it('checks what an RSASSA-PSS key (id-RSASSA-PSS SubjectPublicKeyInfo) signed', async () => {
    const pssRoot = load('pss-root')
    expect(pssRoot.publicKey.type).toBe('RSA-PSS')
    const child = load('pss-child')
    expect(child.signatureAlgorithm).toBe('1.2.840.113549.1.1.10')
    expect((await verifyCertificate(child, { anchors: [pssRoot] })).trusted).toBe(true)
    expect(await verifyCertificate(child, { anchors: [root] })).toMatchObject({ trusted: false })
  })
})
