import { describe, expect, it } from 'vitest'
import {
  Certificate,
  CertificateDirectory,
  generateKeyPair,
  issueCertificate,
  MemoryDirectoryStorage,
  type DirectoryRecord,
  type DirectoryStorage,
} from '@siegel/pki'
import { fixtureText } from '../fixtures/openssl-fixtures.js'
import { testPki } from '../fixtures/test-pki.js'

const full = Certificate.from(fixtureText('full.pem'))
const alice = Certificate.from(testPki.alice)
const DAY = 86_400_000

async function userCertificate(
  notBefore: Date,
  days: number,
  algorithm: 'P-256' | 'Ed25519' = 'P-256',
): Promise<Certificate> {
  const pair = await generateKeyPair({ algorithm })
  return issueCertificate({
    profile: 'smime',
    subject: { commonName: 'Erika' },
    emails: ['erika@example.de'],
    publicKeyInfo: pair.publicKeyInfo,
    issuerKey: pair.privateKey,
    notBefore,
    notAfter: new Date(notBefore.getTime() + days * DAY),
  })
}

describe('CertificateDirectory', () => {
  it('files a certificate under every address it binds, normalized', async () => {
    const directory = await CertificateDirectory.open()
    const filed = await directory.add(full)
    expect(filed).toEqual([
      'erika.mustermann@example.de',
      'Erika@example.org',
      'erika@xn--bcher-kva.example',
      'legacy@example.de',
    ])
    expect(directory.lookup('erika.mustermann@EXAMPLE.DE')[0]!.certificate).toBe(full)
    expect(directory.lookup('erika@bücher.example')).toHaveLength(1)
    expect(directory.lookup('erika@example.org')).toHaveLength(0) // local parts are exact
  })

  it('ranks valid before expired, encryption-capable before not, then newest', async () => {
    const now = new Date('2030-06-01T00:00:00Z')
    const expired = await userCertificate(new Date(now.getTime() - 800 * DAY), 365)
    const older = await userCertificate(new Date(now.getTime() - 100 * DAY), 365)
    const newer = await userCertificate(new Date(now.getTime() - 10 * DAY), 365)
    const signOnly = await userCertificate(new Date(now.getTime() - 1 * DAY), 365, 'Ed25519')
    const directory = await CertificateDirectory.open()
    for (const cert of [expired, signOnly, older, newer]) await directory.add(cert)
    const ranked = directory.lookup('erika@example.de', { at: now })
    expect(ranked.map((c) => c.certificate)).toEqual([newer, older, signOnly, expired])
    expect(ranked.map((c) => [c.valid, c.canEncrypt])).toEqual([
      [true, true],
      [true, true],
      [true, false],
      [false, true],
    ])
  })

  it('prefers the certificate advertised as encryption key among equals', async () => {
    const directory = await CertificateDirectory.open()
    const a = await userCertificate(new Date('2030-01-01'), 365)
    const b = await userCertificate(new Date('2030-01-01'), 365)
    await directory.add(a)
    await directory.add(b, {
      preferredForEncryption: true,
      capabilities: [{ oid: '2.16.840.1.101.3.4.1.42' }],
    })
    const [best] = directory.lookup('erika@example.de', { at: new Date('2030-02-01') })
    expect(best!.certificate).toBe(b)
    expect(best!.capabilities).toEqual([{ oid: '2.16.840.1.101.3.4.1.42' }])
  })

  it('persists through its storage and reopens with the same entries', async () => {
    const saved: DirectoryRecord[][] = []
    const storage = new MemoryDirectoryStorage()
    const spy: DirectoryStorage = {
      load: () => storage.load(),
      save: async (records) => {
        saved.push(structuredClone([...records]))
        await storage.save(records)
      },
    }
    const directory = await CertificateDirectory.open(spy)
    await directory.add(alice, { at: new Date('2026-01-01T00:00:00Z') })
    expect(saved.at(-1)).toEqual([
      {
        email: 'alice@example.org',
        certificate: expect.any(String),
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
    ])
    expect(JSON.parse(JSON.stringify(saved.at(-1)))).toEqual(saved.at(-1))
    const reopened = await CertificateDirectory.open(storage)
    expect(reopened.lookup('alice@example.org')[0]!.certificate.der).toEqual(alice.der)
    expect(reopened.addresses()).toEqual(['alice@example.org'])
    expect(await reopened.remove('alice@example.org')).toBe(1)
    expect(reopened.lookup('alice@example.org')).toEqual([])
  })

  it('keeps the CAs that complete a certificate’s path, through storage', async () => {
    const storage = new MemoryDirectoryStorage()
    const directory = await CertificateDirectory.open(storage)
    const intermediate = Certificate.from(testPki.intermediate)
    await directory.add(alice, { intermediates: [intermediate] })
    const [record] = await storage.load()
    expect(record!.intermediates).toEqual([expect.any(String)])
    const reopened = await CertificateDirectory.open(storage)
    const [best] = reopened.lookup('alice@example.org')
    expect(best!.intermediates.map((c) => c.der)).toEqual([intermediate.der])
    await expect(
      CertificateDirectory.open(
        new MemoryDirectoryStorage([{ ...record!, intermediates: 'x' as unknown as string[] }]),
      ),
    ).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_INPUT' })
  })

  it('adds the same certificate once per address, keeping the latest details', async () => {
    const directory = await CertificateDirectory.open()
    await directory.add(alice)
    await directory.add(alice, { preferredForEncryption: true })
    const found = directory.lookup('alice@example.org')
    expect(found).toHaveLength(1)
    expect(found[0]!.preferredForEncryption).toBe(true)
  })

  it('rejects a certificate without address, and unreadable stored records, with ERR_PKI_INVALID_INPUT', async () => {
    const pair = await generateKeyPair({ algorithm: 'P-256' })
    const noEmail = await issueCertificate({
      profile: 'ca',
      subject: { commonName: 'CA' },
      publicKeyInfo: pair.publicKeyInfo,
      issuerKey: pair.privateKey,
    })
    const directory = await CertificateDirectory.open()
    await expect(directory.add(noEmail)).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_INPUT' })
    const broken = new MemoryDirectoryStorage([{ email: 'x@y.de' } as DirectoryRecord])
    await expect(CertificateDirectory.open(broken)).rejects.toMatchObject({
      code: 'ERR_PKI_INVALID_INPUT',
    })
  })

  it('looks addresses up by the mailbox rules: exact local part unless told, IDNA domains', async () => {
    const directory = await CertificateDirectory.open()
    await directory.add(full)
    expect(directory.lookup('erika@XN--BCHER-KVA.example')).toHaveLength(1)
    expect(directory.lookup('ERIKA@bücher.example')).toHaveLength(0)
    expect(
      directory.lookup('ERIKA@bücher.example', { localPart: 'ascii-case-insensitive' }),
    ).toHaveLength(1)
    expect(
      directory.lookup('erika@EXAMPLE.org', { localPart: 'ascii-case-insensitive' }),
    ).toHaveLength(1)
    // Look-alikes never find an entry, whatever the local-part rule; a fullwidth domain is refused.
    for (const lookalike of ['erikа@bücher.example', 'erika@bücher.examplе'])
      expect(directory.lookup(lookalike, { localPart: 'ascii-case-insensitive' })).toHaveLength(0)
    for (const refused of ['erika@ｂücher.example', 'erika@example.org <erika@example.org>'])
      expect(() => directory.lookup(refused)).toThrow(
        expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
      )
  })
})
