// The scripts run as a user runs them: `node script.mjs ...` in a directory of their own, with the
// password in an environment variable, and their files checked with OpenSSL.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { openssl, scratch } from '../../packages/core/test/openssl.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const pki = fileURLToPath(new URL('../../packages/core/test/fixtures/test-pki/', import.meta.url))
const fixture = (name: string): string => join(pki, name)
const PASSWORD = { SIEGEL_TEST_PASSWORD: 'Geheimnis 42' }

type Dir = ReturnType<typeof scratch>

/** Runs `node examples/scripts/<script> ...args` in `dir`, the password in the environment. */
function node(dir: Dir, script: string, args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [join(here, script), ...args], {
    cwd: dir.path('.'),
    env: { ...process.env, ...PASSWORD },
    encoding: 'utf8',
  })
  // Text is printed as the mail has it, with CRLF line ends.
  return { status: run.status, out: (run.stdout + run.stderr).replaceAll('\r\n', '\n') }
}

/** openssl with the password in the environment; stdout and stderr together. */
function ssl(dir: Dir, args: string[]): { ok: boolean; out: string } {
  const run = spawnSync('openssl', args, {
    cwd: dir.path('.'),
    env: { ...process.env, ...PASSWORD },
    encoding: 'utf8',
  })
  if (run.error) throw run.error
  return { ok: run.status === 0, out: run.stdout + run.stderr }
}

const passin = ['-passin', 'env:SIEGEL_TEST_PASSWORD']
const passwordEnv = ['--password-env', 'SIEGEL_TEST_PASSWORD']

/** make-identity.mjs with the test password, writing OUT.*; it must succeed. */
function makeIdentity(dir: Dir, args: string[], out: string): string {
  const made = node(dir, 'make-identity.mjs', [...args, ...passwordEnv, out])
  expect(made.status, made.out).toBe(0)
  return made.out
}

/** A .p12 of the test PKI, made by OpenSSL, so that no Siegel code stands on both sides. */
function p12Of(dir: Dir, name: string): string {
  const made = ssl(dir, [
    'pkcs12',
    '-export',
    ...['-in', fixture(`${name}.pem`), '-inkey', fixture(`${name}.key.pem`)],
    ...['-certfile', fixture('intermediate.pem'), '-passout', 'env:SIEGEL_TEST_PASSWORD'],
    ...['-out', dir.path(`${name}.p12`)],
  ])
  expect(made.ok, made.out).toBe(true)
  return `${name}.p12`
}

const rootFingerprint = (): string =>
  openssl(['x509', '-noout', '-fingerprint', '-sha256', '-in', fixture('root.pem')])
    .stdout.toString()
    .trim()
    .split('=')[1]!
const trustRoot = (): string[] => [
  '--root',
  fixture('root.pem'),
  '--fingerprint',
  rootFingerprint(),
]

/** A mail as a mail program saves it: CRLF, plain text. */
function mail(dir: Dir, file: string, from: string, to: string, body: string): string {
  const head = `From: ${from}\r\nTo: ${to}\r\nSubject: Unterlagen\r\nContent-Type: text/plain; charset=us-ascii\r\n`
  return dir.write(file, `${head}\r\n${body}`)
}
const bodyOf = (entity: string): string => entity.slice(entity.indexOf('\r\n\r\n') + 4)

beforeAll(() => {
  // The scripts import the packages from their build, as an installed program would.
  const built = ['mime', 'pki', 'core'].every((p) =>
    existsSync(fileURLToPath(new URL(`../../packages/${p}/dist/index.js`, import.meta.url))),
  )
  expect(built, 'run `pnpm run build` before these tests').toBe(true)
})

describe('make-identity.mjs', () => {
  it('requests a certificate: openssl verifies the request, sees the address, and the encrypted key belongs to it', () => {
    const dir = scratch()
    const made = makeIdentity(
      dir,
      ['--email', 'erika@example.de', '--name', 'Erika Mustermann', '--country', 'DE'],
      'erika',
    )
    expect(made).toContain('certificate request: erika.csr.pem')

    const verified = ssl(dir, ['req', '-verify', '-noout', '-in', 'erika.csr.pem'])
    expect(verified.out).toContain('verify OK')
    const text = ssl(dir, ['req', '-text', '-noout', '-in', 'erika.csr.pem']).out
    expect(text).toContain('Subject: C = DE, CN = Erika Mustermann')
    expect(text).toContain('Public-Key: (3072 bit)')
    expect(text).toMatch(/Subject Alternative Name: *\n *email:erika@example.de\n/)
    expect(text).toMatch(/Key Usage: critical\n *Digital Signature, Key Encipherment\n/)
    expect(text).toMatch(/Extended Key Usage: *\n *E-mail Protection\n/)

    const key = readFileSync(dir.path('erika.key.pem'), 'utf8')
    expect(key).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/)
    expect(statSync(dir.path('erika.key.pem')).mode & 0o777).toBe(0o600)
    const publicOfKey = ssl(dir, ['pkey', '-in', 'erika.key.pem', '-pubout', ...passin])
    const publicOfRequest = ssl(dir, ['req', '-in', 'erika.csr.pem', '-pubkey', '-noout'])
    expect(publicOfKey.ok, publicOfKey.out).toBe(true)
    expect(publicOfKey.out).toBe(publicOfRequest.out)
    expect(ssl(dir, ['pkey', '-in', 'erika.key.pem', '-passin', 'pass:falsch']).ok).toBe(false)

    const again = node(dir, 'make-identity.mjs', [
      ...['--email', 'erika@example.de', '--name', 'Erika', ...passwordEnv, 'erika'],
    ])
    expect(again.status).toBe(1)
    expect(again.out).toContain('will not overwrite erika.key.pem, erika.csr.pem')
    expect(readFileSync(dir.path('erika.key.pem'), 'utf8')).toBe(key)
  })

  it("packs the CA's answer and the key into a .p12 that openssl opens and that signs mail openssl verifies", () => {
    const dir = scratch()
    makeIdentity(
      dir,
      ['--email', 'petra@partner.example', '--name', 'Petra Partner', '--key-type', 'ec-p256'],
      'petra',
    )
    // The CA: the test PKI's issuing CA signs the request with the extensions it asks for.
    const issued = ssl(dir, [
      ...['x509', '-req', '-in', 'petra.csr.pem', '-copy_extensions', 'copy', '-days', '30'],
      ...['-CA', fixture('intermediate.pem'), '-CAkey', fixture('intermediate.key.pem')],
      ...['-out', 'petra.cert.pem'],
    ])
    expect(issued.ok, issued.out).toBe(true)

    const packed = makeIdentity(
      dir,
      [
        '--certificate',
        'petra.cert.pem',
        '--chain',
        fixture('intermediate.pem'),
        '--key',
        'petra.key.pem',
      ],
      'petra',
    )
    expect(packed).toContain('identity: petra.p12 (CN=Petra Partner)')

    const info = ssl(dir, ['pkcs12', '-info', '-nokeys', '-in', 'petra.p12', ...passin])
    expect(info.ok, info.out).toBe(true)
    expect(info.out).toContain('MAC: sha256')
    expect(info.out).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC')
    expect(info.out).toContain('friendlyName: Petra Partner')
    expect(info.out).toContain('subject=CN = Petra Partner')
    expect(info.out).toContain('subject=C = DE, O = Siegel Test, CN = Siegel Test Issuing CA')

    mail(dir, 'in.eml', 'petra@partner.example', 'office@example.de', 'Anbei der Antrag.\r\n')
    const signed = node(dir, 'sign.mjs', [
      '--p12',
      'petra.p12',
      ...passwordEnv,
      'in.eml',
      'out.eml',
    ])
    expect(signed.status, signed.out).toBe(0)
    const verified = ssl(dir, ['cms', '-verify', '-in', 'out.eml', '-CAfile', fixture('root.pem')])
    expect(verified.out).toContain('Verification successful')
    expect(verified.out).toContain('Anbei der Antrag.')
  })

  it('makes a self-signed RSA test identity that openssl accepts for S/MIME signing and encryption', () => {
    const dir = scratch()
    makeIdentity(
      dir,
      ['--self-signed', '--email', 'test@example.org', '--name', 'Test Person'],
      'test',
    )
    const info = ssl(dir, ['pkcs12', '-info', '-nokeys', '-in', 'test.p12', ...passin])
    expect(info.ok, info.out).toBe(true)
    expect(info.out).toContain('subject=CN = Test Person\nissuer=CN = Test Person')
    expect(info.out).toContain(readFileSync(dir.path('test.pem'), 'utf8').trim())

    const text = ssl(dir, ['x509', '-in', 'test.pem', '-noout', '-text']).out
    expect(text).toMatch(/Basic Constraints: critical\n *CA:FALSE\n/)
    expect(text).toMatch(/Key Usage: critical\n *Digital Signature, Key Encipherment\n/)
    expect(text).toMatch(/Extended Key Usage: *\n *E-mail Protection\n/)
    expect(text).toMatch(/Subject Alternative Name: *\n *email:test@example.org\n/)
    for (const purpose of ['smimesign', 'smimeencrypt']) {
      const verified = ssl(dir, ['verify', '-CAfile', 'test.pem', '-purpose', purpose, 'test.pem'])
      expect(verified.out).toBe('test.pem: OK\n')
    }
  })

  it('makes a self-signed EC test identity for keyAgreement, which openssl decrypts with', () => {
    const dir = scratch()
    makeIdentity(
      dir,
      ['--self-signed', '--key-type', 'ec-p256', '--email', 'ec@example.org', '--name', 'EC'],
      'ec',
    )
    const text = ssl(dir, ['x509', '-in', 'ec.pem', '-noout', '-text']).out
    expect(text).toContain('NIST CURVE: P-256')
    expect(text).toMatch(/Key Usage: critical\n *Digital Signature, Key Agreement\n/)
    expect(ssl(dir, ['verify', '-CAfile', 'ec.pem', '-purpose', 'smimesign', 'ec.pem']).out).toBe(
      'ec.pem: OK\n',
    )
    // OpenSSL's smimeencrypt purpose asks keyEncipherment of every key type; RFC 8550 §4.4.2
    // gives an EC key keyAgreement instead. What counts is that mail encrypted to it opens.
    const purpose = ssl(dir, ['verify', '-CAfile', 'ec.pem', '-purpose', 'smimeencrypt', 'ec.pem'])
    expect(purpose.out).toContain('unsuitable certificate purpose')

    mail(dir, 'in.eml', 'office@example.de', 'ec@example.org', 'Nur ein Test.\r\n')
    // A self-signed certificate chains to no trusted root: encrypting to it needs the override.
    const refused = node(dir, 'encrypt.mjs', ['--to', 'ec.pem', 'in.eml', 'out.eml'])
    expect(refused.status).toBe(1)
    expect(refused.out).toContain('ERR_SMIME_UNTRUSTED_RECIPIENT')
    const allowed = ['--to', 'ec.pem', '--allow-untrusted']
    const encrypted = node(dir, 'encrypt.mjs', [...allowed, 'in.eml', 'out.eml'])
    expect(encrypted.status, encrypted.out).toBe(0)
    const key = ssl(dir, ['pkcs12', '-in', 'ec.p12', '-nocerts', '-nodes', ...passin, '-out', 'k'])
    expect(key.ok, key.out).toBe(true)
    const decrypted = ssl(dir, [
      ...['cms', '-decrypt', '-in', 'out.eml', '-recip', 'ec.pem', '-inkey', 'k'],
    ])
    expect(decrypted.ok, decrypted.out).toBe(true)
    // The Subject was hidden outside (RFC 9788 hcp_baseline); openssl, which knows nothing of
    // header protection, shows it from the Legacy Display Element at the top of the body.
    expect(bodyOf(decrypted.out)).toBe('Subject: Unterlagen\r\n\r\nNur ein Test.\r\n')
  })
})

describe('encrypt.mjs', () => {
  it('encrypts for a certificate file; openssl and open.mjs decrypt it to the original text', () => {
    const dir = scratch()
    const body = 'Hallo Bob,\r\n\r\ndie Unterlagen liegen bei.\r\n'
    mail(dir, 'in.eml', 'alice@example.org', 'bob@example.org', body)
    // Without the issuing CA, Bob's certificate chains to no trusted root: nothing is written.
    const refused = node(dir, 'encrypt.mjs', [
      ...['--to', fixture('bob.pem'), ...trustRoot()],
      ...['in.eml', 'out.eml'],
    ])
    expect(refused.status).toBe(1)
    expect(refused.out).toContain('ERR_SMIME_UNTRUSTED_RECIPIENT')
    expect(existsSync(dir.path('out.eml'))).toBe(false)

    const encrypted = node(dir, 'encrypt.mjs', [
      ...['--to', fixture('bob.pem'), '--intermediate', fixture('intermediate.pem')],
      ...[...trustRoot(), 'in.eml', 'out.eml'],
    ])
    expect(encrypted.status, encrypted.out).toBe(0)
    const sent = readFileSync(dir.path('out.eml'), 'utf8')
    expect(sent).not.toContain('die Unterlagen liegen bei')
    // Nothing says what Bob's program reads: AES-256-CBC, which every client does.
    expect(sent).toContain('Content-Type: application/pkcs7-mime; smime-type=enveloped-data')

    const decrypted = ssl(dir, [
      ...['cms', '-decrypt', '-in', 'out.eml'],
      ...['-recip', fixture('bob.pem'), '-inkey', fixture('bob.key.pem')],
    ])
    expect(decrypted.ok, decrypted.out).toBe(true)
    // The Subject was hidden outside (RFC 9788 hcp_baseline); openssl, which knows nothing of
    // header protection, shows it from the Legacy Display Element at the top of the body.
    expect(bodyOf(decrypted.out)).toBe(`Subject: Unterlagen\r\n\r\n${body}`)

    const opened = node(dir, 'open.mjs', [
      ...['--p12', p12Of(dir, 'bob'), ...passwordEnv, 'out.eml'],
    ])
    expect(opened.status, opened.out).toBe(0)
    expect(opened.out.split('\n')[0]).toBe('Encrypted (AES-256-CBC, NOT authenticated)')
    expect(opened.out).toContain('\n\nHallo Bob,\n\ndie Unterlagen liegen bei.\n')
  })

  it('signs, then encrypts to an address from the address book and to the sender; both can read it', () => {
    const dir = scratch()
    p12Of(dir, 'alice')
    p12Of(dir, 'bob')
    // Alice writes first, signed; Bob opens her mail and keeps her certificate.
    mail(dir, 'alice.eml', 'alice@example.org', 'bob@example.org', 'Hallo Bob.\r\n')
    node(dir, 'sign.mjs', ['--p12', 'alice.p12', ...passwordEnv, 'alice.eml', 'alice-signed.eml'])
    const learnt = node(dir, 'open.mjs', [
      ...trustRoot(),
      ...['--address-book', 'book.json', 'alice-signed.eml'],
    ])
    expect(learnt.out.split('\n')[0]).toBe(
      'Signed by alice@example.org · trusted via Siegel Test Root CA',
    )
    expect(JSON.parse(readFileSync(dir.path('book.json'), 'utf8'))[0].email).toBe(
      'alice@example.org',
    )

    const answer = 'Danke, Alice.\r\n'
    mail(dir, 'reply.eml', 'bob@example.org', 'alice@example.org', answer)
    const unknown = node(dir, 'encrypt.mjs', [
      ...['--to-address', 'carol@example.org', '--address-book', 'book.json'],
      ...[...trustRoot(), 'reply.eml', 'out.eml'],
    ])
    expect(unknown.status).toBe(1)
    expect(unknown.out).toContain('ERR_SMIME_UNKNOWN_RECIPIENT')

    const sent = node(dir, 'encrypt.mjs', [
      ...['--to-address', 'alice@example.org', '--address-book', 'book.json'],
      // No --intermediate: the address book kept Alice's issuing CA from her signed mail.
      ...['--sign-with', 'bob.p12', ...passwordEnv],
      ...[...trustRoot(), 'reply.eml', 'out.eml'],
    ])
    expect(sent.status, sent.out).toBe(0)
    expect(sent.out).toContain('signed and encrypted: out.eml')
    // Alice's signed mail announced AES-GCM, and Siegel reads it: authenticated encryption.
    const raw = readFileSync(dir.path('out.eml'), 'utf8')
    expect(raw).toContain('Content-Type: application/pkcs7-mime; smime-type=authEnveloped-data')

    for (const reader of ['alice', 'bob']) {
      const decrypted = ssl(dir, [
        ...['cms', '-decrypt', '-in', 'out.eml', '-out', `${reader}.p7`],
        ...['-recip', fixture(`${reader}.pem`), '-inkey', fixture(`${reader}.key.pem`)],
      ])
      expect(decrypted.ok, decrypted.out).toBe(true)
      const verified = ssl(dir, [
        ...['cms', '-verify', '-in', `${reader}.p7`],
        ...['-CAfile', fixture('root.pem')],
      ])
      expect(verified.out).toContain('Verification successful')
      expect(bodyOf(verified.out)).toContain(answer)
    }

    const opened = node(dir, 'open.mjs', [
      ...trustRoot(),
      '--p12',
      'alice.p12',
      ...passwordEnv,
      'out.eml',
    ])
    expect(opened.status, opened.out).toBe(0)
    expect(opened.out.split('\n')[0]).toBe(
      'Encrypted (AES-256-GCM) · Signed by bob@example.org · trusted via Siegel Test Root CA',
    )
    expect(opened.out).toContain('\n\nDanke, Alice.\n')
  })

  it('takes passwords from the environment only, and says so', () => {
    const dir = scratch()
    mail(dir, 'in.eml', 'alice@example.org', 'bob@example.org', 'x\r\n')
    const unset = node(dir, 'encrypt.mjs', [
      ...['--to', fixture('bob.pem'), '--sign-with', 'alice.p12'],
      ...['--password-env', 'NOT_SET_ANYWHERE', 'in.eml', 'out.eml'],
    ])
    expect(unset.status).toBe(2)
    expect(unset.out).toContain('environment variable NOT_SET_ANYWHERE is not set')
    const noPassword = node(dir, 'make-identity.mjs', [
      '--email',
      'a@example.org',
      '--name',
      'A',
      'a',
    ])
    expect(noPassword.status).toBe(2)
    expect(noPassword.out).toContain('--password-env VAR')
  })
})

describe('open.mjs', () => {
  it('opens mail that openssl encrypted to an agreed password, and only with that password', () => {
    const dir = scratch()
    const body = 'Das Kennwort haben wir am Telefon vereinbart.\r\n'
    mail(dir, 'in.eml', 'office@example.de', 'alice@example.org', body)
    const encrypted = ssl(dir, [
      ...['cms', '-encrypt', '-in', 'in.eml', '-out', 'out.eml', '-aes256'],
      ...['-pwri_password', PASSWORD.SIEGEL_TEST_PASSWORD],
    ])
    expect(encrypted.ok, encrypted.out).toBe(true)
    const opened = node(dir, 'open.mjs', [
      '--message-password-env',
      'SIEGEL_TEST_PASSWORD',
      'out.eml',
    ])
    expect(opened.status, opened.out).toBe(0)
    expect(opened.out.split('\n')[0]).toBe('Encrypted (AES-256-CBC, NOT authenticated)')
    expect(opened.out).toContain('Das Kennwort haben wir am Telefon vereinbart.')
    const wrong = spawnSync(
      process.execPath,
      [join(here, 'open.mjs'), '--message-password-env', 'WRONG', 'out.eml'],
      { cwd: dir.path('.'), env: { ...process.env, WRONG: 'falsch' }, encoding: 'utf8' },
    )
    expect(wrong.status).toBe(1)
    expect(wrong.stdout + wrong.stderr).toContain('ERR_SMIME_DECRYPTION_FAILED')
  })

  it('encrypt.mjs encrypts to an agreed password that openssl and open.mjs accept', () => {
    const dir = scratch()
    const body = 'Die Unterlagen, mit dem vereinbarten Kennwort verschluesselt.\r\n'
    mail(dir, 'in.eml', 'alice@example.org', 'office@example.de', body)
    const sent = node(dir, 'encrypt.mjs', [
      ...['--to-password-env', 'SIEGEL_TEST_PASSWORD', 'in.eml', 'out.eml'],
    ])
    expect(sent.status, sent.out).toBe(0)
    const decrypted = ssl(dir, [
      ...['cms', '-decrypt', '-in', 'out.eml'],
      ...['-pwri_password', PASSWORD.SIEGEL_TEST_PASSWORD],
    ])
    expect(decrypted.ok, decrypted.out).toBe(true)
    // The Subject was hidden outside (RFC 9788 hcp_baseline); openssl, which knows nothing of
    // header protection, shows it from the Legacy Display Element at the top of the body.
    expect(bodyOf(decrypted.out)).toBe(`Subject: Unterlagen\r\n\r\n${body}`)
    const opened = node(dir, 'open.mjs', [
      '--message-password-env',
      'SIEGEL_TEST_PASSWORD',
      'out.eml',
    ])
    expect(opened.out.split('\n')[0]).toBe('Encrypted (AES-256-GCM)')
  })
})

describe('open.mjs exit status and --json', () => {
  /** A text signed by `who` with openssl, sent as from `from`: another tool's verdicts. */
  function signWithOpenssl(dir: Dir, who: string, from: string, text: string, out: string): void {
    dir.write(`${out}.txt`, `Content-Type: text/plain; charset=us-ascii\r\n\r\n${text}`)
    const signed = ssl(dir, [
      ...['smime', '-sign', '-in', `${out}.txt`, '-out', out, '-from', from],
      ...['-to', 'bob@example.org', '-subject', 'Unterlagen', '-signer', fixture(`${who}.pem`)],
      ...['-inkey', fixture(`${who}.key.pem`), '-certfile', fixture('intermediate.pem')],
    ])
    expect(signed.ok, signed.out).toBe(true)
  }
  const open = (dir: Dir, args: string[]): ReturnType<typeof node> =>
    node(dir, 'open.mjs', [...trustRoot(), ...args])

  it('gives 0 for a valid signature and reports the verdict as JSON', () => {
    const dir = scratch()
    signWithOpenssl(dir, 'alice', 'alice@example.org', 'Hallo.\r\n', 'signed.eml')
    const opened = open(dir, ['--json', 'signed.eml'])
    expect(opened.status, opened.out).toBe(0)
    const report = JSON.parse(opened.out)
    expect(report.layers).toEqual([
      {
        kind: 'signed',
        status: 'valid',
        coversEntireMessage: true,
        signers: [
          {
            subject: 'CN=Alice Example,O=Siegel Test,C=DE',
            emailAddresses: ['alice@example.org'],
            signature: 'valid',
            chain: 'trusted',
            senderMatches: true,
          },
        ],
      },
    ])
    expect(report.exitStatus).toBe(0)
  })

  it('gives distinct statuses for invalid, untrusted, sender mismatch and partial signatures', () => {
    const dir = scratch()
    signWithOpenssl(dir, 'alice', 'alice@example.org', 'Bitte 10 EUR.\r\n', 'signed.eml')
    const signed = readFileSync(dir.path('signed.eml'), 'utf8')
    dir.write('tampered.eml', signed.replace('Bitte 10 EUR.', 'Bitte 90 EUR.'))
    expect(open(dir, ['tampered.eml']).status).toBe(3)
    expect(node(dir, 'open.mjs', ['signed.eml']).status).toBe(4)
    signWithOpenssl(dir, 'bob', 'alice@example.org', 'Von Bob.\r\n', 'bob-signed.eml')
    expect(open(dir, ['bob-signed.eml']).status).toBe(6)
    // A mailing list adds a footer part beside the signed post.
    const boundary = signed.match(/boundary="([^"]+)"/)![1]!
    const body = signed.slice(signed.indexOf('\n\n') + 2).replace(/\r?\n/g, '\r\n')
    dir.write(
      'list.eml',
      [
        'From: alice@example.org',
        'To: liste@example.org',
        'Content-Type: multipart/mixed; boundary="list"',
        '',
        '--list',
        `Content-Type: multipart/signed; protocol="application/x-pkcs7-signature"; micalg="sha-256"; boundary="${boundary}"`,
        '',
        body.trimEnd(),
        '--list',
        'Content-Type: text/plain',
        '',
        'Liste mailing list',
        '--list--',
        '',
      ].join('\r\n'),
    )
    const partial = open(dir, ['list.eml'])
    expect(partial.out.split('\n')[0]).toMatch(/^Only PART of the message is signed/)
    expect(partial.status).toBe(7)
  })

  it('gives 5 when the message is not for the identity given, or none was given', () => {
    const dir = scratch()
    mail(dir, 'in.eml', 'alice@example.org', 'bob@example.org', 'Geheim.\r\n')
    const encrypted = ssl(dir, [
      'cms',
      '-encrypt',
      '-in',
      'in.eml',
      '-out',
      'enc.eml',
      fixture('bob.pem'),
    ])
    expect(encrypted.ok, encrypted.out).toBe(true)
    const wrong = node(dir, 'open.mjs', ['--p12', p12Of(dir, 'alice'), ...passwordEnv, 'enc.eml'])
    expect(wrong.status).toBe(5)
    expect(wrong.out).toContain('ERR_SMIME_NOT_A_RECIPIENT')
    const none = node(dir, 'open.mjs', ['--json', 'enc.eml'])
    expect(none.status).toBe(5)
    expect(JSON.parse(none.out).error.code).toBe('ERR_SMIME_IDENTITY_REQUIRED')
  })
})
