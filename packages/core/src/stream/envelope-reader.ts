// Reads the head of an EnvelopedData or AuthEnvelopedData from a stream, up to the encrypted
// content, and its tail after it. The head (recipients, algorithm) is re-assembled as DER with
// empty content and read by decodeEnvelope, the same reader as for whole messages, so that a
// streamed message is understood exactly as a buffered one.
import type { CmsLimits } from '../cms/limits.js'
import { SmimeError } from '../errors.js'
import { TAG, tlv } from '../lib/der.js'
import { decodeEnvelope, type DecodedEnvelope } from '../lib/enveloped-data.js'
import {
  atEnd,
  expectHeader,
  closeFrame,
  malformed,
  openFrame,
  readElement,
  readHeader,
  type BerHeader,
  type Frame,
} from './ber-reader.js'
import type { ByteReader } from './byte-reader.js'
import { octetStringContent, readRoot } from '../lib/der.js'

/**
 * Bytes before the encrypted content: the recipient list, algorithm and the rest of the head.
 * 4 MiB holds the 1,000 RecipientInfos of `maxRecipientInfos` (some 300 bytes each with RSA
 * keys) many times over, and bounds what a stream that never reaches its content makes us hold.
 */
export const MAX_ENVELOPE_HEAD_BYTES: number = 4 * 1024 * 1024

/** The envelope as far as read: what decodeEnvelope found, and where the content begins. */
export interface EnvelopeHead {
  envelope: DecodedEnvelope
  /** The header of encryptedContent [0]; its content follows in the reader. */
  content: BerHeader
  /** The frames still open around the content, innermost first. */
  frames: { eci: Frame; fields: Frame; wrapper: Frame; contentInfo: Frame }
}

/** Reads from the ContentInfo's start to the start of the encrypted content. */
export async function readEnvelopeHead(
  reader: ByteReader,
  limits: CmsLimits,
): Promise<EnvelopeHead> {
  const budget = { left: MAX_ENVELOPE_HEAD_BYTES }
  const element = (what: string): Promise<Uint8Array> => readElement(reader, what, budget)
  const open = async (tag: number, what: string): Promise<Frame> =>
    openFrame(reader, expectHeader(await readHeader(reader, what), tag, what), what)
  const contentInfo = await open(TAG.sequence, 'ContentInfo')
  const contentType = await element('contentType')
  const wrapper = await open(TAG.context0, '[0] content')
  const fields = await open(TAG.sequence, 'EnvelopedData')
  const version = await element('version')
  let recipientInfos = await element('recipientInfos')
  // originatorInfo [0]: certificates that decryption does not need (RFC 5652 §6.1).
  if (recipientInfos[0] === TAG.context0) recipientInfos = await element('recipientInfos')
  const eci = await open(TAG.sequence, 'EncryptedContentInfo')
  const innerType = await element('content type')
  const algorithm = await element('contentEncryptionAlgorithm')
  const content = await readHeader(reader, 'encryptedContent')
  if ((content.tag & 0xdf) !== 0x80)
    throw malformed('the encrypted content is missing (detached content is not supported)')
  const head = tlv(
    TAG.sequence,
    contentType,
    tlv(
      TAG.context0,
      tlv(
        TAG.sequence,
        version,
        recipientInfos,
        tlv(TAG.sequence, innerType, algorithm, tlv(0x80)),
        // An empty mac for decodeEnvelope of AuthEnvelopedData; the real one comes after.
        tlv(TAG.octetString),
      ),
    ),
  )
  const envelope = decodeEnvelope(head, limits)
  return { envelope, content, frames: { eci, fields, wrapper, contentInfo } }
}

/** The mac (AuthEnvelopedData) after the content, and the ends of every open frame. */
export async function readEnvelopeTail(
  reader: ByteReader,
  head: EnvelopeHead,
): Promise<{ mac: Uint8Array | undefined }> {
  const { eci, fields, wrapper, contentInfo } = head.frames
  await closeFrame(reader, eci)
  const budget = { left: MAX_ENVELOPE_HEAD_BYTES }
  let mac: Uint8Array | undefined
  while (!(await atEnd(reader, fields))) {
    const element = await readElement(reader, 'EnvelopedData', budget)
    const tag = element[0]!
    if (head.envelope.kind === 'authEnveloped' && tag === TAG.context1 && mac === undefined)
      // RFC 5083 §2.1: authAttrs are the AAD of the content, but come after it: the content is
      // already through the cipher when they arrive.
      throw new SmimeError(
        'ERR_SMIME_UNSUPPORTED_CONTENT',
        'AuthEnvelopedData with authenticated attributes cannot be decrypted as a stream; use decryptMessage',
      )
    if (head.envelope.kind === 'authEnveloped' && (tag & 0xdf) === TAG.octetString && !mac)
      mac = octetStringContent(element, readRoot(element)).slice()
    // unprotectedAttrs / unauthAttrs: nothing that decryption uses.
  }
  if (head.envelope.kind === 'authEnveloped' && !mac) throw malformed('the mac is missing')
  await closeFrame(reader, wrapper)
  await closeFrame(reader, contentInfo)
  return { mac }
}
