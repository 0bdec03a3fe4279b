// The format of the adversarial suite's case tables (cases-*.ts), and the loader of its files.
// Each cases-*.ts file exports `cases: AdversarialCase[]`; the runners pick up every such file.
import { Certificate, type PkiErrorCode, type TrustAnchor } from '@siegel/pki'

/** One adversarial case: a path, how it is verified, and the verdict RFC 5280 demands. */
export interface AdversarialCase {
  /** Unique across all cases-*.ts files. */
  name: string
  /** The rule the case checks, e.g. `RFC 5280 §4.2.1.10`. */
  rfc: string
  /** The end-entity certificate (file name in certs/ without `.pem`). */
  leaf: string
  /**
   * Trust anchors: a file, or a file with TrustAnchor fields (`allowNonCa`, `pathLength`), or
   * with `keyOnly` for an anchor of the file's name and key alone (RFC 5914, no certificate).
   */
  anchors: (
    string | { file: string; allowNonCa?: boolean; pathLength?: number; keyOnly?: boolean }
  )[]
  /** The pool of other certificates. Default: none. */
  intermediates?: string[]
  /** CRLs (files in certs/) for the end entity's issuer. Default: none (revocation unknown). */
  crls?: string[]
  /** `verifyCertificate` options beyond the suite's defaults (purpose smime-sign, at AT). */
  options?: {
    enforceAnchorConstraints?: boolean
    email?: string
    model?: 'shell' | 'chain'
    purpose?: 'smime-sign' | 'smime-encrypt'
  }
  /** `trusted`, or the reason code of an untrusted verdict, or the code thrown. */
  expected: 'trusted' | { code: PkiErrorCode } | { throws: PkiErrorCode }
  /**
   * Why `openssl verify -x509_strict -purpose smimesign` gives a different answer, if it does
   * (OpenSSL is lenient there, or the case uses an option OpenSSL does not have).
   */
  openssl?: string
}

/** The validation time of every case (the certificates are valid 2020 to 2040). */
export const AT: Date = new Date('2026-06-01T00:00:00Z')

// Typed here, since the packages' test declarations of import.meta.glob differ.
const pems = import.meta.glob('./certs/*.pem', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>

/** The PEM text of a generated certificate; a missing file fails the test. */
export function pemOf(file: string): string {
  const text = pems[`./certs/${file}.pem`]
  if (text === undefined) throw new Error(`adversarial certificate certs/${file}.pem is missing`)
  return text
}

export function certificateOf(file: string): Certificate {
  return Certificate.from(pemOf(file))
}

/** The anchors of a case as `verifyCertificate` takes them. */
export function anchorsOf(c: AdversarialCase): (Certificate | TrustAnchor)[] {
  return c.anchors.map((a) => {
    if (typeof a === 'string') return certificateOf(a)
    const { file, keyOnly, ...fields } = a
    const certificate = certificateOf(file)
    if (keyOnly)
      return {
        subject: certificate.subjectDer,
        publicKeyInfo: certificate.publicKey.spki,
        ...fields,
      }
    return { certificate, ...fields }
  })
}

const tables = import.meta.glob('./cases-*.ts', { eager: true }) as Record<
  string,
  { cases: AdversarialCase[] }
>

/** Every case of every cases-*.ts file, with the file it came from. */
export const allCases: (AdversarialCase & { file: string })[] = Object.entries(tables).flatMap(
  ([path, module]) => module.cases.map((c) => ({ ...c, file: path.replace('./', '') })),
)
