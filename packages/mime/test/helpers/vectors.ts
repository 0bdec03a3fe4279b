// Loads third-party vectors as exact bytes in both runtimes: `?inline` hands each file over as
// a base64 data URL (the root config marks test/vectors/** as assets). `?raw` would decode the
// files as UTF-8 and lose their 8-bit bytes.
const PREFIX = '../vectors/mime-corpus/'
const modules = import.meta.glob<string>('../vectors/mime-corpus/**/*', {
  query: '?inline',
  import: 'default',
})

/** Corpus files by path under `test/vectors/mime-corpus/`, provenance files excluded. */
export const corpusFiles: string[] = Object.keys(modules)
  .map((key) => key.slice(PREFIX.length))
  .filter((name) => name.includes('/'))
  .sort()

export async function loadCorpusFile(name: string): Promise<Uint8Array> {
  const load = modules[PREFIX + name]
  if (load === undefined) throw new Error(`no corpus file ${name}`)
  const url = await load()
  const comma = url.indexOf(',')
  if (!url.startsWith('data:') || !url.slice(0, comma).endsWith(';base64'))
    throw new Error(`expected a base64 data URL for ${name}, got ${url.slice(0, 40)}`)
  return Uint8Array.from(atob(url.slice(comma + 1)), (c) => c.charCodeAt(0))
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Whether two byte arrays are equal. A plain loop: `toEqual` on megabyte arrays walks them
 * element by element through the generic deep-equality code and takes seconds.
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
