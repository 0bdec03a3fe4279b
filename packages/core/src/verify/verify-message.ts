import { canonicalizeLineEndings, parseMessage, type MimeHeader, type MimePart } from '@siegel/mime'
import type { MailboxMatchOptions } from '@siegel/pki'
import { SmimeError } from '../errors.js'
import {
  sharedBudget,
  verifyData,
  type SignedDataVerification,
  type VerifyDataOptions,
} from '../cms/verify-data.js'
import { ambiguousSender, withAmbiguousSender } from './ambiguous-sender.js'
import { Progress } from '../lib/progress.js'
import type { ProgressOptions } from '../progress.js'
import { findSignedLayer, type SignedLayer } from './find-signed-layer.js'
import { claimedSenders, comparisonForm, senderBinding } from './sender.js'
import { findProtectedSection } from '../header-protection/protected-section.js'
import { bindProtectedSender } from '../header-protection/protected-sender.js'
import { overallStatus } from './overall-status.js'
import type { CoverageWarning, SignatureCoverage, VerificationResult } from './types.js'
import { withinRuntimeLimits } from '../lib/runtime-limits.js'

/** Options of {@link verifyMessage}. */
export interface VerifyOptions extends Omit<VerifyDataOptions, 'content'>, ProgressOptions {
  /**
   * The addresses the message claims to come from, when `raw` is an inner entity whose outer
   * headers lie elsewhere (a signed entity inside an encrypted one). Default: every From
   * address and the Sender of `raw`.
   */
  claimedSenders?: readonly string[]
  /**
   * How a claimed address is compared with the certificate's addresses. Domains always compare
   * case-insensitively as A-labels (`bücher.example` = `xn--bcher-kva.example`). Local parts
   * compare exactly by default; `{ localPart: 'ascii-case-insensitive' }` makes `Alice@` equal
   * `alice@`, as most mail hosts treat them (RFC 5321 §2.4). See `mailboxesEqual`.
   */
  senderMatching?: MailboxMatchOptions
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
 * with a `CANONICALIZED` warning. `status` is `valid` only if all of that holds for every signer
 * and the signature covers the entire message (a signed part beside unsigned content is
 * `partially-signed`), and never when the parser found a second, a hidden or a badly folded
 * From or Sender field: that is the problem `ERR_SMIME_AMBIGUOUS_SENDER` and the status
 * `sender-mismatch`.
 *
 * When the signed entity carries a protected header section with a From (RFC 9788 `hp`
 * parameter, the RFC 8551 §3.1 `message/rfc822` wrapping, or the drafts' `protected-headers`),
 * the signers are bound to that From and Sender instead of the outer ones
 * (`result.protectedSender`); an outer From that names someone else adds the problem
 * `ERR_SMIME_OUTER_SENDER_MISMATCH` and makes the status `sender-mismatch`.
 *
 * Reachable from `@siegel/core`.
 * @param raw - the received message
 * @param options - trust anchors, further certificates, validation time; `signal` to cancel and
 *   `onProgress` for large messages (phases `parse`, `decode`, `digest`)
 * @returns the verification result; a bad signature is a verdict, not an exception
 * @throws SmimeError `ERR_SMIME_NOT_SIGNED` if there is no signed layer,
 *   `ERR_SMIME_MALFORMED_MESSAGE` for a multipart/signed without its two parts,
 *   `ERR_SMIME_MALFORMED_CMS` for a signature that is not valid CMS SignedData or that is both
 *   detached and attached, and for a message whose only signed-data candidate (a `pkcs7-mime`
 *   or `.p7m` part) holds no readable CMS; SmimeLimitExceededError `ERR_SMIME_LIMIT_EXCEEDED`
 *   past a `CmsLimits` limit (SignerInfos, certificates, CRLs); MimeError when the message
 *   exceeds the parser's limits; PkiError `ERR_PKI_INVALID_OPTION` for a bad `budget`;
 *   `ERR_SMIME_ABORTED` once `signal` is aborted
 * @throws SmimeError `ERR_SMIME_LIMIT_EXCEEDED` for a message too large for the runtime's
 *   buffers or strings (the engine's RangeError as `cause`)
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
  return withinRuntimeLimits(() => verify(raw, options))
}

async function verify(
  raw: Uint8Array | string,
  options?: VerifyOptions,
): Promise<VerificationResult> {
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) {
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected the message as Uint8Array or string')
  }
  const progress = new Progress(options)
  const { claimedSenders: _, senderMatching, signal: _s, onProgress: _p, ...rest } = options ?? {}
  // One path-building budget for the whole message: every signer, and the second try over
  // the CRLF form, draw on it.
  const dataOptions = { ...rest, budget: sharedBudget(options?.budget) }
  const message = await progress.run('parse', raw.length, () => parseMessage(raw))
  const layer = await progress.run('decode', raw.length, () => findSignedLayer(message))
  const warnings: CoverageWarning[] = []
  let verification: SignedDataVerification
  let signedPart: MimePart
  if (layer.form === 'detached') {
    const content = layer.signedPart.raw
    verification = await progress.run('digest', content.length, () =>
      verifyData(layer.signature, { ...dataOptions, content }),
    )
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
    verification = await progress.run('digest', layer.signature.length, () =>
      verifyData(layer.signature, dataOptions),
    )
    const content = verification.content
    signedPart = await progress.run('parse', content.length, () => parseMessage(content))
  }
  const coverage = describeCoverage(message, layer, signedPart, warnings)
  const claimed = options?.claimedSenders?.map(comparisonForm) ?? claimedSenders(message)
  const signers = verification.signers.map((s) => ({
    ...s,
    sender: senderBinding(claimed, s.certificate, senderMatching),
  }))
  const result: VerificationResult = {
    status: overallStatus(verification.status, signers, coverage),
    signers,
    coverage,
    certificates: verification.certificates,
    problems: verification.problems,
    ...(verification.decompressed ? { decompressed: verification.decompressed } : {}),
  }
  // RFC 9788 §4: a protected From (hp="clear", the RFC 8551 §3.1 wrapping, the drafts) is the
  // sender the signature vouches for; the caller that names the senders has checked its own.
  const found =
    coverage.coversEntireMessage && !options?.claimedSenders
      ? findProtectedSection(signedPart)
      : undefined
  const bound = found ? bindProtectedSender(result, found.section, message, senderMatching) : result
  // A doubled, hidden or badly folded From/Sender: which sender a reader sees is open (the
  // caller checks its own headers when it names the senders).
  return withAmbiguousSender(bound, options?.claimedSenders ? [] : ambiguousSender(message))
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
