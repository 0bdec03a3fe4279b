import type { MimeErrorCode, PkiErrorCode, SmimeErrorCode } from '../errors.js'

/**
 * The keys of the one-line summaries of {@link openMessage}, and the sentence for an error
 * without a code.
 *
 * Reachable from `@siegel/core`.
 */
export type SummaryKey =
  | 'summary.none'
  | 'summary.separator'
  | 'summary.encrypted'
  | 'summary.encryptedUnauthenticated'
  | 'summary.compressed'
  | 'summary.signed'
  | 'summary.partiallySigned'
  | 'summary.senderMismatch'
  | 'summary.senderMissing'
  | 'summary.unknownSignerStatus'
  | 'summary.invalid'
  | 'summary.trustedVia'
  | 'summary.notTrusted'
  | 'summary.noSender'
  | 'summary.unknownSigner'
  | 'summary.nobody'
  | 'summary.noSigner'
  | 'summary.unknownIssuer'
  | 'summary.outerSenderMismatch'
  | 'summary.headersAltered'
  | 'summary.legacyDisplayKept'
  | 'error.unknown'

/**
 * Every key of a {@link Messages} catalogue: the summaries, and one sentence per error code.
 *
 * Reachable from `@siegel/core`.
 */
export type MessageKey = SummaryKey | SmimeErrorCode | PkiErrorCode | MimeErrorCode

/**
 * A catalogue of every user-facing string, by stable key. Templates name their values in
 * braces (`Signed by {signers} · {trust}`). Siegel ships {@link MESSAGES_EN} and
 * {@link MESSAGES_DE}; a caller may supply its own, e.g. `{ ...MESSAGES_DE, 'summary.none': … }`.
 *
 * Reachable from `@siegel/core`.
 */
export type Messages = Readonly<Record<MessageKey, string>>

/**
 * Fills a template's `{name}` places with the values given; an unknown name stays as it is.
 *
 * Reachable from `@siegel/core`.
 * @param template - a catalogue entry
 * @param values - the values by name
 * @returns the text
 * @example
 * ```ts
 * formatMessage(MESSAGES_DE['summary.trustedVia'], { anchor: 'Bayern-Root-CA-2019' })
 * ```
 */
export function formatMessage(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (place, name: string) => values[name] ?? place)
}
