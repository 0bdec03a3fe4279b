// The compressed layer of a message (RFC 8551 §3.6: application/pkcs7-mime with
// smime-type=compressed-data, file name smime.p7z), for openMessage and protectMessage.
import { encodeBase64, type MimePart } from '@siegel/mime'
import { compressData } from '../cms/compress-data.js'
import { decompressDecoded, type ContentDecompression } from '../cms/decompress-data.js'
import { resolveDecompressionLimits, type DecompressionLimits } from '../cms/limits.js'
import { ascii, concatBytes } from '../lib/bytes.js'
import { cmsPartBytes } from '../lib/cms-part.js'
import { COMPRESSION_OID, decodeCompressedData } from '../lib/compressed-data.js'
import { contentInfoType } from '../lib/enveloped-data.js'
import { prepareEntity, type PreparedMessage } from '../sign/prepare-entity.js'

/** A compressed layer of an opened message (RFC 3274 CompressedData). */
export interface CompressedLayer {
  kind: 'compressed'
  /** The compression algorithm OID: id-alg-zlibCompress (`1.2.840.113549.1.9.16.3.8`). */
  compressionAlgorithm: string
  /** The size of the compressed octets. */
  compressedBytes: number
  /** The size of the decompressed entity. */
  decompressedBytes: number
}

const MIME_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime'])

/**
 * If the message itself is a compressed-data entity (whatever its smime-type says, as for the
 * other layers: the CMS content type decides), its decompressed content and the layer;
 * otherwise undefined.
 */
export async function openCompressedLayer(
  message: MimePart,
  options: Partial<DecompressionLimits> | undefined,
): Promise<{ layer: CompressedLayer; content: Uint8Array } | undefined> {
  const type = message.contentType
  const candidate =
    MIME_TYPES.has(type.mediaType) ||
    (type.mediaType === 'application/octet-stream' &&
      (message.filename ?? '').toLowerCase().endsWith('.p7z'))
  if (!candidate) return undefined
  const cms = cmsPartBytes(message)
  if (contentInfoType(cms) !== COMPRESSION_OID.compressedData) return undefined
  const limits = resolveDecompressionLimits(options)
  const decompressed = await decompressDecoded(decodeCompressedData(cms, true), limits)
  return {
    layer: {
      kind: 'compressed',
      compressionAlgorithm: decompressed.compressionAlgorithm,
      compressedBytes: decompressed.compressedBytes,
      decompressedBytes: decompressed.content.length,
    },
    content: decompressed.content,
  }
}

/**
 * The layer for content that a signature or an envelope carried as CompressedData directly
 * (eContentType id-ct-compressedData), once decompressed to `decompressedBytes`.
 */
export function carriedCompressedLayer(
  decompressed: ContentDecompression,
  decompressedBytes: number,
): CompressedLayer {
  return {
    kind: 'compressed',
    compressionAlgorithm: decompressed.compressionAlgorithm,
    compressedBytes: decompressed.compressedBytes,
    decompressedBytes,
  }
}

/**
 * Wraps a message's entity into a compressed-data entity (RFC 8551 §3.6); the outer headers
 * (From, To, Subject, ...) stay outside, as when signing. A message already split (with its
 * protected headers in the entity) is compressed as it is split.
 */
export async function compressEntity(message: Uint8Array | PreparedMessage): Promise<Uint8Array> {
  const { outerHeaders, entity } = message instanceof Uint8Array ? prepareEntity(message) : message
  const p7z = await compressData(entity)
  const head =
    'MIME-Version: 1.0\r\n' +
    'Content-Type: application/pkcs7-mime; smime-type=compressed-data; name="smime.p7z"\r\n' +
    'Content-Transfer-Encoding: base64\r\n' +
    'Content-Disposition: attachment; filename="smime.p7z"\r\n\r\n'
  return encodeBase64([p7z], { prefix: concatBytes([outerHeaders, ascii(head)]) })
}
