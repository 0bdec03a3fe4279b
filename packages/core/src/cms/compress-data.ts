import { SmimeError } from '../errors.js'
import { deflate, encodeCompressedData } from '../lib/compressed-data.js'
import { CMS_OID } from '../lib/oids.js'

/** Options of {@link compressData}. */
export interface CompressDataOptions {
  /** The content type OID of what is compressed. Default id-data (`1.2.840.113549.1.7.1`). */
  contentType?: string
}

/**
 * Compresses content into a CMS CompressedData (RFC 3274) with zlib
 * (id-alg-zlibCompress, `1.2.840.113549.1.9.16.3.8`), using the runtime's `CompressionStream`.
 * The result is a DER ContentInfo, as OpenSSL's `cms -compress` and Bouncy Castle write it.
 *
 * Compression hides nothing and proves nothing: it only makes the content smaller. RFC 8551
 * §3.7 orders the layers sign, compress, encrypt; `protectMessage({ compress: true })` does so.
 *
 * Reachable from `@siegel/core`.
 * @param content - the octets to compress (for S/MIME, a MIME entity)
 * @param options - the content type of what is compressed
 * @returns the DER ContentInfo of the CompressedData
 * @throws SmimeError `ERR_SMIME_INVALID_INPUT` for content that is not a Uint8Array;
 *   SmimeUnsupportedAlgorithmError `ERR_SMIME_UNSUPPORTED_ALGORITHM` where the runtime has no
 *   `CompressionStream`
 * @example
 * ```ts
 * const p7z = await compressData(new TextEncoder().encode('Content-Type: text/plain\r\n\r\nHi'))
 * ```
 */
export async function compressData(
  content: Uint8Array,
  options?: CompressDataOptions,
): Promise<Uint8Array> {
  if (!(content instanceof Uint8Array))
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected the content as Uint8Array')
  const contentType = options?.contentType ?? CMS_OID.data
  return encodeCompressedData(await deflate(content), contentType)
}
