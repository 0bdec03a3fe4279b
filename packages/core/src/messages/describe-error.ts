import type { MessageKey, Messages } from './catalogue.js'
import { MESSAGES_EN } from './en.js'

/**
 * One sentence for a person about an error Siegel threw, in the catalogue's language: the
 * sentence of its `code` (every `SmimeError`, `PkiError` and `MimeError` code has one), or a
 * general one for anything else. The error's own `message` stays English and detailed, for logs.
 *
 * Reachable from `@siegel/core`.
 * @param error - what a Siegel function threw
 * @param messages - the catalogue; default {@link MESSAGES_EN}
 * @returns the sentence to show
 * @example
 * ```ts
 * try { await openMessage(eml, { identities }) }
 * catch (error) { alert(describeError(error, MESSAGES_DE)) }
 * ```
 */
export function describeError(error: unknown, messages: Messages = MESSAGES_EN): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && Object.hasOwn(messages, code)) return messages[code as MessageKey]
  return messages['error.unknown']
}
