import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openMessage, protectMessage, loadIdentity } from '@siegel/core'
import { Certificate, CertificateDirectory } from '@siegel/pki'
import { scratch } from '../../packages/core/test/openssl.js'
// @ts-expect-error: plain JavaScript without declarations
import { JsonFileStorage } from './json-file-storage.mjs'

const pki = fileURLToPath(new URL('../../packages/core/test/fixtures/test-pki/', import.meta.url))
const pem = (name: string): string => readFileSync(join(pki, name), 'utf8')

describe('an address book in a JSON file', () => {
  it('learns a signer from signed mail, survives a restart, and finds the certificate by address', async () => {
    const dir = scratch()
    const file = dir.path('address-book.json')
    const alice = await loadIdentity({
      certificate: pem('alice.pem'),
      privateKey: pem('alice.key.pem'),
      chain: [pem('intermediate.pem')],
    })
    const signed = await protectMessage(
      { from: 'alice@example.org', to: 'office@example.de', text: 'Hallo' },
      { signWith: alice },
    )

    const book = await CertificateDirectory.open(new JsonFileStorage(file))
    await openMessage(signed, {
      trustAnchors: [Certificate.from(pem('root.pem'))],
      directory: book,
    })

    const reopened = await CertificateDirectory.open(new JsonFileStorage(file))
    const [found] = reopened.lookup('alice@Example.ORG')
    expect(found?.certificate.der).toEqual(Certificate.from(pem('alice.pem')).der)
    expect(JSON.parse(readFileSync(file, 'utf8'))[0]).toMatchObject({
      email: 'alice@example.org',
      preferredForEncryption: true,
    })
  })

  it('starts empty when the file does not exist yet', async () => {
    const book = await CertificateDirectory.open(
      new JsonFileStorage(join(scratch().path('none'), 'book.json')),
    )
    expect(book.addresses()).toEqual([])
  })
})
