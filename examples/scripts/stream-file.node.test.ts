import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Certificate, importPrivateKey, readPrivateKey } from '@siegel/pki'
import { decryptLargeFile, encryptLargeFile, signBlob, verifyLargeFile } from './stream-file.mjs'

const pki = fileURLToPath(new URL('../../packages/core/test/fixtures/test-pki/', import.meta.url))
const pem = (name: string): string => readFileSync(join(pki, name), 'utf8')
const root = Certificate.from(pem('root.pem'))
const message =
  'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: big\r\n' +
  'Content-Type: text/plain\r\n\r\n' +
  'A long report.\r\n'.repeat(200000)

describe('the streaming example', () => {
  it('encrypts a file and decrypts it again, file to file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'siegel-stream-'))
    writeFileSync(join(dir, 'in.eml'), message)
    await encryptLargeFile({
      input: join(dir, 'in.eml'),
      output: join(dir, 'out.eml'),
      to: [join(pki, 'alice.pem')],
      trustAnchors: [root],
      intermediates: [Certificate.from(pem('intermediate.pem'))],
    })
    const identity = {
      certificate: pem('alice.pem'),
      privateKey: await readPrivateKey(pem('alice.key.pem')),
    }
    const { authenticated } = await decryptLargeFile({
      input: join(dir, 'out.eml'),
      output: join(dir, 'plain.txt'),
      identity,
    })
    expect(authenticated).toBe(true)
    expect(readFileSync(join(dir, 'plain.txt'), 'utf8')).toBe(
      message.slice(message.indexOf('Content-Type')),
    )
  })

  it('signs a Blob and verifies the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'siegel-stream-'))
    const me = {
      certificate: pem('alice.pem'),
      privateKey: await importPrivateKey(pem('alice.key.pem')),
      chain: [pem('intermediate.pem')],
    }
    const response = await signBlob(new Blob([message]), me)
    writeFileSync(join(dir, 'signed.eml'), new Uint8Array(await response.arrayBuffer()))
    const result = await verifyLargeFile({ input: join(dir, 'signed.eml'), trustAnchors: [root] })
    expect(result.status).toBe('valid')
    expect(result.signer).toContain('Alice')
  })
})
