import { encodePem, derFrom } from '../encoding/pem.js'
import { PkiError } from '../errors.js'
import { copyBytes, subtle, toHex } from '../lib/bytes.js'
import { describePublicKey, type PublicKeyInfo } from '../key/public-key-info.js'
import { formatName, legacyEmailAddresses, nameAttributes, type NameAttribute } from './names.js'
import { SIGNED_PARTS } from './signed-parts.js'
import { readCertificateFields, type CertificateFields } from './certificate-fields.js'
import { mailboxOfInput } from './email.js'
import { certificateMailboxes } from '../mailbox/certificate-mailboxes.js'
import { mailboxesEqual } from '../mailbox/mailboxes-equal.js'
import type { MailboxMatchOptions } from '../mailbox/parse-mailbox.js'
import type { GeneralName } from './general-names.js'
import {
  EXT,
  readAuthorityInfoAccess,
  readAuthorityKeyIdentifier,
  readBasicConstraints,
  readCrlDistributionPoints,
  readExtensions,
  readExtKeyUsage,
  readKeyUsage,
  readPolicies,
  readSubjectAltName,
  readSubjectKeyIdentifier,
  type AuthorityInfoAccess,
  type AuthorityKeyIdentifier,
  type BasicConstraints,
  type CertificatePolicy,
  type Extension,
  type KeyUsage,
} from './extensions.js'

// Base64 without PEM armour: only base64 characters and white space, starting like DER.
const BARE_BASE64 = /^\s*MI[A-Za-z0-9+/=\s]+$/

function base64Bytes(text: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text.replace(/\s+/g, '')), (c) => c.charCodeAt(0))
  } catch (cause) {
    throw new PkiError('ERR_PKI_MALFORMED_CERTIFICATE', 'expected base64 of a certificate', {
      cause,
    })
  }
}

/**
 * An X.509 certificate (RFC 5280), parsed once and immutable.
 *
 * Reachable from `@siegel/pki`.
 * @example
 * ```ts
 * const cert = Certificate.from(pemText)
 * cert.subject        // 'CN=Alice,O=Example'
 * cert.emailAddresses // ['alice@example.org']
 * ```
 */
export class Certificate {
  /** The exact DER bytes. */
  readonly der: Uint8Array
  /** Subject as an RFC 4514 string, for display. Compare names with {@link Certificate.subjectDer}. */
  readonly subject: string
  /** Issuer as an RFC 4514 string, for display. */
  readonly issuer: string
  /** The subject's attributes in DER order. */
  readonly subjectAttributes: readonly NameAttribute[]
  /** The DER encoding of the subject Name. */
  readonly subjectDer: Uint8Array
  /** The DER encoding of the issuer Name. */
  readonly issuerDer: Uint8Array
  /** Serial number as lower-case hex of its DER content bytes. */
  readonly serialNumber: string
  readonly notBefore: Date
  readonly notAfter: Date
  /**
   * E-mail addresses the certificate carries, as written: SAN rfc822Name and SmtpUTF8Mailbox
   * entries in SAN order, then legacy emailAddress attributes of the subject (RFC 8550 §3,
   * RFC 9598). To ask whether it binds an address use {@link Certificate.hasEmailAddress}, which
   * compares by `mailboxesEqual` and ignores entries `parseMailbox` refuses.
   */
  readonly emailAddresses: readonly string[]
  /** The subject key identifier extension's value, if present. */
  readonly subjectKeyIdentifier: Uint8Array | undefined
  /** True if basicConstraints says this is a CA. */
  readonly isCA: boolean
  /** The public key's algorithm and size. */
  readonly publicKey: PublicKeyInfo
  /** The X.509 version: 1, 2 or 3. */
  readonly version: number
  /** The issuer's attributes in DER order. */
  readonly issuerAttributes: readonly NameAttribute[]
  /** The OID of the algorithm the issuer signed with. */
  readonly signatureAlgorithm: string
  /** Every extension, in certificate order, including those Siegel does not interpret. */
  readonly extensions: readonly Extension[]
  /** keyUsage bits that are set, or `undefined` without the extension (RFC 5280 §4.2.1.3). */
  readonly keyUsage: readonly KeyUsage[] | undefined
  /** extendedKeyUsage purpose OIDs, or `undefined` without the extension. */
  readonly extendedKeyUsage: readonly string[] | undefined
  /** basicConstraints, or `undefined` without the extension. */
  readonly basicConstraints: BasicConstraints | undefined
  /** authorityKeyIdentifier, or `undefined` without the extension. */
  readonly authorityKeyIdentifier: AuthorityKeyIdentifier | undefined
  /** subjectAltName entries in order (empty without the extension). */
  readonly subjectAltNames: readonly GeneralName[]
  /** certificatePolicies (empty without the extension). */
  readonly policies: readonly CertificatePolicy[]
  /** URIs of the CRL distribution points, in order (LDAP and HTTP alike). */
  readonly crlDistributionPoints: readonly string[]
  /** OCSP responders and CA issuer URIs (authorityInfoAccess). */
  readonly authorityInfoAccess: AuthorityInfoAccess

  private constructor(der: Uint8Array, parsed: CertificateFields) {
    this.der = der
    const subjectAttributes = nameAttributes(parsed.subject)
    const issuerAttributes = nameAttributes(parsed.issuer)
    this.subjectAttributes = Object.freeze(subjectAttributes)
    this.subject = formatName(subjectAttributes)
    this.issuer = formatName(issuerAttributes)
    this.subjectDer = copyBytes(parsed.subject.raw)
    this.issuerDer = copyBytes(parsed.issuer.raw)
    this.serialNumber = parsed.serialNumber
    this.notBefore = parsed.notBefore
    this.notAfter = parsed.notAfter
    this.version = parsed.version
    this.issuerAttributes = Object.freeze(issuerAttributes)
    this.signatureAlgorithm = parsed.signatureAlgorithm.oid
    const extensions = readExtensions(parsed.extensions)
    this.extensions = Object.freeze(extensions)
    const ext = <T>(oid: string, read: (value: Uint8Array) => T): T | undefined => {
      const found = extensions.find((e) => e.oid === oid)
      return found ? read(found.value) : undefined
    }
    this.keyUsage = ext(EXT.keyUsage, readKeyUsage)
    this.extendedKeyUsage = ext(EXT.extKeyUsage, readExtKeyUsage)
    this.basicConstraints = ext(EXT.basicConstraints, readBasicConstraints)
    this.authorityKeyIdentifier = ext(EXT.authorityKeyIdentifier, readAuthorityKeyIdentifier)
    this.subjectKeyIdentifier = ext(EXT.subjectKeyIdentifier, readSubjectKeyIdentifier)
    this.subjectAltNames = Object.freeze(ext(EXT.subjectAltName, readSubjectAltName) ?? [])
    this.policies = Object.freeze(ext(EXT.certificatePolicies, readPolicies) ?? [])
    this.crlDistributionPoints = Object.freeze(
      ext(EXT.crlDistributionPoints, readCrlDistributionPoints) ?? [],
    )
    this.authorityInfoAccess = ext(EXT.authorityInfoAccess, readAuthorityInfoAccess) ?? {
      ocsp: [],
      caIssuers: [],
    }
    this.isCA = this.basicConstraints?.ca === true
    // RFC 8550 §3 and RFC 8398: rfc822Name and SmtpUTF8Mailbox in SAN order, then the legacy
    // emailAddress attributes of the subject.
    const sanEmails = this.subjectAltNames
      .filter((n) => n.type === 'email' || n.type === 'smtpUtf8Mailbox')
      .map((n) => n.value as string)
    this.emailAddresses = Object.freeze([...sanEmails, ...legacyEmailAddresses(subjectAttributes)])
    this.publicKey = describePublicKey(parsed.subjectPublicKeyInfo)
    SIGNED_PARTS.set(this, {
      tbs: parsed.tbs,
      signatureAlgorithm: parsed.signatureAlgorithm,
      innerSignatureAlgorithm: parsed.innerSignatureAlgorithm,
      signature: parsed.signature,
    })
    Object.freeze(this)
  }

  /**
   * Parses a certificate from DER bytes, PEM bytes, a PEM string (`CERTIFICATE` block) or
   * bare base64 text (as directories and web forms hand it out). For bundles (several PEM
   * blocks, PKCS#7 `.p7b`/`.p7c`) use `readCertificates`.
   *
   * @param input - the certificate
   * @returns the parsed certificate
   * @throws PkiError `ERR_PKI_MALFORMED_CERTIFICATE` if it is no X.509 certificate or is not
   *   DER (RFC 5280 §4.1: BER, indefinite or non-minimal lengths, non-minimal OIDs are
   *   refused, as a second encoding of a signed value invites parser differentials),
   *   `ERR_PKI_DER_TOO_DEEP` for nesting beyond 32 levels, `ERR_PKI_INVALID_PEM` for PEM
   *   without a certificate block
   */
  static from(input: Uint8Array | string): Certificate {
    const der = copyBytes(
      typeof input === 'string' && BARE_BASE64.test(input)
        ? base64Bytes(input)
        : derFrom(
            input,
            ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'],
            'a certificate',
          ),
    )
    try {
      return new Certificate(der, readCertificateFields(der))
    } catch (cause) {
      if (cause instanceof PkiError) throw cause
      throw new PkiError('ERR_PKI_MALFORMED_CERTIFICATE', 'the certificate has malformed fields', {
        cause,
      })
    }
  }

  /**
   * True if the certificate binds `address` (RFC 8550 §3, RFC 9598 §5): one of its usable
   * addresses (SAN rfc822Name, SAN SmtpUTF8Mailbox, subject emailAddress) is the same mailbox
   * by `mailboxesEqual`: domains compare as lower-case A-labels, local parts exactly unless
   * `options.localPart` says otherwise. A malformed address in the certificate (an rfc822Name
   * with non-ASCII bytes, say) binds nothing.
   *
   * @param address - an e-mail address
   * @param options - how local parts compare. Default: exactly
   * @returns whether the certificate binds that address
   * @throws PkiError `ERR_PKI_INVALID_INPUT` if `address` is not a usable address
   */
  hasEmailAddress(address: string, options?: MailboxMatchOptions): boolean {
    const wanted = mailboxOfInput(address)
    return certificateMailboxes(this).some(
      (m) => m.mailbox !== undefined && mailboxesEqual(m.mailbox, wanted, options),
    )
  }

  /** True if `at` lies within the validity period (RFC 5280 §4.1.2.5: both ends inclusive). */
  isValidAt(at: Date): boolean {
    return at.getTime() >= this.notBefore.getTime() && at.getTime() <= this.notAfter.getTime()
  }

  /** The certificate as PEM text. */
  toPem(): string {
    return encodePem('CERTIFICATE', this.der)
  }

  /**
   * The certificate's fingerprint: a digest over its DER bytes.
   *
   * @param digest - `'SHA-256'` (default) or `'SHA-1'`
   * @returns upper-case hex, bytes separated by colons, as OpenSSL prints it
   */
  async fingerprint(digest: 'SHA-1' | 'SHA-256' = 'SHA-256'): Promise<string> {
    const hash = new Uint8Array(await subtle().digest(digest, copyBytes(this.der)))
    return toHex(hash)
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1:')
  }

  /** The subject, for logs. */
  toString(): string {
    return `Certificate(${this.subject})`
  }
}
