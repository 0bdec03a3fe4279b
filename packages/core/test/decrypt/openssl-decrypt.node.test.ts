import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { decryptMessage, encryptMessage, type DecryptionIdentity } from '@siegel/core'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'
import { openssl, scratch } from '../openssl.js'

const pki = (name: string): string => `${testPkiDir}${name}`
const message =
  'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: secret\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nThe meeting is at noon.\r\n'

async function identity(name: 'alice' | 'bob' | 'dave'): Promise<DecryptionIdentity> {
  return { certificate: testPki[name], privateKey: await readPrivateKey(testPki[`${name}Key`]) }
}

function opensslEncrypt(args: readonly string[], recipients: readonly string[]): Uint8Array {
  const dir = scratch()
  const input = dir.write('msg.eml', message)
  const run = openssl([
    'cms',
    '-encrypt',
    '-in',
    input,
    '-outform',
    'SMIME',
    ...args,
    ...recipients,
  ])
  expect(run.stderr).toBe('')
  expect(run.ok).toBe(true)
  return new Uint8Array(run.stdout)
}

const LEGACY = ['-provider', 'legacy', '-provider', 'default']

// OpenSSL → Siegel: every content cipher and key transport `openssl cms` 3.0 writes.
const CIPHERS: [string, string[], string, boolean][] = [
  ['aes-128-cbc', ['-aes-128-cbc'], 'AES-128-CBC', false],
  ['aes-192-cbc', ['-aes-192-cbc'], 'AES-192-CBC', false],
  ['aes-256-cbc', ['-aes-256-cbc'], 'AES-256-CBC', false],
  ['aes-128-gcm', ['-aes-128-gcm'], 'AES-128-GCM', true],
  ['aes-256-gcm', ['-aes-256-gcm'], 'AES-256-GCM', true],
  ['des3', ['-des3'], '3DES-CBC', false],
  ['rc2-40', [...LEGACY, '-rc2-40'], 'RC2-40-CBC', false],
  ['rc2-64', [...LEGACY, '-rc2-64'], 'RC2-64-CBC', false],
  ['rc2-128', [...LEGACY, '-rc2'], 'RC2-128-CBC', false],
]

const OAEP_SHA256 = ['-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256']

describe('decryptMessage opens what openssl cms -encrypt writes', () => {
  it.each(CIPHERS)('%s content, RSA-OAEP SHA-256', async (_, args, name, authenticated) => {
    const encrypted = opensslEncrypt([...args, '-recip', pki('alice.pem'), ...OAEP_SHA256], [])
    const result = await decryptMessage(encrypted, await identity('alice'))
    expect(result.contentEncryption).toBe(name)
    expect(result.authenticated).toBe(authenticated)
    expect(new TextDecoder().decode(result.content)).toContain('The meeting is at noon.')
    expect(result.entity.contentType.mediaType).toBe('text/plain')
    // openssl cms encrypts the whole message: Subject is inside, its own headers outside.
    expect(result.entity.headers.find((h) => h.name === 'Subject')?.value).toBe('secret')
    expect(result.unprotectedHeaders.map((h) => h.name)).toContain('MIME-Version')
  })

  it.each([
    ['RSA-OAEP SHA-1', ['-keyopt', 'rsa_padding_mode:oaep']],
    ['RSA-OAEP SHA-384', ['-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha384']],
    ['RSA-OAEP SHA-512', ['-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha512']],
  ])('%s key transport', async (_, keyopts) => {
    const encrypted = opensslEncrypt(['-aes-256-cbc', '-recip', pki('alice.pem'), ...keyopts], [])
    const result = await decryptMessage(encrypted, await identity('alice'))
    expect(result.keyEncryption).toBe('1.2.840.113549.1.1.7')
  })

  it('RSAES-PKCS1-v1_5 key transport (the default)', async () => {
    for (const cipher of ['-aes-256-cbc', '-aes-128-gcm', '-des3']) {
      const encrypted = opensslEncrypt([cipher], [pki('alice.pem')])
      const result = await decryptMessage(encrypted, await identity('alice'))
      expect(result.keyEncryption).toBe('1.2.840.113549.1.1.1')
    }
  })

  it.each([
    ['P-256, SHA-1 KDF (default)', 'bob', []],
    ['P-256, SHA-256 KDF', 'bob', ['-keyopt', 'ecdh_kdf_md:sha256']],
    ['P-256, SHA-384 KDF', 'bob', ['-keyopt', 'ecdh_kdf_md:sha384']],
    ['P-384, SHA-1 KDF', 'dave', []],
    ['P-384, SHA-256 KDF', 'dave', ['-keyopt', 'ecdh_kdf_md:sha256']],
    ['P-384, SHA-384 KDF', 'dave', ['-keyopt', 'ecdh_kdf_md:sha384']],
  ] as const)('ECDH %s', async (_, who, keyopts) => {
    // -des3 wraps the content key with the Triple-DES key wrap (RFC 3217), not AES-KW.
    for (const cipher of ['-aes-128-cbc', '-aes-256-gcm', '-des3']) {
      const encrypted = opensslEncrypt([cipher, '-recip', pki(`${who}.pem`), ...keyopts], [])
      const result = await decryptMessage(encrypted, await identity(who))
      expect(new TextDecoder().decode(result.content)).toContain('noon')
    }
  })

  it('ECDH P-521 with SHA-256 and SHA-512 KDFs, both ways (a key made here)', async () => {
    const dir = scratch()
    const key = dir.path('p521.key')
    const cert = dir.path('p521.pem')
    const made = openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-521',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=p521',
      '-days',
      '2',
    ])
    expect(made.ok).toBe(true)
    const me = {
      certificate: new TextDecoder().decode(dir.read('p521.pem')),
      privateKey: await readPrivateKey(dir.read('p521.key')),
    }
    for (const md of ['sha256', 'sha512']) {
      const encrypted = opensslEncrypt(
        ['-aes-256-gcm', '-recip', cert, '-keyopt', `ecdh_kdf_md:${md}`],
        [],
      )
      const result = await decryptMessage(encrypted, me)
      expect(result.authenticated).toBe(true)
    }
    // And the other way: Siegel encrypts to the P-521 key (self-signed, so no anchor vouches for
    // it), OpenSSL decrypts.
    for (const contentEncryption of ['AES-256-GCM', 'AES-256-CBC'] as const) {
      const ours = await encryptMessage(
        'Content-Type: text/plain\r\n\r\nP-521 noon\r\n',
        [Certificate.from(me.certificate)],
        { contentEncryption, allowUntrusted: true },
      )
      const opened = openssl([
        'cms',
        '-decrypt',
        '-in',
        dir.write(`ours-${contentEncryption}.eml`, ours),
        '-recip',
        cert,
        '-inkey',
        key,
      ])
      expect(opened.ok, opened.stderr).toBe(true)
      expect(opened.stdout.toString()).toContain('P-521 noon')
    }
  })
})
