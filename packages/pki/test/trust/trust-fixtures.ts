// The certificates made by test/fixtures/gen-trust-fixtures.sh, by file name without `.pem`.
import { Certificate } from '@siegel/pki'

const files = import.meta.glob('../fixtures/trust/*.pem', {
  query: '?raw',
  import: 'default',
  eager: true,
})

/** A fixture certificate; a missing file fails the test. */
export function fixture(name: string): Certificate {
  const text = files[`../fixtures/trust/${name}.pem`]
  if (text === undefined) throw new Error(`fixture trust/${name}.pem is missing`)
  return Certificate.from(text)
}

/** Every fixture whose name starts with `prefix`. */
export function fixtures(prefix: string): Certificate[] {
  return Object.keys(files)
    .map((path) => /([^/]+)\.pem$/.exec(path)![1]!)
    .filter((name) => name.startsWith(prefix))
    .map(fixture)
}

const binaries = import.meta.glob('../fixtures/trust/*.der.b64', {
  query: '?raw',
  import: 'default',
  eager: true,
})

/** The bytes of a binary fixture (stored as `<name>.der.b64`); a missing file fails the test. */
export function fixtureBytes(name: string): Uint8Array {
  const text = binaries[`../fixtures/trust/${name}.der.b64`]
  if (text === undefined) throw new Error(`fixture trust/${name}.der.b64 is missing`)
  return Uint8Array.from(atob(text.replace(/\s+/g, '')), (c) => c.charCodeAt(0))
}
