import type { MimePart } from '@siegel/mime'
import type { MailboxMatchOptions } from '@siegel/pki'
import type { SecurityLayer } from '../workflow/open-message.js'
import { findProtectedSection } from './protected-section.js'
import { bindProtectedSender } from './protected-sender.js'
import { readMessageHeaders } from './read-protected-headers.js'
import type { MessageHeaders } from './types.js'

/**
 * The header fields of an opened message (see {@link readMessageHeaders}), with every signed
 * layer that covers the protected header section bound to its From instead of the outer one.
 *
 * @param outer - the message as received
 * @param message - the innermost entity the layers led to
 * @param layers - the layers, outermost first; signed ones are rebound in place
 * @param matching - how addresses compare
 */
export function openHeaders(
  outer: MimePart,
  message: MimePart,
  layers: SecurityLayer[],
  matching: MailboxMatchOptions | undefined,
): MessageHeaders {
  // Only an entity some signature or encryption covers whole is a cryptographic payload: the
  // same marks on a plain or merely compressed message protect nothing.
  const covered = message !== outer && layers.some((l) => l.kind !== 'compressed')
  const headers = readMessageHeaders(outer, message, covered)
  const found = covered ? findProtectedSection(message) : undefined
  if (!found) return headers
  for (const layer of layers) {
    if (layer.kind !== 'signed' || !layer.verification.coverage.coversEntireMessage) continue
    layer.verification = bindProtectedSender(layer.verification, found.section, outer, matching)
  }
  return headers
}
