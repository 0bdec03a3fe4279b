import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Certificate, CertificateDirectory } from '@siegel/pki'
import { jsonFileStorage } from '../../examples/directory-storage/json-file-storage.js'
import { testPki } from '../fixtures/test-pki.js'

describe('the JSON file storage example', () => {
  it('writes the directory to a file and reads it back', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'siegel-dir-')), 'contacts.json')
    const directory = await CertificateDirectory.open(jsonFileStorage(file))
    await directory.add(Certificate.from(testPki.bob))
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveLength(1)
    const reopened = await CertificateDirectory.open(jsonFileStorage(file))
    expect(reopened.lookup('bob@example.org')[0]!.certificate.subject).toBe(
      'CN=Bob Example,O=Siegel Test,C=DE',
    )
  })
})
