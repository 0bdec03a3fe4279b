// Every certificate in the repository's vectors and fixtures, as DER, loaded so that Node and
// Chromium see the same bytes. Certificates inside CMS messages (RFC 4134, RFC 9216, the mails
// of real clients) are cut out of the SignedData with asn1js, byte for byte.
import * as asn1js from 'asn1js'
import { decodePem } from '@siegel/pki'
import { BAYERN_ROOT_CA_2019_BASE64 } from '../../src/anchors/bayern-root-ca-2019.js'
import { bytesOf } from '../fixtures/vectors.js'

// The globs are written out: Vite resolves import.meta.glob patterns at build time.
const derFiles: Record<string, string> = import.meta.glob(
  [
    '../vectors/pkits/certs/*.crt',
    '../vectors/rfc4134/*.cer',
    '../../../core/test/vectors/**/*.cer',
  ],
  { query: '?inline', import: 'default', eager: true },
)
const pemFiles: Record<string, string> = import.meta.glob(
  [
    '../vectors/rfc9216/*.crt',
    '../vectors/v-pki/*.pem',
    '../fixtures/trust/*.pem',
    '../fixtures/test-pki/*.pem',
    '../fixtures/openssl/*.pem',
    '../../../core/test/vectors/**/*.crt',
  ],
  { query: '?raw', import: 'default', eager: true },
)
const messageFiles: Record<string, string> = import.meta.glob(
  ['../../../core/test/vectors/**/*.{eml,message,mbox,txt,p7m,bin}', '../vectors/rfc9216/*.p7m'],
  { query: '?inline', import: 'default', eager: true },
)

/** One certificate and where it was found. */
export interface CertificateSource {
  source: string
  der: Uint8Array
}

const SIGNED_DATA = '1.2.840.113549.1.7.2'
// Base64 bodies of MIME parts: runs of at least four base64 lines.
const BASE64_BLOCK = /(?:^[A-Za-z0-9+/=]{16,}\r?\n){4,}/gm

/** The certificates of a CMS SignedData (RFC 5652 §5.1 `certificates [0] IMPLICIT`). */
function cmsCertificates(der: Uint8Array): Uint8Array[] {
  const parsed = asn1js.fromBER(der)
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return []
  const [type, wrapped] = parsed.result.valueBlock.value
  if (!(type instanceof asn1js.ObjectIdentifier) || type.valueBlock.toString() !== SIGNED_DATA)
    return []
  const signedData = (wrapped as asn1js.Constructed | undefined)?.valueBlock.value[0]
  if (!(signedData instanceof asn1js.Sequence)) return []
  const certificates = signedData.valueBlock.value.find(
    (f) => f.idBlock.tagClass === 3 && f.idBlock.tagNumber === 0,
  ) as asn1js.Constructed | undefined
  return (certificates?.valueBlock.value ?? [])
    .filter((c) => c instanceof asn1js.Sequence)
    .map((c) => new Uint8Array(c.valueBeforeDecodeView))
}

function base64Blocks(bytes: Uint8Array): Uint8Array[] {
  const text = Array.from(bytes, (b) => String.fromCharCode(b)).join('')
  return [...text.matchAll(BASE64_BLOCK)].flatMap((m) => {
    try {
      return [Uint8Array.from(atob(m[0].replace(/\s+/g, '')), (c) => c.charCodeAt(0))]
    } catch (error) {
      // Lines that only look like base64 (a long word in a text part) are not a body.
      if (error instanceof DOMException) return []
      throw error
    }
  })
}

const name = (path: string): string => path.replace(/^(\.\.\/)+/, '')

function collect(): CertificateSource[] {
  const out: CertificateSource[] = []
  for (const [path, url] of Object.entries(derFiles))
    out.push({ source: name(path), der: bytesOf(url) })
  for (const [path, text] of Object.entries(pemFiles))
    for (const block of decodePem(text))
      if (block.label === 'CERTIFICATE') out.push({ source: name(path), der: block.der })
      else if (block.label === 'PKCS7')
        for (const der of cmsCertificates(block.der)) out.push({ source: name(path), der })
  for (const [path, url] of Object.entries(messageFiles)) {
    const bytes = bytesOf(url)
    for (const cms of [bytes, ...base64Blocks(bytes)])
      for (const der of cmsCertificates(cms)) out.push({ source: name(path), der })
  }
  out.push({
    source: 'src/anchors/bayern-root-ca-2019.ts',
    der: Uint8Array.from(atob(BAYERN_ROOT_CA_2019_BASE64), (c) => c.charCodeAt(0)),
  })
  // The same certificate often appears in several places; each is compared once.
  const seen = new Set<string>()
  return out.filter(({ der }) => {
    const key = der.join()
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export const certificateSources: readonly CertificateSource[] = collect()
