import {
  canonicalizeLineEndings,
  parseAddressList,
  parseMessage,
  type MimeHeader,
  type MimePart,
} from '@siegel/mime'
import type { Certificate } from '@siegel/pki'
import { SmimeError } from '../errors.js'
import {
  verifyData,
  type SignedDataVerification,
  type VerifyDataOptions,
} from '../cms/verify-data.js'
import { ambiguousSender, withAmbiguousSender } from './ambiguous-sender.js'
import { findSignedLayer, type SignedLayer } from './find-signed-layer.js'
import type {
  CoverageWarning,
  SenderBinding,
  SignatureCoverage,
  VerificationResult,
  VerificationStatus,
} from './types.js'

/** Options of {@link verifyMessage}. */
export interface VerifyOptions extends Omit<VerifyDataOptions, 'content'> {
  /**
   * The addresses the message claims to come from, when `raw` is an inner entity whose outer
   * headers lie elsewhere (a signed entity inside an encrypted one). Default: every From
   * address and the Sender of `raw`.
   */
  claimedSenders?: readonly string[]
}

// Headers whose signed copy (inside the signed entity) must agree with the outer one.
const PROTECTED_HEADERS = ['from', 'sender', 'to', 'cc', 'subject', 'date', 'reply-to']

/**
 * Verifies an S/MIME signed message and tells the whole truth about it.
 *
 * Finds the signed layer (multipart/signed, or opaque `application/pkcs7-mime` signed-data,
 * including the `x-pkcs7` and `octet-stream` variants), checks every signer over the exact bytes
 * received, and reports per signer: signature and signed attributes, certificate, trust chain at
 * `at`, and whether the certificate carries the sender's address. `coverage` says what was
 * signed and warns about unsigned content beside it or outer headers that differ from signed
 * copies. A message with LF line endings whose signature only fits its CRLF form is accepted
 * with a `CANONICALIZED` warning. `status` is `valid` only if all of that holds for every signer,
 * and never when the parser found a second, a hidden or a badly folded From or Sender field:
 * that is the problem `ERR_SMIME_AMBIGUOUS_SENDER` and the status `sender-mismatch`.
 *
 * Reachable from `@siegel/core`.
 * @param raw - the received message
 * @param options - trust anchors, further certificates, validation time
 * @returns the verification result; a bad signature is a verdict, not an exception
 * @throws SmimeError `ERR_SMIME_NOT_SIGNED` if there is no signed layer,
 *   `ERR_SMIME_MALFORMED_MESSAGE` for a multipart/signed without its two parts,
 *   `ERR_SMIME_MALFORMED_CMS` for a signature that is not valid CMS SignedData or that is both
 *   detached and attached, and for a message whose only signed-data candidate (a `pkcs7-mime`
 *   or `.p7m` part) holds no readable CMS; MimeError when the message exceeds the parser's limits
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
  const layer = findSignedLayer(message)
  const { claimedSenders: _, ...dataOptions } = options ?? {}
  const warnings: CoverageWarning[] = []
  let verification: SignedDataVerification
  let signedPart: MimePart
  if (layer.form === 'detached') {
    verification = await verifyData(layer.signature, {
      ...dataOptions,
      content: layer.signedPart.raw,
    })
    signedPart = layer.signedPart
    // Only a failed signature is worth a second try over the CRLF form.
    const canonical =
      verification.status === 'invalid'
        ? canonicalizeLineEndings(layer.signedPart.raw)
        : layer.signedPart.raw
    if (canonical !== layer.signedPart.raw) {
      const retry = await verifyData(layer.signature, { ...dataOptions, content: canonical })
      if (retry.status !== 'invalid') {
        verification = retry
        signedPart = parseMessage(canonical)
        warnings.push({
          code: 'CANONICALIZED',
          message: 'the message arrived with LF line endings; the signature fits its CRLF form',
        })
      }
    }
  } else {
    verification = await verifyData(layer.signature, dataOptions)
    signedPart = parseMessage(verification.content)
  }
  const coverage = describeCoverage(message, layer, signedPart, warnings)
  const claimed = options?.claimedSenders?.map((a) => a.toLowerCase()) ?? claimedSenders(message)
  const signers = verification.signers.map((s) => ({
    ...s,
    sender: senderBinding(claimed, s.certificate),
  }))
  const result: VerificationResult = {
    status: overallStatus(verification.status, signers),
    signers,
    coverage,
    certificates: verification.certificates,
    problems: verification.problems,
  }
  // A doubled, hidden or badly folded From/Sender: which sender a reader sees is open (the
  // caller checks its own headers when it names the senders).
  return withAmbiguousSender(result, options?.claimedSenders ? [] : ambiguousSender(message))
}

function describeCoverage(
  message: MimePart,
  layer: SignedLayer,
  signedPart: MimePart,
  warnings: CoverageWarning[],
): SignatureCoverage {
  const coversEntireMessage = layer.part === message
  if (!coversEntireMessage) {
    warnings.push({
      code: 'UNSIGNED_CONTENT',
      message: `only one ${layer.part.contentType.mediaType} part is signed; the message has unsigned content beside it`,
    })
  }
  for (const name of PROTECTED_HEADERS) {
    const inner = values(signedPart.headers, name)
    const outer = values(message.headers, name)
    if (inner.length > 0 && inner.join('\n') !== outer.join('\n')) {
      warnings.push({
        code: 'HEADER_MISMATCH',
        message: `the signed ${name} header differs from the outer one`,
      })
    }
  }
  return {
    form: layer.form,
    signedPart,
    signedRange:
      layer.form === 'detached' && !warnings.some((w) => w.code === 'CANONICALIZED')
        ? layer.signedPart.range
        : undefined,
    coversEntireMessage,
    unsignedHeaders: message.headers.map((h) => h.name),
    warnings,
  }
}

function values(headers: readonly MimeHeader[], name: string): string[] {
  return headers
    .filter((h) => h.name.toLowerCase() === name)
    .map((h) => h.decoded.replace(/\s+/g, ' ').trim())
}

/**
 * Every address the message claims to come from: each From address, and the Sender where
 * present. RFC 8550 §3 asks for the From or the Sender; a reader is shown the From, so a
 * signature by the Sender alone does not make the From author signed ("Johnny, You Are Fired",
 * ID attacks).
 */
export function claimedSenders(message: MimePart): string[] {
  const fields = message.headers.filter((h) => /^(from|sender)$/i.test(h.name)).map((h) => h.value)
  const claimed: string[] = []
  for (const mailbox of parseAddressList(fields.join(', '))) {
    claimed.push(mailbox.address.toLowerCase())
    // A display name that is itself an address ("boss@example.org <eve@example.org>") is what
    // many readers show: it is claimed too, so it must be bound as well.
    for (const match of mailbox.name?.matchAll(ADDRESS_IN_TEXT) ?? [])
      claimed.push(match[0].toLowerCase())
  }
  return [...new Set(claimed)]
}

const ADDRESS_IN_TEXT = /[^\s<>()",;:@]+@[^\s<>()",;:@]+\.[^\s<>()",;:@]+/g

function senderBinding(claimed: string[], certificate: Certificate | undefined): SenderBinding {
  const certificateAddresses = [...(certificate?.emailAddresses ?? [])]
  const bound = new Set(certificateAddresses.map((a) => a.toLowerCase()))
  return {
    matches: claimed.length > 0 && claimed.every((a) => bound.has(a)),
    claimed,
    certificateAddresses,
  }
}

function overallStatus(
  cms: SignedDataVerification['status'],
  signers: readonly { sender: SenderBinding }[],
): VerificationStatus {
  if (cms === 'invalid') return 'invalid'
  if (signers.some((s) => !s.sender.matches)) return 'sender-mismatch'
  return cms
}
