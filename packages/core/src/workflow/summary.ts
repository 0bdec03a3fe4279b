import type { VerificationResult } from '../verify/types.js'
import type { SecurityLayer } from './open-message.js'

/** One line per message for a UI: each layer, outermost first, joined by " · ". */
export function describeLayers(layers: readonly SecurityLayer[]): string {
  if (layers.length === 0) return 'Not signed, not encrypted'
  return layers
    .map((layer) =>
      layer.kind === 'signed' ? describeSignature(layer.verification) : describeEncryption(layer),
    )
    .join(' · ')
}

function describeEncryption(layer: Extract<SecurityLayer, { kind: 'encrypted' }>): string {
  return `Encrypted (${layer.contentEncryption}${layer.authenticated ? '' : ', NOT authenticated'})`
}

function describeSignature(result: VerificationResult): string {
  const signers = result.signers.map(
    (s) => s.certificate?.emailAddresses[0] ?? s.certificate?.subject ?? 'an unknown signer',
  )
  const who = signers.length > 0 ? signers.join(', ') : 'nobody'
  switch (result.status) {
    case 'valid':
    case 'untrusted':
      return `Signed by ${who} · ${trust(result)}`
    case 'partially-signed':
      // Lead with what the reader must know first: most of what they see is not signed.
      return `Only PART of the message is signed, by ${who} · the rest is NOT signed · ${trust(result)}`
    case 'sender-mismatch':
      return `Signed by ${who} · NOT the sender shown (${result.signers[0]?.sender.claimed.join(', ') || 'no sender'})`
    case 'invalid':
      return `Signature INVALID (${firstProblem(result)})`
  }
}

function trust(result: VerificationResult): string {
  if (result.signers.some((s) => !s.chain?.trusted))
    return `NOT trusted (${untrustedReason(result)})`
  const anchor = result.signers[0]?.chain?.trusted ? result.signers[0].chain.anchor : undefined
  const via = anchor?.subjectAttributes.find((a) => a.type === 'CN')?.value ?? anchor?.subject
  return `trusted via ${via}`
}

function untrustedReason(result: VerificationResult): string {
  const failing = result.signers.find((s) => s.chain && !s.chain.trusted)?.chain
  return failing && !failing.trusted ? failing.reason.code : 'unknown issuer'
}

function firstProblem(result: VerificationResult): string {
  const bad = result.signers.find((s) => !s.signature.valid)?.signature
  if (bad && !bad.valid) return bad.code
  return result.problems[0]?.code ?? 'no signer'
}
