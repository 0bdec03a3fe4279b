import type { Certificate } from '../certificate/certificate.js'
import { UnsupportedAlgorithmError } from '../errors.js'
import { equalBytes } from '../lib/bytes.js'
import { DerReader } from '../lib/der.js'
import type { PrivateKey } from '../key/private-key.js'

/** A certificate found in a PKCS#12 file, with its bag attributes. */
export interface Pkcs12Entry {
  certificate: Certificate
  /** The friendlyName attribute (PKCS#9), as mail programs show it. */
  friendlyName?: string
  /** The localKeyId attribute that ties a certificate to its key. */
  localKeyId?: Uint8Array
}

/** A private key from a PKCS#12 file with its certificate and the rest of its chain. */
export interface Pkcs12Identity {
  key: PrivateKey
  /** The certificate of the key, if the file holds it. */
  certificate: Certificate | undefined
  /** The issuers of `certificate` found in the file, nearest first (not validated). */
  chain: Certificate[]
  friendlyName?: string
  localKeyId?: Uint8Array
}

// Real chains are three certificates; this only stops loops in hostile files.
const MAX_CHAIN = 10
const spkiReader: DerReader = new DerReader('ERR_PKI_MALFORMED_KEY', 'SubjectPublicKeyInfo')

/** The subjectPublicKey BIT STRING content: equal for rsaEncryption and RSA-PSS forms. */
export function publicKeyBits(spki: Uint8Array): Uint8Array {
  const [, bits] = spkiReader.sequence(spkiReader.one(spki), 'SubjectPublicKeyInfo')
  if (!bits || bits.tag !== 3) spkiReader.fail('expected a BIT STRING')
  return bits.content
}

export async function matchIdentities(
  keys: { key: PrivateKey; friendlyName?: string; localKeyId?: Uint8Array }[],
  certificates: Pkcs12Entry[],
  crypto: Crypto | undefined,
): Promise<Pkcs12Identity[]> {
  const identities: Pkcs12Identity[] = []
  for (const entry of keys) {
    let match = entry.localKeyId
      ? certificates.find((c) => c.localKeyId && equalBytes(c.localKeyId, entry.localKeyId!))
      : undefined
    if (!match) {
      // No (matching) localKeyId: compare public keys instead.
      // A key type the runtime cannot use (Ed448 in browsers) cannot be matched this way.
      const spki = await entry.key
        .publicKeyInfo(crypto ? { crypto } : undefined)
        .catch((cause: unknown) => {
          if (cause instanceof UnsupportedAlgorithmError) return undefined
          throw cause
        })
      const bits = spki && publicKeyBits(spki)
      match =
        bits &&
        certificates.find((c) => equalBytes(publicKeyBits(c.certificate.publicKey.spki), bits))
    }
    const certificate = match?.certificate
    identities.push({
      ...entry,
      certificate,
      chain: certificate
        ? chainOf(
            certificate,
            certificates.map((c) => c.certificate),
          )
        : [],
    })
  }
  return identities
}

function chainOf(leaf: Certificate, pool: Certificate[]): Certificate[] {
  const chain: Certificate[] = []
  let current = leaf
  while (chain.length < MAX_CHAIN && !equalBytes(current.subjectDer, current.issuerDer)) {
    const issuer = pool.find(
      (c) => equalBytes(c.subjectDer, current.issuerDer) && c !== current && !chain.includes(c),
    )
    if (!issuer) break
    chain.push(issuer)
    current = issuer
  }
  return chain
}
