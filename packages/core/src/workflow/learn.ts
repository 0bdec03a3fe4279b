import type { CertificateDirectory } from '@siegel/pki'
import { certificateBinds } from '../verify/verify-message.js'
import type { SecurityLayer } from './open-message.js'

/** Files the certificates of trusted signers, as a mail program does on receiving signed mail. */
export async function learn(
  directory: CertificateDirectory,
  layers: readonly SecurityLayer[],
): Promise<void> {
  // A signature over one part of a message vouches for nothing the reader sees beside it: such
  // a message teaches the address book nothing.
  if (layers.some((l) => l.kind === 'signed' && l.verification.status === 'partially-signed'))
    return
  for (const layer of layers) {
    if (layer.kind !== 'signed') continue
    for (const signer of layer.verification.signers) {
      if (!signer.signature.valid || !signer.chain?.trusted || !signer.certificate) continue
      const certificate = signer.encryptionCertificate ?? signer.certificate
      // Only addresses both certificates bind, by the one mailbox rule of @siegel/pki.
      const emails = signer.certificate.emailAddresses.filter(
        (a) => certificateBinds(signer.certificate!, a) && certificateBinds(certificate, a),
      )
      if (emails.length === 0) continue
      await directory.add(certificate, {
        emails,
        capabilities: signer.capabilities.map((c) => ({
          oid: c.oid,
          ...(c.parameters ? { parameters: toBase64(c.parameters) } : {}),
        })),
        preferredForEncryption: signer.encryptionCertificate !== undefined,
        // The CAs between the signer and the anchor: what a later encryption needs to check it.
        intermediates: signer.chain.path.slice(1, -1),
      })
    }
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}
