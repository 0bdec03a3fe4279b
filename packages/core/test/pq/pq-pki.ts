// A small post-quantum test PKI made at run time: an ML-DSA-65 root and end entities of any
// ML-DSA or SLH-DSA set, all for alice@example.org.
import {
  generateKeyPair,
  issueCertificate,
  type Certificate,
  type KeyPairAlgorithm,
  type PrivateKey,
} from '@siegel/pki'

export interface PqIdentity {
  certificate: Certificate
  privateKey: PrivateKey
}

let root: Promise<PqIdentity> | undefined

/** The ML-DSA-65 root, made once per test file. */
export function pqRoot(): Promise<PqIdentity> {
  root ??= (async () => {
    const pair = await generateKeyPair({ algorithm: 'ML-DSA-65' })
    const certificate = await issueCertificate({
      profile: 'ca',
      subject: { commonName: 'Siegel PQ Test Root' },
      publicKeyInfo: pair.publicKeyInfo,
      issuerKey: pair.privateKey,
    })
    return { certificate, privateKey: pair.privateKey }
  })()
  return root
}

/** An S/MIME end entity for alice@example.org with a key of `algorithm`, under {@link pqRoot}. */
export async function pqAlice(algorithm: KeyPairAlgorithm): Promise<PqIdentity> {
  const issuer = await pqRoot()
  const pair = await generateKeyPair({ algorithm })
  const certificate = await issueCertificate({
    profile: 'smime',
    subject: { commonName: `Alice ${algorithm}` },
    emails: ['alice@example.org'],
    publicKeyInfo: pair.publicKeyInfo,
    issuerKey: issuer.privateKey,
    issuerCertificate: issuer.certificate,
  })
  return { certificate, privateKey: pair.privateKey }
}
