#!/usr/bin/env node
// Makes the certificates of cases.json with OpenSSL: an unconstrained root, one intermediate
// per entry of `cas` (its rfc822Name nameConstraints), and one leaf per case (its SAN entries in
// OpenSSL's syntax and an optional subject emailAddress). Also copies the root, the
// permit-example-org CA and two leaves with their keys to core's fixtures, where a signed mail
// from the smuggled address is verified end to end.
// Usage: node packages/pki/test/adversarial-mail/gen-adversarial-mail.mjs  (writes ./certs/)
// Keys are random, so each run writes different bytes; the structure is what cases.json says.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const here = new URL('.', import.meta.url).pathname
const out = join(here, 'certs')
const core = join(here, '../../../core/test/fixtures/mail-smuggling')
const { cas, cases } = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'))
const work = mkdtempSync(join(tmpdir(), 'adversarial-mail-'))
// Long enough that the committed certificates never expire under the tests.
const DAYS = '36500'

const openssl = (...args) => execFileSync('openssl', args, { cwd: work, stdio: 'pipe' })
const key = (name) => {
  openssl(
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-out',
    `${name}.key.pem`,
  )
  return `${name}.key.pem`
}

function issue(name, subject, extensions, issuer, san = []) {
  // SAN entries go in their own section: there OpenSSL does not split values at commas.
  const alt = san.map((entry, i) => {
    const colon = entry.indexOf(':')
    return `${entry.slice(0, colon)}.${i} = ${utf8Format(entry.slice(colon + 1))}`
  })
  const sections = [
    `[ext]`,
    ...extensions,
    ...(san.length ? ['subjectAltName = @alt', '[alt]', ...alt] : []),
  ]
  writeFileSync(join(work, `${name}.cnf`), `${sections.join('\n')}\n`)
  openssl('req', '-new', '-utf8', '-key', key(name), '-subj', subject, '-out', `${name}.csr`)
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-days',
    DAYS,
    '-sha256',
    '-CA',
    `${issuer}.pem`,
    '-CAkey',
    `${issuer}.key.pem`,
    '-set_serial',
    `0x${serial()}`,
    '-extfile',
    `${name}.cnf`,
    '-extensions',
    'ext',
    '-out',
    `${name}.pem`,
  )
}

// OpenSSL's config reads `UTF8:` values as Latin-1 and would encode them twice; FORMAT:UTF8
// takes the bytes as they are (ASN1_generate_nconf(3)).
const utf8Format = (value) => value.replace(';UTF8:', ';FORMAT:UTF8,UTF8:')

let counter = 0x1000
const serial = () => (counter++).toString(16)

try {
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    key('root'),
    '-subj',
    '/CN=Adversarial Mail Root',
    '-days',
    DAYS,
    '-sha256',
    '-set_serial',
    '0x01',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-addext',
    'subjectKeyIdentifier=hash',
    '-out',
    'root.pem',
  )
  for (const [name, constraints] of Object.entries(cas))
    issue(
      `ca-${name}`,
      `/CN=Constrained CA ${name}`,
      [
        'basicConstraints = critical, CA:true',
        'keyUsage = critical, keyCertSign, cRLSign',
        `nameConstraints = critical, ${constraints.join(', ')}`,
        'subjectKeyIdentifier = hash',
        'authorityKeyIdentifier = keyid',
      ],
      'root',
    )
  for (const c of cases) {
    const subject = `/CN=${c.name}${c.dnEmail ? `/emailAddress=${c.dnEmail}` : ''}`
    issue(
      c.name,
      subject,
      [
        'basicConstraints = critical, CA:false',
        'keyUsage = critical, digitalSignature',
        'extendedKeyUsage = emailProtection',
        'subjectKeyIdentifier = hash',
        'authorityKeyIdentifier = keyid',
      ],
      `ca-${c.ca}`,
      c.san,
    )
  }
  const files = ['root', ...Object.keys(cas).map((n) => `ca-${n}`), ...cases.map((c) => c.name)]
  for (const f of files) copyFileSync(join(work, `${f}.pem`), join(out, `${f}.pem`))
  mkdirSync(core, { recursive: true })
  for (const f of ['root', 'ca-permit-example-org', 'utf8-only-evil', 'dn-email-outside-no-san'])
    copyFileSync(join(work, `${f}.pem`), join(core, `${f}.pem`))
  for (const f of ['utf8-only-evil', 'dn-email-outside-no-san'])
    copyFileSync(join(work, `${f}.key.pem`), join(core, `${f}.key.pem`))
} finally {
  rmSync(work, { recursive: true, force: true })
}
