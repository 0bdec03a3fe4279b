import { bundledAnchors, Certificate, verifyCertificate, type SmimeCapability } from '@siegel/pki'
import { SmimeError } from '../errors.js'
import type { EncryptOptions } from './encrypt-message.js'
import { toHex } from '../lib/bytes.js'
import { CONTENT_OID } from '../lib/content-cipher.js'
import { KEY_TRANSPORT_OID, type RsaPadding } from '../lib/key-transport.js'

/** Someone to encrypt to. */
export interface EncryptionRecipient {
  /** The recipient's encryption certificate (a `Certificate`, or DER/PEM). */
  certificate: Certificate | Uint8Array | string
  /**
   * The algorithms the recipient announced (smimeCapabilities of their signed mail, as held by
   * `CertificateDirectory`). Unknown: the choice falls back to what every client reads.
   */
  capabilities?: readonly SmimeCapability[]
  /**
   * How the message names this recipient: `'issuerAndSerialNumber'` (default, understood by
   * every client) or `'subjectKeyIdentifier'`.
   */
  identifyBy?: 'issuerAndSerialNumber' | 'subjectKeyIdentifier'
  /**
   * CA certificates that complete this recipient's path (as `CertificateDirectory` keeps them
   * with a learnt certificate), besides the `intermediates` of the options.
   */
  intermediates?: readonly Certificate[]
}

/** The content ciphers {@link encryptMessage} writes. */
export type ContentEncryption =
  'AES-256-GCM' | 'AES-128-GCM' | 'AES-256-CBC' | 'AES-192-CBC' | 'AES-128-CBC'

/** How recipient certificates are checked before anything is encrypted to them. */
export type RecipientCheckOptions = Pick<
  EncryptOptions,
  'trustAnchors' | 'bundledAnchors' | 'intermediates' | 'allowUntrusted' | 'at' | 'model' | 'crypto'
>

export interface ResolvedRecipient {
  certificate: Certificate
  capabilities: readonly SmimeCapability[] | undefined
  intermediates: readonly Certificate[]
  identifyBy: 'issuerAndSerialNumber' | 'subjectKeyIdentifier'
}

// A message to more recipients is a mailing list's job, and each costs a public-key operation.
export const MAX_RECIPIENTS = 1000

const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4'
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0'

export function toRecipient(input: EncryptionRecipient | Certificate): ResolvedRecipient {
  const spec: EncryptionRecipient = input instanceof Certificate ? { certificate: input } : input
  const certificate =
    spec.certificate instanceof Certificate ? spec.certificate : Certificate.from(spec.certificate)
  const identifyBy = spec.identifyBy ?? 'issuerAndSerialNumber'
  if (identifyBy === 'subjectKeyIdentifier' && !certificate.subjectKeyIdentifier)
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      `${certificate.subject} has no subject key identifier to name it by`,
    )
  return {
    certificate,
    capabilities: spec.capabilities,
    intermediates: spec.intermediates ?? [],
    identifyBy,
  }
}

function unsuitable(certificate: Certificate, why: string): SmimeError {
  return new SmimeError('ERR_SMIME_UNSUITABLE_RECIPIENT', `${certificate.subject}: ${why}`)
}

/**
 * Refuses a recipient certificate that is not for encryption (key usage, extended key usage),
 * not valid at `at`, or (unless `allowUntrusted`) not trusted by the anchors.
 */
export async function checkRecipient(
  certificate: Certificate,
  options: RecipientCheckOptions,
): Promise<void> {
  const at = options.at ?? new Date()
  if (!certificate.isValidAt(at)) throw unsuitable(certificate, `not valid at ${at.toISOString()}`)
  const type = certificate.publicKey.type
  // RFC 8550 §4.4.2: keyEncipherment for key transport, keyAgreement for key agreement;
  // RFC 9935 §5: keyEncipherment for an ML-KEM key.
  const needed = type === 'RSA' || type.startsWith('ML-KEM-') ? 'keyEncipherment' : 'keyAgreement'
  if (certificate.keyUsage && !certificate.keyUsage.includes(needed))
    throw unsuitable(certificate, `its key usage does not include ${needed}`)
  const eku = certificate.extendedKeyUsage
  if (eku && !eku.includes(EMAIL_PROTECTION) && !eku.includes(ANY_EXTENDED_KEY_USAGE))
    throw unsuitable(certificate, 'its extended key usage does not include emailProtection')
  if (options.allowUntrusted === true) return
  // The caller's anchors first: one that re-configures a bundled root (with constraints) is the
  // one paths end at, since the first anchor with a name and key counts.
  const anchors = [
    ...(options.trustAnchors ?? []),
    ...(options.bundledAnchors === false ? [] : bundledAnchors().map((a) => a.certificate)),
  ]
  if (anchors.length === 0)
    throw new SmimeError(
      'ERR_SMIME_UNTRUSTED_RECIPIENT',
      `${certificate.subject}: no trust anchors given to check the recipient (or pass allowUntrusted: true)`,
    )
  const verdict = await verifyCertificate(certificate, {
    anchors,
    ...(options.intermediates ? { intermediates: options.intermediates } : {}),
    at,
    ...(options.model ? { model: options.model } : {}),
    ...(options.crypto ? { crypto: options.crypto } : {}),
  })
  if (!verdict.trusted)
    throw new SmimeError(
      'ERR_SMIME_UNTRUSTED_RECIPIENT',
      `${certificate.subject} is not trusted: ${verdict.reason.message}`,
      { cause: verdict.reason },
    )
}

const announces = (recipient: ResolvedRecipient, oid: string): boolean =>
  recipient.capabilities?.some((c) => c.oid === oid) === true

/**
 * RFC 8551 §2.7: the strongest cipher every recipient announced. GCM only where all announced
 * it (an older client cannot read AuthEnvelopedData); otherwise AES-256-CBC, which all
 * current clients read.
 */
export function chooseContentEncryption(
  recipients: readonly ResolvedRecipient[],
): ContentEncryption {
  if (recipients.every((r) => announces(r, CONTENT_OID.aes256Gcm))) return 'AES-256-GCM'
  if (recipients.every((r) => announces(r, CONTENT_OID.aes128Gcm))) return 'AES-128-GCM'
  return 'AES-256-CBC'
}

/** RSA-OAEP where the recipient announced it (SHA-256 unless its parameters say SHA-1), else v1.5. */
export function chooseRsaPadding(recipient: ResolvedRecipient): RsaPadding {
  const oaep = recipient.capabilities?.find((c) => c.oid === KEY_TRANSPORT_OID.rsaesOaep)
  if (!oaep) return 'pkcs1'
  // RFC 4055 §3.1: absent parameters mean SHA-1; look for the SHA-256 OID in the DER.
  const params = oaep.parameters ? atob(oaep.parameters) : ''
  return params.includes('\x60\x86\x48\x01\x65\x03\x04\x02\x01') ? 'oaep-sha256' : 'oaep-sha1'
}

/**
 * One entry per certificate: a sender who is also a recipient (encrypt-to-self) would otherwise
 * get two RecipientInfos for one key. The first entry, with its announced capabilities, stays.
 */
export function uniqueRecipients(recipients: readonly ResolvedRecipient[]): ResolvedRecipient[] {
  const seen = new Set<string>()
  return recipients.filter((r) => {
    const key = `${toHex(r.certificate.issuerDer)}#${r.certificate.serialNumber}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
