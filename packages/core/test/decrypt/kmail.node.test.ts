// KMail-encrypted messages, opened with the key KDE's tests keep in a gpgsm home: gpgsm exports
// it as PKCS#12, Siegel loads that and decrypts (RSA-1024, PKCS#1 v1.5, 3DES).
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decryptMessage, loadIdentity } from '@siegel/core'

const vectors = new URL('../vectors/', import.meta.url).pathname
const home = mkdtempSync(join(tmpdir(), 'siegel-kde-'))
cpSync(join(vectors, 'kde-gnupg-home'), home, { recursive: true })
writeFileSync(join(home, 'gpg-agent.conf'), 'allow-loopback-pinentry\n')
const env = { ...process.env, GNUPGHOME: home }
afterAll(() => void spawnSync('gpgconf', ['--kill', 'all'], { env }))

function exportPkcs12(): Uint8Array {
  const run = spawnSync(
    'gpgsm',
    ['--batch', '--pinentry-mode', 'loopback', '--passphrase-fd', '0'].concat([
      '--export-secret-key-p12',
      '0x212B49DC',
    ]),
    { env, input: 'kmail\n' },
  )
  expect(run.status).toBe(0)
  return new Uint8Array(run.stdout)
}

// Exported once: every export starts gpg-agent work that is slow on a busy machine.
let identity: ReturnType<typeof loadIdentity> | undefined
const kmailIdentity = (): ReturnType<typeof loadIdentity> =>
  (identity ??= loadIdentity({ pkcs12: exportPkcs12(), password: 'kmail' }))

describe('KMail messages', () => {
  it.each([
    ['smime-encrypted.mbox', 'text/plain'],
    ['smime-encrypted-octet-stream.mbox', undefined],
    ['smime-signed-encrypted.mbox', undefined],
  ])('%s decrypts', { timeout: 30_000 }, async (file, mediaType) => {
    const me = await kmailIdentity()
    const raw = new Uint8Array(readFileSync(join(vectors, 'kmail-encrypted', file)))
    const result = await decryptMessage(raw, me)
    expect(result.authenticated).toBe(false)
    expect(result.content.length).toBeGreaterThan(0)
    if (mediaType) expect(result.entity.contentType.mediaType).toBe(mediaType)
  })
})
