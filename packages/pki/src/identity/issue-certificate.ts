import { Certificate } from '../certificate/certificate.js'
import { PkiError } from '../errors.js'
import { der } from '../lib/der.js'
import { equalBytes, fromHex } from '../lib/bytes.js'
import { hash } from '../lib/hash.js'
import type { PrivateKey } from '../key/private-key.js'
import { describePublicKey } from '../key/public-key-info.js'
import { publicKeyBits } from '../pkcs12/match.js'
import { extension, keyUsageValue, subjectAltNameValue } from './extensions-der.js'
import { signatureAlgorithm, signTbs } from './sign-tbs.js'
import { encodeName, type DistinguishedName } from './x509-name.js'

/** What {@link issueCertificate} certifies, and how. */
export interface IssueCertificateOptions {
  /** `'smime'`: an end-entity S/MIME certificate (RFC 8550 §4.4); `'ca'`: a CA certificate. */
  profile: 'smime' | 'ca'
  subject: DistinguishedName
  /** The subject's public key (DER SubjectPublicKeyInfo), e.g. from `generateKeyPair`. */
  publicKeyInfo: Uint8Array
  /** The e-mail addresses (subjectAltName). Required for `'smime'`. */
  emails?: readonly string[]
  /** The issuer's private key. */
  issuerKey: PrivateKey
  /** The issuer's certificate; leave out for a self-signed root. */
  issuerCertificate?: Certificate
  /** Serial number as hex. Default: 16 random bytes. */
  serialNumber?: string
  /** Start of validity. Default: now. */
  notBefore?: Date
  /** End of validity. Default: one year (smime) or ten years (ca) after `notBefore`. */
  notAfter?: Date
  /** For `'ca'`: the pathLenConstraint. Default: none. */
  pathLength?: number
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

const DAY = 86_400_000

/**
 * A small certification authority for tests and demos: issues S/MIME end-entity certificates
 * with the right profile (basicConstraints CA:false, key usage by key type, extKeyUsage
 * emailProtection, subjectAltName, key identifiers) and CA certificates.
 *
 * WARNING: not a CA product. It keeps no records, publishes no revocation and checks no
 * identities. Use it for test PKIs, demos and reproducible fixtures.
 *
 * Reachable from `@siegel/pki`.
 * @param options - profile, subject, keys, validity
 * @returns the new certificate
 * @throws PkiError `ERR_PKI_INVALID_OPTION` for missing or inconsistent options,
 *   `ERR_PKI_INVALID_INPUT` for an e-mail address `parseMailbox` refuses,
 *   `ERR_PKI_KEY_MISMATCH` if `issuerKey` does not belong to `issuerCertificate`
 * @example
 * ```ts
 * const root = await issueCertificate({ profile: 'ca', subject: { commonName: 'Test Root' },
 *   publicKeyInfo: rootPair.publicKeyInfo, issuerKey: rootPair.privateKey })
 * ```
 */
export async function issueCertificate(options: IssueCertificateOptions): Promise<Certificate> {
  const { profile, issuerKey, issuerCertificate } = options
  if (profile !== 'smime' && profile !== 'ca')
    throw new PkiError(
      'ERR_PKI_INVALID_OPTION',
      `profile must be 'smime' or 'ca', got ${String(profile)}`,
    )
  if (profile === 'smime' && !options.emails?.length)
    throw new PkiError(
      'ERR_PKI_INVALID_OPTION',
      'an S/MIME certificate needs at least one e-mail address',
    )
  const crypto = options.crypto
  const subjectKey = describePublicKey(options.publicKeyInfo)
  const issuerSpki = await issuerKey.publicKeyInfo(crypto ? { crypto } : undefined)
  const keyId = (spki: Uint8Array): Uint8Array => hash('SHA-1').digest(publicKeyBits(spki))
  if (issuerCertificate) {
    const certified = publicKeyBits(issuerCertificate.publicKey.spki)
    if (!equalBytes(certified, publicKeyBits(issuerSpki)))
      throw new PkiError('ERR_PKI_KEY_MISMATCH', 'issuerKey does not belong to issuerCertificate')
  }
  const notBefore = options.notBefore ?? new Date()
  const notAfter =
    options.notAfter ?? new Date(notBefore.getTime() + (profile === 'ca' ? 3650 : 365) * DAY)
  if (!(notAfter > notBefore))
    throw new PkiError('ERR_PKI_INVALID_OPTION', 'notAfter must lie after notBefore')
  const serial = options.serialNumber ?? randomSerial(crypto)
  if (!/^(?:[0-9a-f]{2}){1,20}$/i.test(serial))
    throw new PkiError('ERR_PKI_INVALID_OPTION', 'serialNumber must be 1 to 20 bytes of hex')
  const pathLength = options.pathLength
  if (
    pathLength !== undefined &&
    (!Number.isInteger(pathLength) || pathLength < 0 || pathLength > 16)
  )
    throw new PkiError('ERR_PKI_INVALID_OPTION', `pathLength must be 0…16, got ${pathLength}`)

  const subjectName = encodeName(options.subject)
  const issuerName = issuerCertificate ? issuerCertificate.subjectDer : subjectName
  const authorityKeyId = issuerCertificate?.subjectKeyIdentifier ?? keyId(issuerSpki)
  const extensions: Uint8Array[] = []
  if (profile === 'ca') {
    const constraints = der.seq(
      der.bool(true),
      ...(pathLength !== undefined ? [der.int(pathLength)] : []),
    )
    extensions.push(extension('2.5.29.19', true, constraints))
    extensions.push(extension('2.5.29.15', true, keyUsageValue(['keyCertSign', 'cRLSign'])))
  } else {
    extensions.push(extension('2.5.29.19', true, der.seq()))
    const usage: ('digitalSignature' | 'keyEncipherment' | 'keyAgreement')[] =
      subjectKey.type === 'RSA'
        ? ['digitalSignature', 'keyEncipherment']
        : subjectKey.type === 'EC'
          ? ['digitalSignature', 'keyAgreement']
          : subjectKey.type === 'X25519' || subjectKey.type === 'X448'
            ? ['keyAgreement']
            : // RFC 9935 §5: keyEncipherment is the only key usage of an ML-KEM key.
              subjectKey.type.startsWith('ML-KEM-')
              ? ['keyEncipherment']
              : ['digitalSignature']
    extensions.push(extension('2.5.29.15', true, keyUsageValue(usage)))
    extensions.push(extension('2.5.29.37', false, der.seq(der.oid('1.3.6.1.5.5.7.3.4'))))
    extensions.push(extension('2.5.29.17', false, subjectAltNameValue(options.emails!)))
  }
  extensions.push(extension('2.5.29.14', false, der.octets(keyId(options.publicKeyInfo))))
  extensions.push(extension('2.5.29.35', false, der.seq(der.ctx(0, false, authorityKeyId))))

  const tbs = der.seq(
    der.ctx(0, true, der.int(2)),
    der.uint(fromHex(serial)),
    signatureAlgorithm(issuerKey),
    issuerName,
    der.seq(der.utcOrGeneralizedTime(notBefore), der.utcOrGeneralizedTime(notAfter)),
    subjectName,
    options.publicKeyInfo,
    der.ctx(3, true, der.seq(...extensions)),
  )
  return Certificate.from(await signTbs(issuerKey, tbs, crypto))
}

function randomSerial(crypto: Crypto | undefined): string {
  const bytes = (crypto ?? globalThis.crypto).getRandomValues(new Uint8Array(16))
  bytes[0] = bytes[0]! & 0x7f // RFC 5280 §4.1.2.2: positive
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
