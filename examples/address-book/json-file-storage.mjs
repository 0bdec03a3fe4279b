// A DirectoryStorage that keeps the address book in a JSON file, for programs on a server or a
// desktop. The records are JSON-safe by design, so they are written as they are.
import { readFile, rename, writeFile } from 'node:fs/promises'

export class JsonFileStorage {
  /** @param {string} path - the JSON file; it is created on the first save */
  constructor(path) {
    this.path = path
  }

  async load() {
    try {
      return JSON.parse(await readFile(this.path, 'utf8'))
    } catch (error) {
      if (error.code === 'ENOENT') return []
      throw error
    }
  }

  async save(records) {
    // Write a new file and rename it over the old one, so a crash never leaves half a file.
    const temporary = `${this.path}.tmp`
    await writeFile(temporary, JSON.stringify(records, null, 2))
    await rename(temporary, this.path)
  }
}
