// Reads a message with postal-mime (an independent parser, test-only) and with Siegel, into
// the same shape: attachment names, sizes and SHA-256 of their decoded bytes, and the text and
// HTML bodies with white space removed (postal-mime unwraps format=flowed and joins parts).
import PostalMime from 'postal-mime'
import { collectContent, parseMessage } from '@siegel/mime'
import { sha256Hex } from '../helpers/vectors.js'

export interface Reading {
  attachments: string[]
  /** Each body part, white space removed. */
  text: string[]
  html: string[]
}

// Node 20 decodes windows-1252 (and so ISO-8859-1 and US-ASCII, which WHATWG maps to it) as
// ISO-8859-1: C1 controls stand where WHATWG has € ‚ ƒ ... Map them as WHATWG does, so that
// postal-mime's reading is the same in both runtimes.
const CP1252_C1 = Array.from('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ')
const whatwg = (text: string): string =>
  text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!)
const squash = (text: string): string => whatwg(text).replace(/\s+/g, '')

/**
 * postal-mime turns CRLF into LF in identity-encoded parts and keeps the line break before a
 * delimiter, which RFC 2046 §5.1.1 gives to the delimiter; compare both readings in the same
 * normal form so that only real disagreements remain.
 */
function normalise(bytes: Uint8Array): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < bytes.length; i++)
    if (!(bytes[i] === 0x0d && bytes[i + 1] === 0x0a)) out.push(bytes[i]!)
  while (out.length > 0 && out[out.length - 1] === 0x0a) out.pop()
  return Uint8Array.from(out)
}

async function describe(name: string | undefined | null, bytes: Uint8Array): Promise<string> {
  const normal = normalise(bytes)
  return `${name ?? ''}|${normal.length}|${(await sha256Hex(normal)).slice(0, 16)}`
}

export async function readWithSiegel(bytes: Uint8Array): Promise<Reading> {
  const content = collectContent(parseMessage(bytes))
  const attachments: string[] = []
  for (const part of content.attachments)
    attachments.push(await describe(part.filename, part.content))
  return {
    attachments,
    text: content.bodyParts
      .filter((p) => p.contentType.mediaType === 'text/plain')
      .map((p) => squash(p.text ?? '')),
    html: content.bodyParts
      .filter((p) => p.contentType.mediaType === 'text/html')
      .map((p) => squash(p.text ?? '')),
  }
}

export async function readWithPostalMime(bytes: Uint8Array): Promise<Reading> {
  const email = await PostalMime.parse(bytes.slice().buffer, { attachmentEncoding: 'arraybuffer' })
  const attachments: string[] = []
  for (const attachment of email.attachments)
    attachments.push(
      await describe(attachment.filename, new Uint8Array(attachment.content as ArrayBuffer)),
    )
  return {
    attachments,
    text: email.text === undefined ? [] : [squash(email.text)],
    html: email.html === undefined ? [] : [squash(email.html)],
  }
}

/**
 * What the two readings disagree on: `attachments`, `text`, `html`. A body agrees when each of
 * Siegel's parts occurs, in order, in postal-mime's joined body (postal-mime adds header
 * blocks for embedded messages and converts between text and HTML where one is missing).
 */
export function disagreements(ours: Reading, theirs: Reading): string[] {
  const found: string[] = []
  if (ours.attachments.join('\n') !== theirs.attachments.join('\n')) found.push('attachments')
  if (!containsInOrder(theirs.text[0], ours.text)) found.push('text')
  if (!containsInOrder(theirs.html[0], ours.html)) found.push('html')
  return found
}

function containsInOrder(joined: string | undefined, parts: string[]): boolean {
  if (parts.every((p) => p === '')) return true
  if (joined === undefined) return false
  let from = 0
  for (const part of parts) {
    const at = joined.indexOf(part, from)
    if (at < 0) return false
    from = at + part.length
  }
  return true
}
