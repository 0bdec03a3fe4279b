// Opaque signed-data (RFC 8551 §3.5.2) from a stream: SignedData's digestAlgorithms come
// before the content (RFC 5652 §5.1), so the digests are known when it starts; the content is
// hashed and handed on as it passes, the certificates and SignerInfos after it are kept, and
// the SignedData is re-assembled without its content for verifySignedData.
import { digestFromOid, type DigestName } from '@siegel/pki'
import {
  verifySignedData,
  type SignedDataVerification,
  type VerifyDataOptions,
} from '../cms/verify-data.js'
import { childrenOf, oid, readOid, readRoot, TAG, tlv } from '../lib/der.js'
import { CMS_OID } from '../lib/oids.js'
import {
  atEnd,
  expectHeader,
  closeFrame,
  malformed,
  octetStringPieces,
  openFrame,
  readElement,
  readHeader,
} from './ber-reader.js'
import { BATCH_BYTES } from './batcher.js'
import type { ByteReader } from './byte-reader.js'
import { DigestSet } from './incremental-hash.js'
import { streamedContent } from './streamed-content.js'

/**
 * Bytes of SignedData besides the content: certificates, CRLs and SignerInfos (a few KiB in
 * real mail, a CA's set some hundred KiB); bounds what is held.
 */
const MAX_SIGNED_DATA_BYTES = 16 * 1024 * 1024

/** Verifies the SignedData in `reader`, handing its content to `write` as it passes. */
export async function verifyOpaque(
  reader: ByteReader,
  options: (VerifyDataOptions & { digests?: readonly DigestName[] }) | undefined,
  write: (bytes: Uint8Array) => Promise<void>,
  check: () => void,
): Promise<SignedDataVerification> {
  const budget = { left: MAX_SIGNED_DATA_BYTES }
  const element = (what: string): Promise<Uint8Array> => readElement(reader, what, budget)
  const open = async (tag: number, what: string) =>
    openFrame(reader, expectHeader(await readHeader(reader, what), tag, what), what)
  const contentInfo = await open(TAG.sequence, 'ContentInfo')
  const contentType = await element('contentType')
  if (readOid(contentType, readRoot(contentType)) !== CMS_OID.signedData)
    throw malformed('expected SignedData')
  const wrapper = await open(TAG.context0, '[0] content')
  const fields = await open(TAG.sequence, 'SignedData')
  const version = await element('version')
  const digestAlgorithms = await element('digestAlgorithms')
  const named = childrenOf(digestAlgorithms, readRoot(digestAlgorithms)).flatMap((algorithm) => {
    const [id] = childrenOf(digestAlgorithms, algorithm)
    const name = id?.tag === TAG.oid ? digestFromOid(readOid(digestAlgorithms, id)) : undefined
    return name ? [name] : []
  })
  const digests = await DigestSet.of([...named, ...(options?.digests ?? [])])
  const encap = await open(TAG.sequence, 'EncapsulatedContentInfo')
  const eContentType = await element('eContentType')
  if (await atEnd(reader, encap))
    throw malformed('the signed-data carries no content (a detached signature needs its content)')
  const explicit = await open(TAG.context0, '[0] eContent')
  const octets = await readHeader(reader, 'eContent')
  if ((octets.tag & 0xdf) !== TAG.octetString) throw malformed('eContent is no OCTET STRING')
  for await (const piece of octetStringPieces(reader, octets, 'eContent', BATCH_BYTES)) {
    check()
    digests.update(piece)
    await write(piece)
  }
  await closeFrame(reader, explicit)
  await closeFrame(reader, encap)
  const rest: Uint8Array[] = []
  while (!(await atEnd(reader, fields))) rest.push(await element('SignedData'))
  await closeFrame(reader, wrapper)
  await closeFrame(reader, contentInfo)
  // The same SignedData with the content left out, as a detached signature over it.
  const der = tlv(
    TAG.sequence,
    oid(CMS_OID.signedData),
    tlv(
      TAG.context0,
      tlv(TAG.sequence, version, digestAlgorithms, tlv(TAG.sequence, eContentType), ...rest),
    ),
  )
  return verifySignedData(der, options, streamedContent(digests.digests()))
}
