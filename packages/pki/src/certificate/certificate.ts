import * as pkijs from 'pkijs'
import { encodePem, derFrom } from '../encoding/pem.js'
import { PkiError } from '../errors.js'
import { copyBytes, subtle, toHex } from '../lib/bytes.js'
import { describePublicKey, type PublicKeyInfo } from '../key/public-key-info.js'
import { formatName, legacyEmailAddresses, nameAttributes, type NameAttribute } from './names.js'
import { SIGNED_PARTS, type SignedParts } from './signed-parts.js'

const SUBJECT_ALT_NAME = '2.5.29.17'
const BASIC_CONSTRAINTS = '2.5.29.19'
const SUBJECT_KEY_IDENTIFIER = '2.5.29.14'
const RFC822_NAME = 1

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
   * E-mail addresses the certificate binds: SAN rfc822Name entries, then legacy
   * emailAddress attributes of the subject (RFC 8550 §3).
   */
  readonly emailAddresses: readonly string[]
  /** The subject key identifier extension's value, if present. */
  readonly subjectKeyIdentifier: Uint8Array | undefined
  /** True if basicConstraints says this is a CA. */
  readonly isCA: boolean
  /** The public key's algorithm and size. */
  readonly publicKey: PublicKeyInfo

  private constructor(der: Uint8Array, parsed: pkijs.Certificate) {
    this.der = der
    const subjectAttributes = nameAttributes(parsed.subject)
    this.subjectAttributes = Object.freeze(subjectAttributes)
    this.subject = formatName(subjectAttributes)
    this.issuer = formatName(nameAttributes(parsed.issuer))
    this.subjectDer = new Uint8Array(parsed.subject.valueBeforeDecode)
    this.issuerDer = new Uint8Array(parsed.issuer.valueBeforeDecode)
    this.serialNumber = toHex(parsed.serialNumber.valueBlock.valueHexView)
    this.notBefore = parsed.notBefore.value
    this.notAfter = parsed.notAfter.value
    const extensions = parsed.extensions ?? []
    const san = extensions.find((e) => e.extnID === SUBJECT_ALT_NAME)?.parsedValue as
      pkijs.AltName | undefined
    const sanEmails = (san?.altNames ?? [])
      .filter((n) => n.type === RFC822_NAME && typeof n.value === 'string')
      .map((n) => n.value as string)
    this.emailAddresses = Object.freeze([...sanEmails, ...legacyEmailAddresses(subjectAttributes)])
    const ski = extensions.find((e) => e.extnID === SUBJECT_KEY_IDENTIFIER)?.parsedValue as
      { valueBlock: { valueHexView: Uint8Array } } | undefined
    this.subjectKeyIdentifier = ski ? new Uint8Array(ski.valueBlock.valueHexView) : undefined
    const basic = extensions.find((e) => e.extnID === BASIC_CONSTRAINTS)?.parsedValue as
      pkijs.BasicConstraints | undefined
    this.isCA = basic?.cA === true
    this.publicKey = describePublicKey(
      new Uint8Array(parsed.subjectPublicKeyInfo.toSchema().toBER()),
    )
    SIGNED_PARTS.set(this, signedParts(parsed))
    Object.freeze(this)
  }

  /**
   * Parses a certificate from DER bytes, PEM bytes or a PEM string (`CERTIFICATE` block).
   *
   * @param input - the certificate
   * @returns the parsed certificate
   * @throws PkiError `ERR_PKI_MALFORMED_CERTIFICATE` if it is no X.509 certificate,
   *   `ERR_PKI_INVALID_PEM` for PEM without a certificate block
   */
  static from(input: Uint8Array | string): Certificate {
    const der = copyBytes(derFrom(input, ['CERTIFICATE', 'X509 CERTIFICATE'], 'a certificate'))
    let parsed: pkijs.Certificate
    try {
      parsed = pkijs.Certificate.fromBER(der)
    } catch (cause) {
      throw new PkiError('ERR_PKI_MALFORMED_CERTIFICATE', 'expected a DER X.509 certificate', {
        cause,
      })
    }
    try {
      return new Certificate(der, parsed)
    } catch (cause) {
      if (cause instanceof PkiError) throw cause
      throw new PkiError('ERR_PKI_MALFORMED_CERTIFICATE', 'the certificate has malformed fields', {
        cause,
      })
    }
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

function signedParts(parsed: pkijs.Certificate): SignedParts {
  return {
    tbs: new Uint8Array(parsed.tbsView),
    signatureAlgorithm: {
      oid: parsed.signatureAlgorithm.algorithmId,
      ...(parsed.signatureAlgorithm.algorithmParams
        ? { parameters: new Uint8Array(parsed.signatureAlgorithm.algorithmParams.toBER()) }
        : {}),
    },
    signature: new Uint8Array(parsed.signatureValue.valueBlock.valueHexView),
  }
}
