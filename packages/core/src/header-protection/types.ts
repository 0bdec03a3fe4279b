import type { MimePart } from '@siegel/mime'

/**
 * How a message carries its protected header section:
 * - `rfc9788`: the cryptographic payload's root part carries the header fields and an `hp`
 *   Content-Type parameter (`hp="cipher"` when encrypted, `hp="clear"` when only signed),
 *   RFC 9788 §2.1;
 * - `rfc8551-wrapped`: the payload is a `message/rfc822` entity wrapping the whole message,
 *   RFC 8551 §3.1 (the legacy form RFC 9788 Appendix A describes);
 * - `draft`: the payload's root part carries the header fields and `protected-headers="v1"`,
 *   as the drafts before RFC 9788 wrote it;
 * - `none`: no protected header section; every header field is only outside.
 *
 * Reachable from `@siegel/core`.
 */
export type HeaderProtectionForm = 'rfc9788' | 'rfc8551-wrapped' | 'draft' | 'none'

/**
 * One header field a reader may be shown.
 *
 * Reachable from `@siegel/core`.
 */
export interface ShownHeaderField {
  /** The field name as written, e.g. `Subject`. */
  name: string
  /** The value unfolded, RFC 2047 encoded words decoded. */
  value: string
  /**
   * True when the value comes from the protected header section (covered by the signature or
   * the encryption); false for a field that was only outside, which anyone on the way could
   * have written.
   */
  protected: boolean
}

/**
 * Where a header field outside differs from the protected one, or from what the sender says it
 * put outside (`HP-Outer`, RFC 9788 §2.2):
 * - `altered`: the outside value differs from the protected one and the sender did not say it
 *   put that value outside: changed on the way, or forged. A finding: show the protected value
 *   and say so; never replace it silently. Without any record of what the sender put outside
 *   (`hp="clear"`, the older drafts), every difference is `altered`.
 * - `obscured`: the sender put a different value outside on purpose (its Header Confidentiality
 *   Policy, e.g. `Subject: [...]`), as its `HP-Outer` fields record (or, without such a record,
 *   an outer Subject that is exactly the placeholder `[...]` or the drafts' `...`). Expected.
 * - `removed`: protected, and absent outside (the sender's policy removed it, or the
 *   transport dropped it).
 * - `added`: present outside, not protected, and not among the fields the sender says it put
 *   outside: added on the way (a mailing list, a gateway) or forged.
 *
 * Reachable from `@siegel/core`.
 */
export interface HeaderDifference {
  kind: 'altered' | 'obscured' | 'removed' | 'added'
  /** Lower-case field name, e.g. `subject`. */
  name: string
  /** The values outside, in order (decoded, whitespace collapsed). */
  outer: string[]
  /** The protected values, in order; empty for an `added` field. */
  protected: string[]
}

/**
 * A Legacy Display Element (RFC 9788 §4.5), or the legacy display part of the drafts: a copy of
 * the protected header fields at the top of the text, for mail programs that do not understand
 * header protection. A reader that does shows the header fields from the protected section and
 * hides the element, but only when it matches them exactly: attacker text is never hidden.
 *
 * Reachable from `@siegel/core`.
 */
export interface LegacyDisplay {
  /** `rfc9788`: lines at the top of a part marked `hp-legacy-display="1"`; `draft`: a whole part. */
  form: 'rfc9788' | 'draft'
  /** The part that carries it. */
  part: MimePart
  /** The element as found (decoded text). */
  element: string
  /**
   * True when every line of the element repeats a protected header field exactly: then
   * {@link LegacyDisplay.text} is what to show. False when a line does not match; the element
   * stays in the text and {@link LegacyDisplay.mismatched} names the lines.
   */
  removed: boolean
  /** The text of the part to show: without the element when removed, else the part's text. */
  text: string
  /** The lines of the element that repeat no protected header field. */
  mismatched: string[]
}

/**
 * The header fields of an opened message, as RFC 9788 §4 asks a reader to handle them.
 *
 * Reachable from `@siegel/core`.
 */
export interface MessageHeaders {
  /** How the protected header section was carried; `none` when there is none. */
  form: HeaderProtectionForm
  /** The `hp` parameter of the protected section (RFC 9788 §2.1), when present. */
  hp: 'cipher' | 'clear' | undefined
  /**
   * The entity to render: the innermost message (`OpenedMessage.message`), or for the
   * `rfc8551-wrapped` form the message inside its `message/rfc822` wrapper.
   */
  content: MimePart
  /**
   * The header fields to show, in order: every protected field, then the fields that were only
   * outside (`protected: false`) among From, Sender, Reply-To, To, Cc, Subject, Date,
   * Message-ID, In-Reply-To, References, Keywords and Comments.
   */
  shown: ShownHeaderField[]
  /** Lower-case names of the protected fields (Content-* and MIME-Version not counted). */
  protectedFields: string[]
  /** Lower-case names of the fields present only outside (Content-* and MIME-Version not counted). */
  onlyOutside: string[]
  /** Where outside and protected values differ; see {@link HeaderDifference}. */
  differences: HeaderDifference[]
  /**
   * What the sender says it put outside (`HP-Outer` fields, RFC 9788 §2.2): read only when
   * `hp="cipher"`; for the `draft` and `rfc8551-wrapped` forms, derived from the drafts'
   * `HP-Obscured` and `HP-Removed` fields where the message has them. Informational: it tells what was exposed on the way, and lets a reader tell a
   * deliberately obscured field from one changed in transit; it is no header field to show.
   */
  exposed: { name: string; value: string }[] | undefined
  /** Legacy Display Elements found in the main body parts, each removed only if it matches. */
  legacyDisplay: LegacyDisplay[]
}
