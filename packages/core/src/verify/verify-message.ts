import { getHeader, parseAddressList, parseMessage, type MimeMessage } from '@siegel/mime'
import { Certificate, verifyCertificate, type CertificateVerdict } from '@siegel/pki'
import { SmimeError } from '../errors.js'
import { decodeSignedData } from '../lib/cms.js'
import { CMS_OID } from '../lib/oids.js'
import { checkSignerInfo } from './check-signer.js'
import { findDetachedSignature } from './find-signed-content.js'
import type {
  SenderBinding,
  SignerVerdict,
  VerificationResult,
  VerificationStatus,
} from './types.js'

/** Options of {@link verifyMessage}. */
export interface VerifyOptions {
  /** Trusted root certificates. Default: none, so no chain is trusted unless anchors are given. */
  trustAnchors?: readonly Certificate[]
  /** Further CA certificates for path building, besides those in the message. */
  intermediates?: readonly Certificate[]
  /** The time to validate certificates at. Default: the time of the call (never the signingTime). */
  at?: Date
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/**
 * Verifies a `multipart/signed` S/MIME message and tells the whole truth about it.
 *
 * The signature is checked over the exact bytes received for the first part, never over a
 * re-serialisation. Each SignerInfo gets its own verdict: signature and signed attributes,
 * certificate, trust chain at `at`, and whether the certificate carries the sender's address.
 * The overall `status` is `valid` only if all of that holds for every signer.
 *
 * Reachable from `@siegel/core`.
 * @param raw - the received message
 * @param options - trust anchors, intermediates, validation time
 * @returns the verification result; a bad signature is a verdict, not an exception
 * @throws SmimeError `ERR_SMIME_NOT_SIGNED` if the message is not multipart/signed,
 *   `ERR_SMIME_MALFORMED_MESSAGE` for a multipart/signed without its two parts,
 *   `ERR_SMIME_MALFORMED_CMS` for a signature that is not detached CMS SignedData;
 *   MimeError when the message exceeds the parser's limits
 * @example
 * ```ts
 * const result = await verifyMessage(eml, { trustAnchors: [root] })
 * if (result.status === 'valid') console.log('signed by', result.signers[0]?.certificate?.subject)
 * ```
 */
export async function verifyMessage(
  raw: Uint8Array | string,
  options?: VerifyOptions,
): Promise<VerificationResult> {
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) {
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected the message as Uint8Array or string')
  }
  const message = parseMessage(raw)
  const { signedPart, signature } = findDetachedSignature(message)
  const signedData = decodeSignedData(signature)
  if (signedData.eContent !== undefined) {
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_CMS',
      'a multipart/signed signature must be detached, but this one also carries content',
    )
  }
  if (signedData.eContentType !== CMS_OID.data) {
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_CMS',
      `expected signed content of type id-data, got ${signedData.eContentType}`,
    )
  }
  const certificates = signedData.certificates.map(parseCarriedCertificate)
  const at = options?.at ?? new Date()
  const claimed = claimedSenders(message)
  const signers: SignerVerdict[] = []
  for (const info of signedData.signerInfos) {
    const check = await checkSignerInfo(
      info,
      signedPart.raw,
      signedData.eContentType,
      certificates,
      options?.crypto,
    )
    let chain: CertificateVerdict | undefined
    if (check.certificate) {
      chain = await verifyCertificate(check.certificate, {
        anchors: options?.trustAnchors ?? [],
        intermediates: [...certificates, ...(options?.intermediates ?? [])],
        at,
        ...(options?.crypto ? { crypto: options.crypto } : {}),
      })
    }
    signers.push({
      ...check,
      chain,
      validatedAt: at,
      sender: senderBinding(claimed, check.certificate),
    })
  }
  return {
    status: overallStatus(signers),
    signers,
    coverage: {
      signedPart,
      signedRange: signedPart.range,
      coversEntireBody: true,
      unsignedHeaders: message.headers.map((h) => h.name),
    },
    certificates,
    problems:
      signers.length === 0
        ? [
            {
              code: 'ERR_SMIME_NO_SIGNERS',
              message: 'the signature has no SignerInfo: nobody signed it',
            },
          ]
        : [],
  }
}

function parseCarriedCertificate(der: Uint8Array): Certificate {
  try {
    return Certificate.from(der)
  } catch (cause) {
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_CMS',
      'the signature carries a certificate that cannot be parsed',
      { cause },
    )
  }
}

/** RFC 8550 §3: the Sender where present, else every From address. */
function claimedSenders(message: MimeMessage): string[] {
  const sender = getHeader(message, 'sender')
  const source =
    sender ??
    message.headers
      .filter((h) => h.name.toLowerCase() === 'from')
      .map((h) => h.value)
      .join(', ')
  return parseAddressList(source).map((m) => m.address.toLowerCase())
}

function senderBinding(claimed: string[], certificate: Certificate | undefined): SenderBinding {
  const certificateAddresses = [...(certificate?.emailAddresses ?? [])]
  const bound = new Set(certificateAddresses.map((a) => a.toLowerCase()))
  return {
    matches: claimed.length > 0 && claimed.every((a) => bound.has(a)),
    claimed,
    certificateAddresses,
  }
}

function overallStatus(signers: readonly SignerVerdict[]): VerificationStatus {
  if (signers.length === 0 || signers.some((s) => !s.signature.valid)) return 'invalid'
  if (signers.some((s) => !s.sender.matches)) return 'sender-mismatch'
  if (signers.some((s) => !s.chain?.trusted)) return 'untrusted'
  return 'valid'
}
