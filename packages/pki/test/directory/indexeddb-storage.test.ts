import { describe, expect, it } from 'vitest'
import { Certificate, CertificateDirectory } from '@siegel/pki'
import { indexedDbStorage } from '../../../../examples/browser-app/src/indexeddb-storage.js'
import { testPki } from '../fixtures/test-pki.js'

// Gated on capability: IndexedDB exists in browsers, not in Node. In Node this file checks
// only that the gate is what it claims to be.
const hasIndexedDb = typeof globalThis.indexedDB !== 'undefined'

describe('the IndexedDB storage example', () => {
  it('knows whether this runtime has IndexedDB', () => {
    expect(hasIndexedDb).toBe('indexedDB' in globalThis)
  })

  it.runIf(hasIndexedDb)('keeps the directory across reopening', async () => {
    const name = `siegel-test-${crypto.randomUUID()}`
    const directory = await CertificateDirectory.open(indexedDbStorage(name))
    await directory.add(Certificate.from(testPki.alice))
    const reopened = await CertificateDirectory.open(indexedDbStorage(name))
    expect(reopened.addresses()).toEqual(['alice@example.org'])
    expect(reopened.lookup('alice@example.org')[0]!.certificate.serialNumber).toBe('1001')
  })
})
