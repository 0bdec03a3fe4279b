import type { Certificate } from '../certificate/certificate.js'
import type { TrustFailure } from './reasons.js'

/** What the end-entity certificate will be used for (RFC 8550 §4.4). */
export type SmimePurpose = 'smime-sign' | 'smime-encrypt'

const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4'
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0'

/**
 * Checks the end-entity certificate against the S/MIME profile (RFC 8550 §4.4): key usage for
 * the purpose, extended key usage emailProtection or anyExtendedKeyUsage (no EKU at all is
 * accepted: V-PKI user certificates carry none), and the e-mail address if one is given.
 */
export function checkSmimeProfile(
  cert: Certificate,
  purpose: SmimePurpose | undefined,
  email: string | undefined,
): TrustFailure | undefined {
  if (purpose) {
    const usage = cert.keyUsage
    const type = cert.publicKey.type
    // RFC 8550 §4.4.2: signing needs digitalSignature or nonRepudiation; encryption needs
    // keyEncipherment for RSA keys and keyAgreement for (EC)DH keys.
    const needed =
      purpose === 'smime-sign'
        ? ['digitalSignature', 'nonRepudiation']
        : type === 'RSA'
          ? ['keyEncipherment']
          : ['keyAgreement']
    if (usage && !needed.some((u) => usage.includes(u as never)))
      return {
        code: 'ERR_PKI_KEY_USAGE',
        message: `"${cert.subject}" has key usage ${usage.join(', ') || 'none'}; ${purpose} needs ${needed.join(' or ')}`,
        certificate: cert,
        data: { purpose, keyUsage: usage, needed },
      }
    if (purpose === 'smime-encrypt' && (type === 'Ed25519' || type === 'Ed448'))
      return {
        code: 'ERR_PKI_KEY_USAGE',
        message: `"${cert.subject}" has a ${type} key, which cannot encrypt`,
        certificate: cert,
        data: { purpose, keyType: type },
      }
    const eku = cert.extendedKeyUsage
    if (eku && !eku.includes(EMAIL_PROTECTION) && !eku.includes(ANY_EXTENDED_KEY_USAGE))
      return {
        code: 'ERR_PKI_EXTENDED_KEY_USAGE',
        message: `"${cert.subject}" is not for e-mail protection (extended key usage ${eku.join(', ')})`,
        certificate: cert,
        data: { extendedKeyUsage: eku },
      }
  }
  if (email !== undefined && !cert.hasEmailAddress(email))
    return {
      code: 'ERR_PKI_EMAIL_MISMATCH',
      message: `"${cert.subject}" does not bind ${email} (it binds ${cert.emailAddresses.join(', ') || 'no address'})`,
      certificate: cert,
      data: { email, addresses: cert.emailAddresses },
    }
  return undefined
}
