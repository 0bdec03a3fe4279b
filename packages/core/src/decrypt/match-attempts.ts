import { Certificate } from '@siegel/pki'
import { equalBytes } from '../lib/bytes.js'
import type { DecodedRecipient, RecipientIdentifier } from '../lib/enveloped-data.js'
import type { ResolvedCredential } from './credentials.js'

/** A recipient entry that a credential may open. */
export type KnownRecipient = Exclude<DecodedRecipient, { type: 'other' }>
/** One entry paired with the index of a credential that may open it. */
export type Attempt = { recipient: KnownRecipient; index: number }

/** Pairs each recipient entry with each credential that can open it, in message order. */
export function matchAttempts(
  recipients: readonly DecodedRecipient[],
  credentials: readonly ResolvedCredential[],
): Attempt[] {
  const certificates = credentials.map((c) =>
    c.kind !== 'certificate'
      ? undefined
      : c.identity.certificate instanceof Certificate
        ? c.identity.certificate
        : Certificate.from(c.identity.certificate),
  )
  const attempts: Attempt[] = []
  for (const recipient of recipients) {
    if (recipient.type === 'other') continue
    credentials.forEach((credential, index) => {
      const certificate = certificates[index]
      const fits =
        recipient.type === 'kek'
          ? credential.kind === 'kek' &&
            equalBytes(credential.keyIdentifier, recipient.keyIdentifier)
          : recipient.type === 'password'
            ? credential.kind === 'password'
            : certificate !== undefined && matches(recipient.rid, certificate)
      if (fits) attempts.push({ recipient, index })
    })
  }
  return attempts
}

function matches(rid: RecipientIdentifier, certificate: Certificate): boolean {
  if (rid.kind === 'issuerAndSerialNumber')
    return (
      equalBytes(rid.issuerDer, certificate.issuerDer) &&
      rid.serialNumber === certificate.serialNumber
    )
  const ski = certificate.subjectKeyIdentifier
  return ski !== undefined && equalBytes(ski, rid.keyIdentifier)
}
