// The MIME entity to sign or encrypt, prepared as prepare-entity.ts prepares it, but with the
// body streamed: the header block is read and split at once, the body is canonicalised piece
// by piece. What cannot be known before the end (is there an 8-bit byte somewhere in a body
// declared 7-bit?) is decided from the headers instead, see `streamEntity`.
import {
  Base64Encoder,
  encodeQuotedPrintable,
  LineEndingCanonicalizer,
  parseContentType,
  parseMessage,
} from '@siegel/mime'
import { SmimeError } from '../errors.js'
import { concatBytes } from '../lib/bytes.js'
import { prepareEntity, scanBody } from '../sign/prepare-entity.js'
import type { ByteReader } from './byte-reader.js'
import { transformPieces } from './content-transform.js'

/**
 * The header block may not exceed this. 1 MiB is far beyond any real header block (RFC 5322
 * §2.1.1 lines are at most 998 characters; a few hundred Received lines are some 100 KiB) and
 * bounds what a stream without an empty line makes us hold.
 */
export const MAX_HEADER_BYTES: number = 1024 * 1024

/** A message split for signing or encryption, its body still to come. */
export interface StreamedEntity {
  /** Header lines that stay on the outer message, CRLF-terminated. */
  outerHeaders: Uint8Array
  /** The entity's content headers and the empty line after them, canonical. */
  entityHead: Uint8Array
  /** The entity's body, canonical, piece by piece. */
  body: AsyncGenerator<Uint8Array>
}

const CRLF_CRLF = [0x0d, 0x0a, 0x0d, 0x0a]

/**
 * Reads the header block of `reader` and streams the rest as the canonical entity body. A
 * single part declared `8bit` or `binary` is re-encoded as it passes, quoted-printable for
 * text, base64 for anything else (RFC 8551 §3.1.2); any other body keeps its bytes, with line
 * breaks made CRLF, and must be 7-bit: an 8-bit or NUL byte in it stops the stream with
 * `ERR_SMIME_UNSUPPORTED_CONTENT`, since what went before it is already out.
 */
export async function streamEntity(reader: ByteReader): Promise<StreamedEntity> {
  const block = await reader.headerBlock(MAX_HEADER_BYTES)
  const head = parseMessage(block)
  const header = (name: string): string | undefined =>
    head.headers.find((h) => h.name.toLowerCase() === name)?.value
  const type = parseContentType(header('content-type') ?? '')
  const encoding = header('content-transfer-encoding')?.trim().toLowerCase()
  const multipart = type?.mediaType.startsWith('multipart/') === true
  if (!multipart && (encoding === '8bit' || encoding === 'binary')) {
    // prepareEntity rewrites the headers as for a body with an 8-bit byte; the body it encoded
    // (that one byte) is cut off, and the real body is encoded below in the same way.
    const { outerHeaders, entity } = prepareEntity(concatBytes([block, Uint8Array.of(0x80)]))
    const entityHead = entity.subarray(0, indexOfSequence(entity, CRLF_CRLF) + 4)
    const isText = type === undefined || type.mediaType.startsWith('text/')
    return {
      outerHeaders,
      entityHead,
      body: isText
        ? quotedPrintable(reader.rest())
        : transformPieces(reader.rest(), new Base64Encoder()),
    }
  }
  const { outerHeaders, entity } = prepareEntity(block)
  return { outerHeaders, entityHead: entity, body: sevenBit(reader.rest()) }
}

async function* sevenBit(source: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const crlf = new LineEndingCanonicalizer()
  let offset = 0
  for await (const chunk of source) {
    // One word-wise pass finds both what is refused and what needs rewriting (prepare-entity.ts).
    const scan = scanBody(chunk)
    if (scan.eightBit)
      throw new SmimeError(
        'ERR_SMIME_UNSUPPORTED_CONTENT',
        `the body has an 8-bit or NUL byte after offset ${offset} but is not declared 8bit or binary; declare it so, or encode it as quoted-printable or base64, to stream it`,
      )
    offset += chunk.length
    // Usual case: CRLF throughout and no CR waiting from the piece before: passed on as it is.
    const out = scan.bareLineBreaks || crlf.holding ? crlf.push(chunk) : chunk
    if (out.length > 0) yield out
  }
  const last = crlf.finish()
  if (last.length > 0) yield last
}

// A line longer than this is cut anyway (quoted-printable then puts a soft break where a line
// ends inside it): bounds what one line makes us hold.
const MAX_LINE_BYTES = 1024 * 1024

/** Quoted-printable of whole lines at a time: the encoder's state is reset at every line end. */
async function* quotedPrintable(source: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  let pending = new Uint8Array(0)
  for await (const chunk of source) {
    const all = pending.length > 0 ? concatBytes([pending, chunk]) : chunk
    let cut = all.lastIndexOf(0x0a) + 1
    if (cut === 0 && all.length > MAX_LINE_BYTES) cut = all.length
    pending = all.slice(cut)
    if (cut > 0) yield encodeQuotedPrintable(all.subarray(0, cut))
  }
  if (pending.length > 0) yield encodeQuotedPrintable(pending)
}

function indexOfSequence(bytes: Uint8Array, sequence: readonly number[]): number {
  for (let at = bytes.indexOf(sequence[0]!); at >= 0; at = bytes.indexOf(sequence[0]!, at + 1)) {
    if (sequence.every((b, i) => bytes[at + i] === b)) return at
  }
  return -1
}
