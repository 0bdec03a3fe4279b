import { describe, expect, it } from 'vitest'
import { composeMessage } from '@siegel/mime'
import { Certificate, importPrivateKey, type ImportPrivateKeyOptions } from '@siegel/pki'
import { signMessage, verifyMessage } from '@siegel/core'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'
import { openssl, scratch } from '../openssl.js'

const root = Certificate.from(testPki.root)
const pki = (name: string): string => `${testPkiDir}${name}`

interface Case {
  name: 'alice' | 'bob' | 'carol' | 'dave'
  from: string
  /** How Siegel imports the key. */
  key?: ImportPrivateKeyOptions
  /** What OpenSSL needs to sign the same way. */
  opensslArgs: string[]
  micalg: string
}

// The interop matrix: every signature algorithm Siegel signs with, both forms, both directions.
const CASES: Record<string, Case> = {
  'RSA PKCS#1 v1.5 SHA-256': {
    name: 'alice',
    from: 'alice@example.org',
    opensslArgs: ['-md', 'sha256'],
    micalg: 'sha-256',
  },
  'RSA PKCS#1 v1.5 SHA-512': {
    name: 'alice',
    from: 'alice@example.org',
    key: { hash: 'SHA-512' },
    opensslArgs: ['-md', 'sha512'],
    micalg: 'sha-512',
  },
  'RSA-PSS SHA-256': {
    name: 'alice',
    from: 'alice@example.org',
    key: { rsaScheme: 'pss' },
    opensslArgs: ['-md', 'sha256', '-keyopt', 'rsa_padding_mode:pss'],
    micalg: 'sha-256',
  },
  'ECDSA P-256 SHA-256': {
    name: 'bob',
    from: 'bob@example.org',
    opensslArgs: ['-md', 'sha256'],
    micalg: 'sha-256',
  },
  'ECDSA P-384 SHA-384': {
    name: 'dave',
    from: 'dave@example.org',
    opensslArgs: ['-md', 'sha384'],
    micalg: 'sha-384',
  },
}
// Ed25519 is not in the matrix: OpenSSL 3.0's CMS code has no EdDSA ("no default digest" when
// signing, a verification failure when verifying). Siegel's Ed25519 signatures are checked
// against the RFC 9216 Ed25519 vectors and in round trips instead.

describe.each(Object.entries(CASES))('OpenSSL interop: %s', (_, c) => {
  const signerArgs = ['-signer', pki(`${c.name}.pem`), '-inkey', pki(`${c.name}.key.pem`)]
  const message = composeMessage({
    from: c.from,
    to: 'office@example.de',
    subject: 'Grüße',
    text: 'Zeile eins\nZeile zwei mit Umlaut: ä\n\nFrom the start of a line.\n',
  })
  const signAsSiegel = async (form: 'detached' | 'opaque'): Promise<Uint8Array> =>
    signMessage(
      message,
      {
        certificate: testPki[c.name],
        privateKey: await importPrivateKey(testPki[`${c.name}Key`], c.key),
        chain: [testPki.intermediate],
      },
      { form },
    )

  it.each(['detached', 'opaque'] as const)(
    'openssl cms -verify accepts Siegel %s signatures',
    async (form) => {
      const signed = await signAsSiegel(form)
      if (form === 'detached')
        expect(new TextDecoder().decode(signed)).toContain(`micalg="${c.micalg}"`)
      const dir = scratch()
      const input = dir.write('signed.eml', signed)
      const cms = openssl([
        'cms',
        '-verify',
        '-in',
        input,
        '-CAfile',
        pki('root.pem'),
        '-purpose',
        'smimesign',
        '-out',
        dir.path('content'),
      ])
      expect(cms.stderr).toContain('Verification successful')
      // What OpenSSL extracts as signed content is the canonical entity Siegel signed.
      expect(new TextDecoder().decode(dir.read('content'))).toMatch(
        /^Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n/,
      )
    },
  )

  it('openssl cms -verify rejects a Siegel signature once the body is changed', async () => {
    const tampered = new TextDecoder()
      .decode(await signAsSiegel('detached'))
      .replace('Zeile zwei', 'Zeile 2!!!')
    const dir = scratch()
    const result = openssl([
      'cms',
      '-verify',
      '-in',
      dir.write('signed.eml', tampered),
      '-CAfile',
      pki('root.pem'),
      '-out',
      dir.path('content'),
    ])
    expect(result.ok).toBe(false)
    expect(result.stderr).toMatch(/digest failure|verification failure/i)
  })

  it.each([
    ['cms', 'detached'],
    ['cms', 'opaque'],
    ['smime', 'detached'],
    ['smime', 'opaque'],
  ] as const)('verifyMessage accepts what openssl %s -sign writes (%s)', async (command, form) => {
    if (command === 'smime' && c.opensslArgs.includes('-keyopt')) return // openssl smime has no -keyopt
    const dir = scratch()
    const entity = dir.write(
      'entity.txt',
      'Content-Type: text/plain; charset=us-ascii\n\nHello from OpenSSL.\nSecond line.\n',
    )
    const args = [
      command,
      '-sign',
      '-in',
      entity,
      ...signerArgs,
      '-certfile',
      pki('intermediate.pem'),
      ...c.opensslArgs,
    ]
    if (form === 'opaque') args.push('-nodetach')
    args.push(
      '-from',
      c.from,
      '-to',
      'office@example.de',
      '-subject',
      'Signed by OpenSSL',
      '-out',
      dir.path('signed.eml'),
    )
    const sign = openssl(args)
    expect(sign.stderr).toBe('')
    const result = await verifyMessage(dir.read('signed.eml'), { trustAnchors: [root] })
    expect(result.coverage.form).toBe(form)
    expect(result.status).toBe('valid')
    expect(result.signers[0]!.certificate?.emailAddresses).toEqual([c.from])
    expect(new TextDecoder().decode(result.coverage.signedPart.raw)).toContain(
      'Hello from OpenSSL.\r\nSecond line.',
    )
  })

  it('verifyMessage reports an OpenSSL signature over changed content as invalid', async () => {
    const dir = scratch()
    const entity = dir.write('entity.txt', 'Content-Type: text/plain\n\nPay 100 EUR.\n')
    const sign = openssl([
      'cms',
      '-sign',
      '-in',
      entity,
      ...signerArgs,
      ...c.opensslArgs,
      '-from',
      c.from,
      '-out',
      dir.path('signed.eml'),
    ])
    expect(sign.ok).toBe(true)
    const tampered = new TextDecoder()
      .decode(dir.read('signed.eml'))
      .replace('Pay 100 EUR.', 'Pay 900 EUR.')
    const result = await verifyMessage(tampered, { trustAnchors: [root] })
    expect(result.status).toBe('invalid')
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_DIGEST_MISMATCH',
    })
  })
})

describe('OpenSSL interop: a message of several MiB', () => {
  // Pseudo-random, incompressible content (getRandomValues stops at 64 KiB per call).
  const attachment = Uint8Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 2654435761) >>> 24)
  const message = composeMessage({
    from: 'alice@example.org',
    to: 'office@example.de',
    subject: 'Akte',
    text: 'Die Akte liegt bei.\n',
    attachments: [{ filename: 'akte.bin', content: attachment }],
  })

  it.each(['detached', 'opaque'] as const)(
    'openssl cms -verify accepts a 3 MiB %s signature by two signers',
    async (form) => {
      const signed = await signMessage(
        message,
        [
          {
            certificate: testPki.alice,
            privateKey: await importPrivateKey(testPki.aliceKey),
            chain: [testPki.intermediate],
          },
          { certificate: testPki.dave, privateKey: await importPrivateKey(testPki.daveKey) },
        ],
        { form },
      )
      if (form === 'detached')
        expect(new TextDecoder().decode(signed.subarray(0, 400))).toContain(
          'micalg="sha-256,sha-384"',
        )
      const dir = scratch()
      const cms = openssl([
        'cms',
        '-verify',
        '-in',
        dir.write('signed.eml', signed),
        '-CAfile',
        pki('root.pem'),
        '-out',
        dir.path('content'),
      ])
      expect(cms.stderr).toContain('Verification successful')
      // The signed entity OpenSSL extracts ends with the attachment's last base64 line.
      expect(dir.read('content').length).toBeGreaterThan(attachment.length)
      const ours = await verifyMessage(signed, { trustAnchors: [root] })
      expect(ours.signers.map((s) => s.signature.valid)).toEqual([true, true])
    },
  )
})
