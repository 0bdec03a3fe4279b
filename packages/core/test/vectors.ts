// Third-party vectors as bytes, the same way in Node and in the browser: vite inlines each file
// as a base64 data URL, which is decoded here.
const files = import.meta.glob('./vectors/**/*', {
  query: '?inline',
  import: 'default',
  eager: true,
}) as Record<string, string>

/** The exact bytes of `vectors/<path>`; a missing file fails the test. */
export function vector(path: string): Uint8Array {
  const url = files[`./vectors/${path}`]
  if (url === undefined) throw new Error(`test vector ${path} is missing`)
  const base64 = url.slice(url.indexOf(',') + 1)
  const binary = atob(base64)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}
