// What the page shows of an opened message, the same on the main thread and in the worker.
import type { OpenedMessage } from '@siegel/core'
import { getHeaderText } from '@siegel/mime'

/**
 * True when the message may be shown as signed and sound: signed, every signature `valid`, and
 * every encrypted layer authenticated (compression neither protects nor weakens).
 */
export function isTrustworthy(opened: OpenedMessage): boolean {
  return (
    opened.layers.some((l) => l.kind === 'signed') &&
    opened.layers.every((l) =>
      l.kind === 'signed'
        ? l.verification.status === 'valid'
        : l.kind === 'encrypted'
          ? l.authenticated
          : true,
    )
  )
}

/** A header field to show: the protected one (RFC 9788) where the sender protected it. */
export function shownHeader(opened: OpenedMessage, field: string): string | undefined {
  return (
    opened.headers.shown.find((f) => f.name.toLowerCase() === field)?.value ??
    getHeaderText(opened.received, field)
  )
}
