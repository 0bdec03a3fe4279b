// A DirectoryStorage that keeps the address book in one JSON file (Node).
// Usage: const directory = await CertificateDirectory.open(jsonFileStorage('contacts.json'))
import { readFile, rename, writeFile } from 'node:fs/promises'
import type { DirectoryRecord, DirectoryStorage } from '@siegel/pki'

export function jsonFileStorage(path: string): DirectoryStorage {
  return {
    async load(): Promise<DirectoryRecord[]> {
      try {
        return JSON.parse(await readFile(path, 'utf8')) as DirectoryRecord[]
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return []
        throw error
      }
    },
    async save(records: readonly DirectoryRecord[]): Promise<void> {
      // Write a new file, then rename it over the old one: a crash never leaves half a file.
      await writeFile(`${path}.tmp`, JSON.stringify(records, null, 2))
      await rename(`${path}.tmp`, path)
    },
  }
}
