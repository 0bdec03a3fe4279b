import { formatMessage, type Messages } from '../messages/catalogue.js'
import { MESSAGES_EN } from '../messages/en.js'
import type { VerificationResult } from '../verify/types.js'
import type { SecurityLayer } from './open-message.js'
import type { MessageHeaders } from '../header-protection/types.js'

/**
 * One line per message for a UI: each layer, outermost first, in the catalogue's language, e.g.
 * `Encrypted (AES-256-GCM) · Compressed · Signed by alice@example.org · trusted via Example Root CA`.
 * A message that is only compressed begins with the line of an unprotected one.
 * {@link openMessage} writes it as `summary`.
 *
 * Reachable from `@siegel/core`.
 * @param layers - the layers of an opened message, outermost first
 * @param messages - the catalogue; default {@link MESSAGES_EN}
 * @returns the line
 * @example
 * ```ts
 * describeLayers(opened.layers, MESSAGES_DE) // 'Signiert von alice@example.org · …'
 * ```
 */
export function describeLayers(
  layers: readonly SecurityLayer[],
  messages: Messages = MESSAGES_EN,
): string {
  if (layers.length === 0) return messages['summary.none']
  const lines = layers.map((layer) => describeLayer(layer, messages))
  // Compression protects nothing: a message with no other layer says so first.
  if (layers.every((l) => l.kind === 'compressed')) lines.unshift(messages['summary.none'])
  return lines.join(messages['summary.separator'])
}

/**
 * The summary {@link openMessage} writes: {@link describeLayers}, then the header fields changed
 * outside the protection (RFC 9788 §4.4) and a Legacy Display Element left in the text because
 * it does not repeat the protected fields.
 */
export function describeOpened(
  layers: readonly SecurityLayer[],
  headers: MessageHeaders,
  messages: Messages = MESSAGES_EN,
): string {
  const lines = [describeLayers(layers, messages)]
  const altered = headers.differences.filter((d) => d.kind === 'altered').map((d) => d.name)
  if (altered.length > 0)
    lines.push(formatMessage(messages['summary.headersAltered'], { fields: altered.join(', ') }))
  if (headers.legacyDisplay.some((l) => !l.removed))
    lines.push(messages['summary.legacyDisplayKept'])
  return lines.join(messages['summary.separator'])
}

function describeLayer(layer: SecurityLayer, messages: Messages): string {
  switch (layer.kind) {
    case 'signed':
      return describeSignature(layer.verification, messages)
    case 'encrypted':
      return formatMessage(
        messages[layer.authenticated ? 'summary.encrypted' : 'summary.encryptedUnauthenticated'],
        { cipher: layer.contentEncryption },
      )
    case 'compressed':
      return messages['summary.compressed']
  }
}

function describeSignature(result: VerificationResult, messages: Messages): string {
  const names = result.signers.map(
    (s) =>
      s.certificate?.emailAddresses[0] ??
      s.certificate?.subject ??
      messages['summary.unknownSigner'],
  )
  const signers = names.length > 0 ? names.join(', ') : messages['summary.nobody']
  const trust = (): string => describeTrust(result, messages)
  switch (result.status) {
    case 'valid':
    case 'untrusted':
      return formatMessage(messages['summary.signed'], { signers, trust: trust() })
    case 'partially-signed':
      // Lead with what the reader must know first: most of what they see is not signed.
      return formatMessage(messages['summary.partiallySigned'], { signers, trust: trust() })
    case 'sender-mismatch': {
      // RFC 9788: the signer is bound to the protected From; the one outside names another.
      const hp = result.protectedSender
      if (hp && result.problems.some((p) => p.code === 'ERR_SMIME_OUTER_SENDER_MISMATCH')) {
        const bound = result.signers.some((s) => s.sender.matches)
        if (bound)
          return formatMessage(messages['summary.outerSenderMismatch'], {
            signers,
            trust: trust(),
            outer: hp.outer.join(', '),
            signed: hp.claimed.join(', '),
          })
      }
      const claimed = result.signers[0]?.sender.claimed ?? []
      // No From at all is not a mismatch with one: say that nothing could be compared.
      if (claimed.length === 0)
        return formatMessage(messages['summary.senderMissing'], { signers, trust: trust() })
      return formatMessage(messages['summary.senderMismatch'], {
        signers,
        claimed: claimed.join(', '),
      })
    }
    case 'unknown-signer':
      return messages['summary.unknownSignerStatus']
    case 'invalid':
      return formatMessage(messages['summary.invalid'], { reason: firstProblem(result, messages) })
  }
}

function describeTrust(result: VerificationResult, messages: Messages): string {
  const failing = result.signers.find((s) => !s.chain?.trusted)
  if (failing) {
    const chain = failing.chain
    const reason = chain && !chain.trusted ? chain.reason.code : messages['summary.unknownIssuer']
    return formatMessage(messages['summary.notTrusted'], { reason })
  }
  const anchor = result.signers[0]?.chain?.trusted ? result.signers[0].chain.anchor : undefined
  const via = anchor?.subjectAttributes.find((a) => a.type === 'CN')?.value ?? anchor?.subject
  return formatMessage(messages['summary.trustedVia'], { anchor: via ?? '' })
}

function firstProblem(result: VerificationResult, messages: Messages): string {
  const bad = result.signers.find((s) => !s.signature.valid)?.signature
  if (bad && !bad.valid) return bad.code
  return result.problems[0]?.code ?? messages['summary.noSigner']
}
