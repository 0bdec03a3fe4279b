import { encodePem } from '../encoding/pem.js'
import { PkiError } from '../errors.js'
import { der } from '../lib/der.js'
import type { PrivateKey } from '../key/private-key.js'
import { extension, keyUsageValue, subjectAltNameValue } from './extensions-der.js'
import { signTbs } from './sign-tbs.js'
import { encodeName, type DistinguishedName } from './x509-name.js'

/** What goes into a certification request. */
export interface CertificateRequestOptions {
  /** The subject name. */
  subject: DistinguishedName
  /** The e-mail address(es) to certify, written as subjectAltName. At least one. */
  emails: readonly string[]
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/** A PKCS#10 certification request. */
export interface CertificateRequest {
  der: Uint8Array
  /** `CERTIFICATE REQUEST` PEM, what CAs' web forms take. */
  pem: string
}

/**
 * Creates a PKCS#10 certification request (RFC 2986) for an S/MIME certificate: the subject
 * name, the e-mail addresses as subjectAltName, the key usages the key type allows and the
 * emailProtection purpose, signed with the key (proof of possession).
 *
 * Reachable from `@siegel/pki`.
 * @param key - the private key (e.g. from `generateKeyPair`)
 * @param options - subject, e-mail addresses, crypto implementation
 * @returns the request as DER and PEM
 * @throws PkiError `ERR_PKI_INVALID_OPTION` for a missing commonName, no e-mail address, or a
 *   key type that cannot sign; `ERR_PKI_INVALID_INPUT` for an address `parseMailbox` refuses
 * @example
 * ```ts
 * const { pem } = await createCertificateRequest(privateKey, {
 *   subject: { commonName: 'Erika Mustermann', organization: 'Landratsamt', country: 'DE' },
 *   emails: ['erika.mustermann@example.de'],
 * })
 * ```
 */
export async function createCertificateRequest(
  key: PrivateKey,
  options: CertificateRequestOptions,
): Promise<CertificateRequest> {
  if (!Array.isArray(options?.emails) || options.emails.length === 0)
    throw new PkiError('ERR_PKI_INVALID_OPTION', 'at least one e-mail address is required')
  if (key.type === 'X25519' || key.type === 'X448')
    throw new PkiError('ERR_PKI_INVALID_OPTION', `a ${key.type} key cannot sign its own request`)
  const crypto = options.crypto
  const spki = await key.publicKeyInfo(crypto ? { crypto } : undefined)
  const extensions = der.seq(
    extension('2.5.29.17', false, subjectAltNameValue(options.emails)),
    extension('2.5.29.15', true, keyUsageValue(smimeKeyUsage(key))),
    extension('2.5.29.37', false, der.seq(der.oid('1.3.6.1.5.5.7.3.4'))),
  )
  // CertificationRequestInfo ::= SEQUENCE { version 0, subject, subjectPKInfo,
  //   attributes [0] IMPLICIT SET OF Attribute } with PKCS#9 extensionRequest.
  const info = der.seq(
    der.int(0),
    encodeName(options.subject),
    spki,
    der.ctx(0, true, der.seq(der.oid('1.2.840.113549.1.9.14'), der.set(extensions))),
  )
  const request = await signTbs(key, info, crypto)
  return { der: request, pem: encodePem('CERTIFICATE REQUEST', request) }
}

/** RFC 8550 §4.4.2: what an S/MIME key may do, by key type. */
export function smimeKeyUsage(
  key: PrivateKey,
): ('digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'keyAgreement')[] {
  if (key.type === 'RSA') return ['digitalSignature', 'keyEncipherment']
  if (key.type === 'EC') return ['digitalSignature', 'keyAgreement']
  return ['digitalSignature']
}
