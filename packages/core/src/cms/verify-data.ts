import {
  bundledAnchors,
  decodePem,
  VerificationBudget,
  verifyCertificate,
  type AlgorithmPolicy,
  type BudgetLimits,
  type Certificate,
  type RevocationOptions,
  type TrustAnchor,
  type ValidationModel,
} from '@siegel/pki'
import { SmimeError, type SmimeErrorCode } from '../errors.js'
import { decodeSignedData } from '../lib/signed-data.js'
import { parseCarriedCertificates } from '../lib/carried-certificates.js'
import { checkSignerInfo, signedContent, type SignedContent } from '../verify/check-signer.js'
import { decompressContent, type ContentDecompression } from './decompress-data.js'
import { resolveCmsLimits, type CmsLimits, type DecompressionLimits } from './limits.js'
import type { SignedDataSignerVerdict } from '../verify/types.js'

/** Options of {@link verifyData}; the limits are those of {@link CmsLimits}. */
export interface VerifyDataOptions
  extends
    Partial<Pick<CmsLimits, 'maxSignerInfos' | 'maxCertificates' | 'maxCrls'>>,
    Partial<DecompressionLimits> {
  /** The signed content, for a detached signature. */
  content?: Uint8Array
  /**
   * Trusted root certificates, in addition to the anchors bundled with `@siegel/pki` (the
   * Bavarian administration root, see `bundledAnchors()`); a `TrustAnchor` adds constraints
   * or names a key without a certificate. A non-CA certificate throws `ERR_PKI_REFUSED_ANCHOR`
   * unless given as `{ certificate, allowNonCa: true }`.
   */
  trustAnchors?: readonly (Certificate | TrustAnchor)[]
  /** Trust the bundled anchors too. Default `true`; `false` trusts only `trustAnchors`. */
  bundledAnchors?: boolean
  /**
   * Further certificates, besides those in the SignedData: signers' certificates the message
   * lacks (from an address book) and CA certificates that complete paths.
   */
  certificates?: readonly Certificate[]
  /** The time to validate certificates at. Default: the time of the call (never the signingTime). */
  at?: Date
  /**
   * Validate each signer's chain at the signingTime it asserts, where it has one, instead of
   * `at`. Off by default: the signer chooses that time, so an attacker with a revoked or expired
   * key can backdate it. Each verdict says which time was used.
   */
  useSigningTime?: boolean
  /**
   * How the validity of the signer's chain is judged: `'shell'` (default), every certificate
   * valid at the validation time; `'chain'` (Kettenmodell), each issuer valid when it issued
   * its child, as German qualified signatures are judged. As in `verifyCertificate`.
   */
  model?: ValidationModel
  /**
   * Revocation data and policy for the signers' chains (CRLs, OCSP responses, a fetcher, mode).
   * Default: soft-fail with no data, so revocation is reported as unknown, not checked.
   */
  revocation?: RevocationOptions
  /**
   * Weak algorithms and key sizes the chain check accepts. Default: RSA keys of 1024 bits and
   * more, no MD5 certificate signatures; relax it only to judge archived mail.
   */
  algorithms?: AlgorithmPolicy
  /**
   * The path-building budget of the whole call, shared by all signers: its size, or a
   * `VerificationBudget` of `@siegel/pki` to share with other calls. Default: 100 signature
   * checks and 200,000 build steps for all signers together, so that many signers or a pool of
   * cross-certificates cannot multiply the work. A signer whose chain finds it spent gets the
   * chain reason `ERR_PKI_BUDGET_EXCEEDED`.
   */
  budget?: BudgetLimits | VerificationBudget
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/** The result of {@link verifyData}. */
export interface SignedDataVerification {
  /**
   * `valid` only if there is a signer and every signature is valid and every chain trusted;
   * `unknown-signer` when a signer's certificate is neither in the message nor among the
   * `certificates` given (its signature cannot be checked), and nothing is `invalid`.
   */
  status: 'valid' | 'untrusted' | 'unknown-signer' | 'invalid'
  signers: SignedDataSignerVerdict[]
  /**
   * The signed content: the encapsulated content, or the detached content given; decompressed
   * when `contentType` is id-ct-compressedData (see `decompressed`).
   */
  content: Uint8Array
  /**
   * Set when the signed content is CompressedData (RFC 3274): `content` is then what it
   * decompressed to, and this says its content type, the algorithm and the compressed size.
   * The signature covers the compressed octets, and so what they decompress to.
   */
  decompressed?: ContentDecompression
  /** True if the content was given separately (a detached signature). */
  detached: boolean
  /** The content type OID (id-data for S/MIME). */
  contentType: string
  /** Certificates the SignedData carried. */
  certificates: Certificate[]
  /** `ERR_SMIME_NO_SIGNERS`, and `ERR_SMIME_UNREADABLE_CERTIFICATE` per certificate skipped. */
  problems: { code: SmimeErrorCode; message: string }[]
}

/**
 * Verifies CMS SignedData (RFC 5652), detached or with encapsulated content, DER/BER or PEM.
 * One verdict per signer: signature and signed attributes, certificate, trust chain at `at`.
 * A carried certificate that cannot be parsed is skipped and reported in `problems` as
 * `ERR_SMIME_UNREADABLE_CERTIFICATE`; it does not stop the others from being used.
 *
 * Reachable from `@siegel/core`.
 * @param cms - DER/BER bytes, or PEM text (`CMS` or `PKCS7` block)
 * @param options - detached content, trust anchors, further certificates, validation time
 * @returns the verification; a bad signature is a verdict, not an exception
 * @throws SmimeError `ERR_SMIME_MALFORMED_CMS` for bytes that are not SignedData, or for content
 *   given for a signature that already carries content; `ERR_SMIME_INVALID_INPUT` for a detached
 *   signature without content or a limit option that is not a positive integer;
 *   SmimeLimitExceededError `ERR_SMIME_LIMIT_EXCEEDED` for more SignerInfos, certificates or CRLs
 *   than the limits allow (checked before the content is hashed), or compressed content past
 *   `maxDecompressedBytes` or `maxCompressionRatio`; the errors of {@link decompressData} for
 *   compressed content; PkiError
 *   `ERR_PKI_INVALID_OPTION` for a bad `budget` or a malformed trust anchor,
 *   `ERR_PKI_REFUSED_ANCHOR` for a non-CA trust anchor
 * @example
 * ```ts
 * const result = await verifyData(signatureDer, { content: bytes, trustAnchors: [root] })
 * ```
 */
export async function verifyData(
  cms: Uint8Array | string,
  options?: VerifyDataOptions,
): Promise<SignedDataVerification> {
  return verifySignedData(cms, options)
}

/**
 * {@link verifyData}; for a detached signature over content that streamed past, `streamed`
 * gives its digests instead of `options.content` (the result's `content` is then empty).
 */
export async function verifySignedData(
  cms: Uint8Array | string,
  options: VerifyDataOptions | undefined,
  streamed?: SignedContent,
): Promise<SignedDataVerification> {
  const limits = resolveCmsLimits({
    maxSignerInfos: options?.maxSignerInfos,
    maxCertificates: options?.maxCertificates,
    maxCrls: options?.maxCrls,
  })
  const budget = sharedBudget(options?.budget)
  const der = toDer(cms)
  const signedData = decodeSignedData(der, limits)
  if (signedData.eContent !== undefined && (options?.content ?? streamed) !== undefined) {
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_CMS',
      'the SignedData carries content, and content was also given: which one was signed is ambiguous',
    )
  }
  const content = signedData.eContent ?? options?.content ?? streamed?.bytes
  if (content === undefined)
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'a detached signature needs the signed content')
  const { certificates, problems: unreadable } = parseCarriedCertificates(signedData.certificates)
  const pool = [...certificates, ...(options?.certificates ?? [])]
  const at = options?.at ?? new Date()
  // The caller's anchors first: one that re-configures a bundled root (with constraints) is the
  // one paths end at, since the first anchor with a name and key counts.
  const anchors = [
    ...(options?.trustAnchors ?? []),
    ...(options?.bundledAnchors === false ? [] : bundledAnchors().map((a) => a.certificate)),
  ]
  const signers: SignedDataSignerVerdict[] = []
  const signed = streamed ?? signedContent(content, options?.crypto)
  for (const info of signedData.signerInfos) {
    const { found: check, signature } = await checkSignerInfo(
      info,
      signed,
      signedData.eContentType,
      pool,
      options?.crypto,
    )
    const fromSigner = options?.useSigningTime === true && check.signingTime !== undefined
    const validatedAt = fromSigner ? check.signingTime! : at
    // The chain is validated here while the signature's public-key operation runs.
    const [status, chain] = await Promise.all([
      signature,
      check.certificate &&
        verifyCertificate(check.certificate, {
          anchors,
          intermediates: pool,
          at: validatedAt,
          // RFC 8550 §4.4: a signer's certificate must allow digitalSignature or nonRepudiation
          // and, where it has an EKU, emailProtection; the trust verdict includes that fit.
          purpose: 'smime-sign',
          budget,
          ...(options?.revocation ? { revocation: options.revocation } : {}),
          ...(options?.model ? { model: options.model } : {}),
          ...(options?.algorithms ? { algorithms: options.algorithms } : {}),
          ...(options?.crypto ? { crypto: options.crypto } : {}),
        }),
    ])
    const validationTimeSource = fromSigner ? 'signingTime' : options?.at ? 'option' : 'now'
    signers.push({ ...check, signature: status, chain, validatedAt, validationTimeSource })
  }
  const problems: SignedDataVerification['problems'] =
    signers.length === 0
      ? [
          {
            code: 'ERR_SMIME_NO_SIGNERS',
            message: 'the SignedData has no SignerInfo: nobody signed it',
          },
        ]
      : []
  problems.push(...unreadable)
  // A missing certificate is no evidence of tampering, only of a signer nobody can check.
  const unknown = (s: SignedDataSignerVerdict): boolean =>
    !s.signature.valid && s.signature.code === 'ERR_SMIME_SIGNER_NOT_FOUND'
  let status: SignedDataVerification['status'] = 'valid'
  if (signers.length === 0 || signers.some((s) => !s.signature.valid && !unknown(s)))
    status = 'invalid'
  else if (signers.some(unknown)) status = 'unknown-signer'
  else if (signers.some((s) => !s.chain?.trusted)) status = 'untrusted'
  const readable = await decompressContent(content, signedData.eContentType, options)
  return {
    status,
    signers,
    content: readable.content,
    ...(readable.decompressed ? { decompressed: readable.decompressed } : {}),
    detached: signedData.eContent === undefined,
    contentType: signedData.eContentType,
    certificates,
    problems,
  }
}

/** The caller's budget object, or a fresh one of the given size (validated). */
export function sharedBudget(
  option: BudgetLimits | VerificationBudget | undefined,
): VerificationBudget {
  return option instanceof VerificationBudget ? option : new VerificationBudget(option)
}

function toDer(cms: Uint8Array | string): Uint8Array {
  if (typeof cms === 'string' || (cms instanceof Uint8Array && cms[0] !== 0x30)) {
    const blocks = decodePem(cms)
    const block = blocks.find((b) => b.label === 'CMS' || b.label === 'PKCS7')
    if (!block)
      throw new SmimeError(
        'ERR_SMIME_MALFORMED_CMS',
        'expected DER SignedData or a PEM block labelled CMS or PKCS7',
      )
    return block.der
  }
  if (!(cms instanceof Uint8Array))
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      'expected SignedData as Uint8Array or PEM string',
    )
  return cms
}
