import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Certificate, readPkcs12, readPrivateKey, writePkcs12, writePrivateKey } from '@siegel/pki'
import { fixture, fixtureDir, fixtureText } from '../fixtures/openssl-fixtures.js'

const dir = mkdtempSync(join(tmpdir(), 'siegel-pki-'))
const full = Certificate.from(fixtureText('full.pem'))
const ca = Certificate.from(fixtureText('ca.pem'))

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

describe('OpenSSL reads what Siegel writes', () => {
  it.each([
    ['modern', 'PBES2, PBKDF2, AES-256-CBC', 'MAC: sha256'],
    ['legacy', 'pbeWithSHA1And3-KeyTripleDES-CBC', 'MAC: sha1'],
  ] as const)('openssl pkcs12 -info reads a %s file', async (compat, cipher, mac) => {
    const key = await readPrivateKey(fixture('full.key.pem'))
    const p12 = await writePkcs12({ key, certificate: full }, 'geheim', {
      compat,
      friendlyName: 'Erika',
      chain: [ca],
    })
    const file = join(dir, `${compat}.p12`)
    writeFileSync(file, p12)
    const info = execFileSync(
      'openssl',
      ['pkcs12', '-info', '-in', file, '-passin', 'pass:geheim', '-nodes'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    )
    expect(info).toContain('friendlyName: Erika')
    expect(info).toContain('BEGIN PRIVATE KEY')
    expect(info.match(/BEGIN CERTIFICATE/g)).toHaveLength(2)
    // openssl prints the algorithms on stderr.
    const all = execFileSync(
      'sh',
      ['-c', `openssl pkcs12 -info -noout -in '${file}' -passin pass:geheim 2>&1`],
      {
        encoding: 'utf8',
      },
    )
    expect(all).toContain(cipher)
    expect(all).toContain(mac)
  })

  it('openssl pkey reads an encrypted PKCS#8 key from writePrivateKey', async () => {
    const key = await readPrivateKey(fixture('full.key.pem'))
    const file = join(dir, 'key.pem')
    writeFileSync(file, await writePrivateKey(key, { password: 'geheim' }))
    const out = openssl(['pkey', '-in', file, '-passin', 'pass:geheim', '-pubout'])
    expect(out).toContain('BEGIN PUBLIC KEY')
    expect(openssl(['x509', '-in', join(fixtureDir, 'full.pem'), '-pubkey', '-noout'])).toBe(out)
  })

  it('util.inspect and console output never show key material', async () => {
    const key = await readPrivateKey(fixture('full.key.pem'))
    expect(inspect(key)).toBe('PrivateKey(RSA 2048)')
    expect(inspect({ key }, { depth: 5, showHidden: true })).not.toMatch(/[0-9a-f]{32}|MII/)
  })
})

describe('passwords outside ASCII (BMPString, RFC 7292 appendix B.1)', () => {
  it.each(['modern', 'legacy'] as const)(
    'a %s file with "Schlüssel€" opens in OpenSSL and back',
    async (compat) => {
      const password = 'Schlüssel€'
      const key = await readPrivateKey(fixture('full.key.pem'))
      const file = join(dir, `umlaut-${compat}.p12`)
      writeFileSync(
        file,
        await writePkcs12({ key, certificate: full }, password, { compat, iterations: 2048 }),
      )
      expect(openssl(['pkcs12', '-in', file, '-passin', `pass:${password}`, '-nokeys'])).toContain(
        'BEGIN CERTIFICATE',
      )
      const reexported = join(dir, `umlaut-${compat}-openssl.p12`)
      const pem = join(dir, `umlaut-${compat}.pem`)
      writeFileSync(pem, openssl(['pkcs12', '-in', file, '-passin', `pass:${password}`, '-nodes']))
      openssl([
        'pkcs12',
        '-export',
        '-in',
        pem,
        '-passout',
        `pass:${password}`,
        '-out',
        reexported,
        ...(compat === 'legacy' ? ['-legacy'] : []),
      ])
      const contents = await readPkcs12(new Uint8Array(readFileSync(reexported)), password)
      expect(contents.identities[0]!.certificate?.der).toEqual(full.der)
    },
  )
})
