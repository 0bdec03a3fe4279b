import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  Certificate,
  createCertificateRequest,
  generateKeyPair,
  issueCertificate,
  type KeyPairAlgorithm,
} from '@siegel/pki'

const dir = mkdtempSync(join(tmpdir(), 'siegel-pki-id-'))
const caKey = join(dir, 'ca.key')
const caCert = join(dir, 'ca.pem')

/** Runs openssl; returns stdout and stderr together (openssl prints "verify OK" on stderr). */
function openssl(args: string[]): string {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  return execFileSync('sh', ['-c', `openssl ${quoted} 2>&1`], { encoding: 'utf8' })
}

beforeAll(() => {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', caKey])
  openssl([
    'req',
    '-new',
    '-x509',
    '-key',
    caKey,
    '-subj',
    '/CN=OpenSSL Test CA',
    '-days',
    '30',
    '-out',
    caCert,
  ])
})

describe('OpenSSL accepts our certification requests', () => {
  it.each(['RSA-3072', 'P-256', 'Ed25519'] as KeyPairAlgorithm[])(
    'openssl req -verify accepts a %s request and openssl x509 -req signs it',
    async (algorithm) => {
      const { privateKey, publicKeyInfo } = await generateKeyPair({ algorithm })
      const request = await createCertificateRequest(privateKey, {
        subject: {
          commonName: 'Erika Mustermann',
          organization: 'Landratsamt',
          locality: 'München',
          country: 'DE',
        },
        emails: ['erika.mustermann@example.de'],
      })
      const csr = join(dir, `${algorithm}.csr`)
      writeFileSync(csr, request.pem)
      expect(openssl(['req', '-verify', '-noout', '-in', csr])).toMatch(/verify OK/)
      const text = openssl(['req', '-in', csr, '-noout', '-text'])
      expect(text).toContain('email:erika.mustermann@example.de')
      expect(text).toContain('E-mail Protection')
      const certFile = join(dir, `${algorithm}.pem`)
      openssl([
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        caCert,
        '-CAkey',
        caKey,
        '-days',
        '30',
        '-copy_extensions',
        'copy',
        '-out',
        certFile,
      ])
      const issued = Certificate.from(openssl(['x509', '-in', certFile]))
      expect(issued.publicKey.spki).toEqual(publicKeyInfo)
      expect(issued.emailAddresses).toEqual(['erika.mustermann@example.de'])
      expect(issued.subject).toBe('CN=Erika Mustermann,O=Landratsamt,L=München,C=DE')
    },
  )
})

describe('OpenSSL accepts the certificates of our CA helper', () => {
  it('openssl verify -purpose smimesign accepts root → issuing CA → RSA user', async () => {
    const rootPair = await generateKeyPair({ algorithm: 'P-384' })
    const root = await issueCertificate({
      profile: 'ca',
      subject: { commonName: 'Siegel Demo Root', country: 'DE' },
      publicKeyInfo: rootPair.publicKeyInfo,
      issuerKey: rootPair.privateKey,
    })
    const caPair = await generateKeyPair({ algorithm: 'RSA-3072' })
    const ca = await issueCertificate({
      profile: 'ca',
      subject: { commonName: 'Siegel Demo Issuing CA', country: 'DE' },
      publicKeyInfo: caPair.publicKeyInfo,
      issuerKey: rootPair.privateKey,
      issuerCertificate: root,
      pathLength: 0,
    })
    const userPair = await generateKeyPair({ algorithm: 'RSA-3072' })
    const user = await issueCertificate({
      profile: 'smime',
      subject: { commonName: 'Erika Mustermann' },
      emails: ['erika@example.de'],
      publicKeyInfo: userPair.publicKeyInfo,
      issuerKey: caPair.privateKey,
      issuerCertificate: ca,
    })
    writeFileSync(join(dir, 'root.pem'), root.toPem())
    writeFileSync(join(dir, 'issuing.pem'), ca.toPem())
    writeFileSync(join(dir, 'user.pem'), user.toPem())
    for (const purpose of ['smimesign', 'smimeencrypt']) {
      const out = openssl([
        'verify',
        '-purpose',
        purpose,
        '-CAfile',
        join(dir, 'root.pem'),
        '-untrusted',
        join(dir, 'issuing.pem'),
        join(dir, 'user.pem'),
      ])
      expect(out).toContain('user.pem: OK')
    }
  })
})
