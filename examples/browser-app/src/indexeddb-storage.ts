// A DirectoryStorage that keeps the address book in IndexedDB (browsers), for the app and to copy.
// Usage: const directory = await CertificateDirectory.open(indexedDbStorage('siegel-contacts'))
import type { DirectoryRecord, DirectoryStorage } from '@siegel/pki'

const STORE = 'records'

function open(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve()
    transaction.onerror = () => reject(transaction.error)
    transaction.onabort = () => reject(transaction.error)
  })
}

export function indexedDbStorage(databaseName: string): DirectoryStorage {
  return {
    async load(): Promise<DirectoryRecord[]> {
      const db = await open(databaseName)
      const request = db.transaction(STORE).objectStore(STORE).get('all')
      const records = await new Promise<unknown>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      db.close()
      return (records as DirectoryRecord[] | undefined) ?? []
    },
    async save(records: readonly DirectoryRecord[]): Promise<void> {
      const db = await open(databaseName)
      const transaction = db.transaction(STORE, 'readwrite')
      // One key holding the whole list: the directory is small, and a put is atomic.
      transaction.objectStore(STORE).put(structuredClone([...records]), 'all')
      await done(transaction)
      db.close()
    },
  }
}
