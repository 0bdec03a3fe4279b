// Loads third-party vectors as exact bytes in both runtimes. Vite hands out each file's URL;
// a page (Chromium) fetches it from the test server, Node reads it from disk. `?raw` would
// decode the files as UTF-8 and lose their 8-bit bytes.
const urls = import.meta.glob<string>('../vectors/mime-corpus/**/*', {
  query: '?url',
  import: 'default',
  eager: true,
})

/** Corpus files by path under `test/vectors/mime-corpus/`, provenance files excluded. */
export const corpusFiles: string[] = Object.keys(urls)
  .map((key) => key.slice('../vectors/mime-corpus/'.length))
  .filter((name) => name.includes('/'))
  .sort()

export async function loadCorpusFile(name: string): Promise<Uint8Array> {
  const url = urls[`../vectors/mime-corpus/${name}`]
  if (url === undefined) throw new Error(`no corpus file ${name}`)
  if (typeof location !== 'undefined') {
    const response = await fetch(url)
    if (!response.ok) throw new Error(`fetching ${url}: ${response.status}`)
    return new Uint8Array(await response.arrayBuffer())
  }
  // No page to fetch from: the URL is relative to the repository root.
  const fs = 'node:fs/promises'
  const { readFile } = (await import(/* @vite-ignore */ fs)) as typeof import('node:fs/promises')
  return new Uint8Array(await readFile(new URL(`../../../..${url}`, import.meta.url)))
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}
