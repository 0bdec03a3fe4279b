// RFC 3274 CompressedData: reading and writing the structure, and zlib through the runtime's
// CompressionStream/DecompressionStream ('deflate' is the zlib format of RFC 1950, which is what
// id-alg-zlibCompress names). Both are looked up when used, never at import.
import type { DecompressionLimits } from '../cms/limits.js'
import { SmimeError, SmimeLimitExceededError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import {
  childrenOf,
  encodePieces,
  expectTag,
  node,
  octetStringContent,
  oid,
  readOid,
  readRoot,
  smallInteger,
  TAG,
  tlv,
} from './der.js'
import { concatBytes } from './bytes.js'

/** RFC 3274 §1.1 and §2. */
export const COMPRESSION_OID = {
  compressedData: '1.2.840.113549.1.9.16.1.9',
  zlibCompress: '1.2.840.113549.1.9.16.3.8',
} as const

/** A decoded CompressedData: the algorithm, the inner content type and the compressed octets. */
export interface DecodedCompressedData {
  algorithm: string
  contentType: string
  compressed: Uint8Array
}

function malformed(message: string): SmimeError {
  return new SmimeError('ERR_SMIME_MALFORMED_CMS', message)
}

/**
 * Decodes a BER/DER CompressedData: a ContentInfo (`contentInfo: true`) or the bare structure,
 * as SignedData and EnvelopedData carry it in their content octets.
 */
export function decodeCompressedData(
  bytes: Uint8Array,
  contentInfo: boolean,
): DecodedCompressedData {
  let root = expectTag(readRoot(bytes), TAG.sequence, 'ContentInfo')
  if (contentInfo) {
    const [type, content] = childrenOf(bytes, root)
    const contentType = readOid(bytes, expectTag(type, TAG.oid, 'contentType'))
    if (contentType !== COMPRESSION_OID.compressedData)
      throw malformed(`expected CompressedData, got content type ${contentType}`)
    const wrapped = childrenOf(bytes, expectTag(content, TAG.context0, '[0] content'))
    root = expectTag(wrapped[0], TAG.sequence, 'CompressedData')
  }
  const fields = childrenOf(bytes, root)
  // RFC 3274 §1.1: version is always 0.
  const version = expectTag(fields[0], TAG.integer, 'version')
  if (version.contentEnd - version.contentStart !== 1 || bytes[version.contentStart] !== 0)
    throw malformed('expected CompressedData version 0')
  const algorithmFields = childrenOf(bytes, expectTag(fields[1], TAG.sequence, 'algorithm'))
  const algorithm = readOid(bytes, expectTag(algorithmFields[0], TAG.oid, 'algorithm OID'))
  const parameters = algorithmFields[1]
  // RFC 3274 §2: the zlib parameters are absent; a NULL, as some writers add, says the same.
  if (parameters && (parameters.tag !== TAG.null || parameters.end !== parameters.contentStart))
    throw malformed('expected no parameters for the compression algorithm')
  const encap = childrenOf(bytes, expectTag(fields[2], TAG.sequence, 'EncapsulatedContentInfo'))
  const contentType = readOid(bytes, expectTag(encap[0], TAG.oid, 'eContentType'))
  // Compressed content kept elsewhere would make the structure pointless: eContent is required.
  const explicit = childrenOf(bytes, expectTag(encap[1], TAG.context0, '[0] eContent'))
  // BER writers that stream (OpenSSL, Bouncy Castle) send a constructed OCTET STRING (0x24).
  const octets = explicit[0]
  const compressed = octetStringContent(
    bytes,
    octets?.tag === 0x24 ? octets : expectTag(octets, TAG.octetString, 'eContent'),
  )
  if (fields.length > 3 || encap.length > 2 || explicit.length > 1)
    throw malformed('unexpected fields after the CompressedData content')
  return { algorithm, contentType, compressed }
}

/** DER ContentInfo of CompressedData (RFC 3274 §1.1) around zlib-compressed octets. */
export function encodeCompressedData(compressed: Uint8Array, contentType: string): Uint8Array {
  const fields = node(
    TAG.sequence,
    smallInteger(0),
    tlv(TAG.sequence, oid(COMPRESSION_OID.zlibCompress)),
    node(TAG.sequence, oid(contentType), node(TAG.context0, node(TAG.octetString, compressed))),
  )
  return concatBytes(
    encodePieces(
      node(TAG.sequence, oid(COMPRESSION_OID.compressedData), node(TAG.context0, fields)),
    ),
  )
}

// Input is fed in small pieces so the ratio is judged against what was read so far, and one
// piece can inflate to at most about 1,032 times its size (deflate's ceiling): 4 MiB.
const INPUT_CHUNK_BYTES = 4096
// Below this much output no ratio is judged: a short, very repetitive text (a blank form) may
// compress far better than 100:1 and harms no one. Apache POI's GRACE_ENTRY_SIZE is the same.
const RATIO_GRACE_BYTES = 100 * 1024

type StreamConstructor = new (format: 'deflate') => {
  readable: ReadableStream<Uint8Array>
  writable: WritableStream<BufferSource>
}

function streamClass(name: 'CompressionStream' | 'DecompressionStream'): StreamConstructor {
  const found = (globalThis as Record<string, unknown>)[name]
  if (typeof found !== 'function')
    throw new SmimeUnsupportedAlgorithmError(
      COMPRESSION_OID.zlibCompress,
      `this runtime has no ${name}: zlib (${COMPRESSION_OID.zlibCompress}) is not available`,
    )
  return found as StreamConstructor
}

/**
 * Inflates zlib octets (RFC 1950), refusing as soon as the output passes
 * `maxDecompressedBytes` or, past the grace size, `maxCompressionRatio` times the input read.
 */
export async function inflate(data: Uint8Array, limits: DecompressionLimits): Promise<Uint8Array> {
  const stream = new (streamClass('DecompressionStream'))('deflate')
  const writer = stream.writable.getWriter()
  const reader = stream.readable.getReader()
  let fed = 0
  const feeding = (async (): Promise<void> => {
    for (let at = 0; at < data.length; at += INPUT_CHUNK_BYTES) {
      fed = Math.min(data.length, at + INPUT_CHUNK_BYTES)
      await writer.write(data.slice(at, fed))
    }
    await writer.close()
  })()
  // Failures of the feeding side show on the reading side too; this one is only awaited below.
  feeding.catch(() => undefined)
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.length
      const refusal = exceeded(limits, total, fed)
      if (refusal) {
        await Promise.allSettled([reader.cancel(), writer.abort()])
        throw refusal
      }
      chunks.push(value)
    }
    await feeding
  } catch (error) {
    if (error instanceof SmimeError) throw error
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_CMS',
      `the zlib content of the CompressedData is corrupt: ${String(error)}`,
      { cause: error },
    )
  }
  return concatBytes(chunks)
}

function exceeded(
  limits: DecompressionLimits,
  total: number,
  fed: number,
): SmimeLimitExceededError | undefined {
  if (total > limits.maxDecompressedBytes)
    return new SmimeLimitExceededError(
      'maxDecompressedBytes',
      limits.maxDecompressedBytes,
      total,
      `expected at most ${limits.maxDecompressedBytes} decompressed bytes (maxDecompressedBytes), found more than ${total - 1}`,
    )
  const ratio = Math.floor(total / Math.max(fed, 1))
  if (total > RATIO_GRACE_BYTES && ratio > limits.maxCompressionRatio)
    return new SmimeLimitExceededError(
      'maxCompressionRatio',
      limits.maxCompressionRatio,
      ratio,
      `expected at most ${limits.maxCompressionRatio} decompressed bytes per compressed byte (maxCompressionRatio), found ${total} from ${fed}`,
    )
  return undefined
}

/** Deflates `data` into zlib octets (RFC 1950) with the runtime's CompressionStream. */
export async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new (streamClass('CompressionStream'))('deflate')
  const writer = stream.writable.getWriter()
  const writing = writer.write(data as Uint8Array<ArrayBuffer>).then(() => writer.close())
  const chunks: Uint8Array[] = []
  const reader = stream.readable.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
  }
  await writing
  return concatBytes(chunks)
}
