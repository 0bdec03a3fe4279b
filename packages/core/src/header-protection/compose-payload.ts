// Composing the Cryptographic Payload with its protected header section (RFC 9788 §2, §5.2):
// the message's header fields are copied into the header section of the entity that gets
// signed or encrypted, its Content-Type says hp="clear" or hp="cipher", and for encryption the
// outer header section is obscured per a Header Confidentiality Policy and recorded inside in
// HP-Outer fields.
import { parseContentType, parseMessage } from '@siegel/mime'
import { SmimeError } from '../errors.js'
import { ascii, concatBytes } from '../lib/bytes.js'
import type { PreparedMessage } from '../sign/prepare-entity.js'
import { addLegacyDisplay } from './compose-legacy-display.js'
import { foldedLine, sevenBitLine, withCrlf } from './compose-seven-bit.js'
import {
  checkPolicy,
  isUserFacing,
  obscuredValue,
  type HeaderConfidentialityPolicy,
} from './policy.js'

/**
 * Header protection (RFC 9788) for a message being composed: the header fields (From, To, Cc,
 * Subject, Date, Message-ID, Reply-To, In-Reply-To, References, ...) are copied into the signed
 * or encrypted entity, so the signature covers them and encryption can hide them.
 *
 * Reachable from `@siegel/core`.
 */
export interface HeaderProtectionOptions {
  /**
   * What the outer (unencrypted) header section of an encrypted message shows, as one of RFC
   * 9788's Header Confidentiality Policies. Default `'hcp_baseline'` (Subject `[...]`). A
   * signed-only message never obscures anything: its outer header section is left as it is.
   */
  policy?: HeaderConfidentialityPolicy
  /**
   * Repeat the obscured user-facing fields (e.g. the real Subject) at the top of the text and
   * HTML body, for mail readers that do not know header protection (RFC 9788 §2.1.2). Written
   * only for encrypted messages whose policy obscured such a field. Default `true`.
   */
  legacyDisplay?: boolean
}

/** Whether the payload will be encrypted (`hp="cipher"`) or only signed (`hp="clear"`). */
export type HeaderProtectionMode = 'cipher' | 'clear'

/**
 * The protected form of a prepared message: the entity with the protected header section (and,
 * for `cipher`, the HP-Outer fields and maybe a Legacy Display Element), and the outer header
 * lines the policy leaves visible.
 */
export function protectHeaders(
  prepared: PreparedMessage,
  mode: HeaderProtectionMode,
  options: HeaderProtectionOptions,
): PreparedMessage {
  const policy = checkPolicy(options.policy ?? 'hcp_baseline')
  if (options.legacyDisplay !== undefined && typeof options.legacyDisplay !== 'boolean')
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      'expected headerProtection.legacyDisplay as a boolean',
    )
  // A message that is already signed or encrypted is wrapped as it is: its payload, and any
  // protected headers, lie inside the layer it already has (RFC 9788 §2).
  if (WRAPPED.test(rootType(prepared.entity))) return prepared
  const all = parseMessage(concatBytes([prepared.outerHeaders, ascii('\r\n')])).headers
  // Bcc is for the sender's transport alone (RFC 5322 §3.6.3): a copy inside the encryption
  // would show every recipient who else got the message, so it stays outside only.
  const fields = all.filter((f) => !/^bcc$/i.test(f.name))
  const outer: Uint8Array[] = all.filter((f) => /^bcc$/i.test(f.name)).map((f) => withCrlf(f.raw))
  const hpOuter: Uint8Array[] = []
  const legacyLines: string[] = []
  for (const field of fields) {
    // RFC 9788 §2.2: a signed-only message has no HP-Outer and shows every field as it is.
    const shown = mode === 'clear' ? field.value : obscuredValue(policy, field.name, field.value)
    if (shown === null) {
      if (isUserFacing(field.name)) legacyLines.push(`${field.name}: ${field.decoded}`)
      continue
    }
    const line = shown === field.value ? withCrlf(field.raw) : ascii(foldedLine(field.name, shown))
    outer.push(line)
    const inside = shown === field.value ? sevenBitLine(field) : line
    if (mode === 'cipher') hpOuter.push(ascii('HP-Outer: '), inside)
    if (shown !== field.value && isUserFacing(field.name))
      legacyLines.push(`${field.name}: ${field.decoded}`)
  }
  let entity = prepared.entity
  // RFC 9788 §4.2 step 1: a Legacy Display Element only where encryption hid a field a reader
  // would show, so a legacy reader still shows it (from the decrypted body).
  if (mode === 'cipher' && options.legacyDisplay !== false && legacyLines.length > 0)
    entity = addLegacyDisplay(entity, legacyLines)
  // One copy of the (possibly large) entity: its pieces are joined once, with the fields.
  const payload = withHpParameter(entity, mode)
  return {
    outerHeaders: concatBytes(outer),
    entity: concatBytes([...fields.map(sevenBitLine), ...hpOuter, ...payload]),
  }
}

const WRAPPED = /^(multipart\/(signed|encrypted)|application\/(x-)?pkcs7-mime)$/

/** The media type of the entity's root, lower case (`text/plain` when it has none). */
function rootType(entity: Uint8Array): string {
  const root = parseMessage(entity.subarray(0, headerBlockLength(entity)))
  return root.contentType.mediaType
}

/** The entity with `hp="cipher"` or `hp="clear"` on its Content-Type (RFC 9788 §2.1.1), in pieces. */
function withHpParameter(entity: Uint8Array, mode: HeaderProtectionMode): Uint8Array[] {
  const root = parseMessage(entity.subarray(0, headerBlockLength(entity)))
  const contentType = root.headers.find((h) => /^content-type$/i.test(h.name))
  if (!contentType) {
    // RFC 2045 §5.2: no Content-Type means text/plain; charset=us-ascii. Say so, with hp.
    return [ascii(`Content-Type: text/plain; charset=us-ascii; hp="${mode}"\r\n`), entity]
  }
  if (parseContentType(contentType.value)?.parameters['hp'] !== undefined) {
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      'the message already carries protected headers (hp parameter); turn headerProtection off to sign or encrypt it as it is',
    )
  }
  const line = withoutCrlf(contentType.raw)
  return [
    entity.subarray(0, contentType.range.start),
    line,
    ascii(`;\r\n hp="${mode}"\r\n`),
    entity.subarray(contentType.range.end),
  ]
}

/** Length of the header block with its empty line (CRLF entities, as prepareEntity makes). */
function headerBlockLength(entity: Uint8Array): number {
  if (entity[0] === 0x0d && entity[1] === 0x0a) return 2
  for (let i = 0; i + 3 < entity.length; i++)
    if (
      entity[i] === 0x0d &&
      entity[i + 1] === 0x0a &&
      entity[i + 2] === 0x0d &&
      entity[i + 3] === 0x0a
    )
      return i + 4
  return entity.length
}

function withoutCrlf(raw: Uint8Array): Uint8Array {
  let end = raw.length
  while (end > 0 && (raw[end - 1] === 0x0a || raw[end - 1] === 0x0d)) end--
  return raw.subarray(0, end)
}
