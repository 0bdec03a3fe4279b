// The address book: certificates learned from signed mail, by e-mail address, in IndexedDB.
export interface AddressBookEntry {
  address: string
  /** DER of the certificate, as received. */
  certificate: Uint8Array
  subject: string
  learnedAt: string
}

const DB_NAME = 'siegel-address-book'
const STORE = 'certificates'

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'address' })
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

export async function remember(entry: AddressBookEntry): Promise<void> {
  const db = await open()
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite')
    tx.objectStore(STORE).put({ ...entry, address: entry.address.toLowerCase() })
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
  })
  db.close()
}

export async function entries(): Promise<AddressBookEntry[]> {
  const db = await open()
  const all = await new Promise<AddressBookEntry[]>((resolve, reject) => {
    const request = db.transaction(STORE).objectStore(STORE).getAll()
    request.onsuccess = () => resolve(request.result as AddressBookEntry[])
    request.onerror = () => reject(request.error)
  })
  db.close()
  return all
}
