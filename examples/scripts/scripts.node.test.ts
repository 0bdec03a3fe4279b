import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { composeMessage } from '@siegel/mime'
import { openssl, scratch } from '../../packages/core/test/openssl.js'
// @ts-expect-error: plain JavaScript without declarations
import { openFile } from './open-file.mjs'
// @ts-expect-error: plain JavaScript without declarations
import { signFile } from './sign-file.mjs'

const pki = fileURLToPath(new URL('../../packages/core/test/fixtures/test-pki/', import.meta.url))
const rootFingerprint = (): string =>
  openssl(['x509', '-noout', '-fingerprint', '-sha256', '-in', join(pki, 'root.pem')])
    .stdout.toString()
    .trim()
    .split('=')[1]!

describe('the sign and open scripts', () => {
  it('sign a mail with a .p12 identity and open it again, attachments saved', async () => {
    const dir = scratch()
    expect(
      openssl([
        'pkcs12',
        '-export',
        '-in',
        join(pki, 'alice.pem'),
        '-inkey',
        join(pki, 'alice.key.pem'),
        '-certfile',
        join(pki, 'intermediate.pem'),
        '-passout',
        'pass:geheim',
        '-out',
        dir.path('alice.p12'),
      ]).ok,
    ).toBe(true)
    const mail = composeMessage({
      from: { name: 'Alice Ärztin', address: 'alice@example.org' },
      to: 'office@example.de',
      subject: 'Unterlagen für März',
      text: 'Anbei die Unterlagen.\n',
      attachments: [
        {
          filename: '../../antrag.pdf',
          contentType: 'application/pdf',
          content: new Uint8Array([37, 80, 68, 70]),
        },
      ],
    })
    await signFile({
      input: dir.write('in.eml', mail),
      output: dir.path('signed.eml'),
      p12: dir.path('alice.p12'),
      password: 'geheim',
    })
    const opened = await openFile({
      input: dir.path('signed.eml'),
      roots: [{ file: join(pki, 'root.pem'), sha256: rootFingerprint() }],
      attachmentsDir: dir.path('files'),
    })
    expect(opened.summary).toBe('Signed by alice@example.org · trusted via Siegel Test Root CA')
    expect(opened.text).toContain('Anbei die Unterlagen.')
    // The headers as a reader sees them, encoded words decoded.
    expect(opened.from).toBe('Alice Ärztin <alice@example.org>')
    expect(opened.subject).toBe('Unterlagen für März')
    expect(opened.saved).toEqual(['antrag.pdf'])
    expect([...readFileSync(join(dir.path('files'), 'antrag.pdf'))]).toEqual([37, 80, 68, 70])
  })

  it('shows the protected Subject of an RFC 9788 message and names the one changed outside', async () => {
    const hp = fileURLToPath(
      new URL('../../packages/core/test/fixtures/header-protection/', import.meta.url),
    )
    const sha256 = openssl([
      'x509',
      '-noout',
      '-fingerprint',
      '-sha256',
      '-in',
      join(hp, 'ca.rsa.crt'),
    ])
      .stdout.toString()
      .trim()
      .split('=')[1]!
    const opened = await openFile({
      input: join(hp, 'rfc9788-signed-subject-altered.eml'),
      roots: [{ file: join(hp, 'ca.rsa.crt'), sha256 }],
    })
    expect(opened.subject).toBe('The FooCorp contract')
    expect(opened.changedHeaders).toEqual(['subject'])
    expect(opened.protectedHeaders).toContain('from')
    // Encrypted to Bob of RFC 9216, with a Legacy Display Element atop the text.
    const dir = scratch()
    const p12 = dir.path('bob.p12')
    const exported = openssl([
      'pkcs12',
      '-export',
      '-in',
      join(hp, 'bob.encrypt.crt'),
      '-inkey',
      join(hp, 'bob.decrypt.key'),
      '-passout',
      'pass:bob',
      '-out',
      p12,
    ])
    expect(exported.ok).toBe(true)
    const legacy = await openFile({
      input: join(hp, 'smime-enc-signed-injected-strong-legacy.eml'),
      roots: [{ file: join(hp, 'ca.rsa.crt'), sha256 }],
      p12,
      password: 'bob',
    })
    expect(legacy.subject).toBe('smime-enc-signed-injected-strong-legacy')
    expect(
      legacy.text?.startsWith('This is the smime-enc-signed-injected-strong-legacy message.'),
    ).toBe(true)
  })

  it('openssl cms verifies what the sign script writes with key and certificate files', async () => {
    const dir = scratch()
    const input = dir.write(
      'in.eml',
      composeMessage({ from: 'bob@example.org', to: 'office@example.de', text: 'Hallo' }),
    )
    await signFile({
      input,
      output: dir.path('signed.eml'),
      certificate: join(pki, 'bob.pem'),
      key: join(pki, 'bob.key.pem'),
      chain: [join(pki, 'intermediate.pem')],
    })
    const result = openssl([
      'cms',
      '-verify',
      '-in',
      dir.path('signed.eml'),
      '-CAfile',
      join(pki, 'root.pem'),
      '-out',
      '/dev/null',
    ])
    expect(result.stderr).toContain('Verification successful')
  })

  it('refuses a root whose fingerprint is not the expected one', async () => {
    const dir = scratch()
    const input = dir.write('in.eml', composeMessage({ from: 'bob@example.org', text: 'x' }))
    const wrong = '00'.repeat(32)
    await expect(
      openFile({ input, roots: [{ file: join(pki, 'root.pem'), sha256: wrong }] }),
    ).rejects.toMatchObject({
      code: 'ERR_PKI_FINGERPRINT_MISMATCH',
    })
  })

  it('the command-line wrappers print their usage on wrong arguments', () => {
    const here = fileURLToPath(new URL('.', import.meta.url))
    for (const script of ['sign.mjs', 'open.mjs', 'encrypt.mjs', 'make-identity.mjs']) {
      const run = spawnSync(process.execPath, [join(here, script)], { encoding: 'utf8' })
      expect(run.status).toBe(2)
      expect(run.stderr).toContain('usage:')
    }
  })
})
