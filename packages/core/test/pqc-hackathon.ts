// The ML-KEM KEMRecipientInfo artifacts of the IETF PQC hackathon (CMS round v3) by three
// implementations that share no code with Siegel or each other (see
// vectors/pqc-hackathon/README.md), as bytes,
// the same way in Node and in the browser.
const files = import.meta.glob('./vectors/pqc-hackathon/*/*', {
  query: '?inline',
  import: 'default',
  eager: true,
}) as Record<string, string>

/** The exact bytes of `vectors/pqc-hackathon/<producer>/<name>`; a missing file fails the test. */
export function artifact(producer: string, name: string): Uint8Array {
  const url = files[`./vectors/pqc-hackathon/${producer}/${name}`]
  if (url === undefined) throw new Error(`hackathon artifact ${producer}/${name} is missing`)
  return Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0))
}

/** The names of one producer's files. */
export function artifactNames(producer: string): string[] {
  const prefix = `./vectors/pqc-hackathon/${producer}/`
  return Object.keys(files)
    .filter((path) => path.startsWith(prefix))
    .map((path) => path.slice(prefix.length))
}

/** Each producer's file names: base of a key (certificate `_ee.der`), and its key file. */
export const PRODUCERS = {
  bc: { prefix: /^ml-kem-\d+-[\d.]+/, key: '_priv.der' },
  cryptonext: { prefix: /^ML-KEM-\d+-[\d.]+/, key: '_expandedkey_priv.der' },
  redhound: { prefix: /^mlkem\d+-[\d.]+/, key: '_expandedkey_priv.der' },
} as const
