import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import {
  COMPRESSION_OID,
  decodeCompressedData,
  inflate,
  type DecodedCompressedData,
} from '../lib/compressed-data.js'
import { resolveDecompressionLimits, type DecompressionLimits } from './limits.js'

/** Options of {@link decompressData}: the limits of {@link DecompressionLimits}. */
export type DecompressDataOptions = Partial<DecompressionLimits>

/** What {@link decompressData} returns. */
export interface DecompressedData {
  /** The decompressed content octets. */
  content: Uint8Array
  /** The content type OID of the decompressed content (id-data for S/MIME). */
  contentType: string
  /** The compression algorithm OID (id-alg-zlibCompress). */
  compressionAlgorithm: string
  /** How many compressed octets the CompressedData carried. */
  compressedBytes: number
}

/**
 * Decompresses a CMS CompressedData (RFC 3274), DER or BER, as OpenSSL, Bouncy Castle and AS2
 * gateways write it: zlib (id-alg-zlibCompress) through the runtime's `DecompressionStream`.
 *
 * The output is checked while it streams in: past `maxDecompressedBytes` (default 256 MiB) or,
 * once more than 100 KiB have come out, past `maxCompressionRatio` (default 100) decompressed
 * bytes per compressed byte read, it stops at once. A "zip bomb" costs no more than that.
 *
 * Reachable from `@siegel/core`.
 * @param cms - the ContentInfo bytes (a `.p7z`)
 * @param options - the decompression limits
 * @returns the content, its content type, the algorithm and the compressed size
 * @throws SmimeError `ERR_SMIME_MALFORMED_CMS` for bytes that are not CompressedData or zlib
 *   octets that are corrupt, truncated or followed by junk; `ERR_SMIME_INVALID_INPUT` for a
 *   limit that is not a positive integer; SmimeLimitExceededError `ERR_SMIME_LIMIT_EXCEEDED`
 *   naming `maxDecompressedBytes` or `maxCompressionRatio`; SmimeUnsupportedAlgorithmError
 *   `ERR_SMIME_UNSUPPORTED_ALGORITHM` for a compression algorithm other than zlib
 * @example
 * ```ts
 * const { content } = await decompressData(p7z, { maxDecompressedBytes: 1024 * 1024 * 1024 })
 * ```
 */
export async function decompressData(
  cms: Uint8Array,
  options?: DecompressDataOptions,
): Promise<DecompressedData> {
  if (!(cms instanceof Uint8Array))
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected the CMS bytes as Uint8Array')
  const limits = resolveDecompressionLimits(options)
  return decompressDecoded(decodeCompressedData(cms, true), limits)
}

/** Inflates a decoded CompressedData under `limits`. */
export async function decompressDecoded(
  decoded: DecodedCompressedData,
  limits: DecompressionLimits,
): Promise<DecompressedData> {
  // RFC 3274 §2: zlib is the one algorithm defined; no other is in use.
  if (decoded.algorithm !== COMPRESSION_OID.zlibCompress)
    throw new SmimeUnsupportedAlgorithmError(
      decoded.algorithm,
      `expected the compression algorithm zlib (${COMPRESSION_OID.zlibCompress}), got ${decoded.algorithm}`,
    )
  return {
    content: await inflate(decoded.compressed, limits),
    contentType: decoded.contentType,
    compressionAlgorithm: decoded.algorithm,
    compressedBytes: decoded.compressed.length,
  }
}

/**
 * How content that arrived as CompressedData (an eContentType or encrypted content type of
 * id-ct-compressedData, RFC 3274 §1.1) was decompressed by `verifyData` or `decryptData`.
 *
 * Reachable from `@siegel/core`.
 */
export interface ContentDecompression {
  /** The content type of the decompressed content (id-data for S/MIME). */
  contentType: string
  /** The compression algorithm OID (id-alg-zlibCompress). */
  compressionAlgorithm: string
  /** How many compressed octets there were. */
  compressedBytes: number
}

/**
 * The content as the reader wants it: decompressed when `contentType` is id-ct-compressedData
 * (its octets are then a bare CompressedData, RFC 3274 §1.1), else as it is.
 */
export async function decompressContent(
  content: Uint8Array,
  contentType: string,
  options: Partial<DecompressionLimits> | undefined,
): Promise<{ content: Uint8Array; decompressed?: ContentDecompression }> {
  if (contentType !== COMPRESSION_OID.compressedData) return { content }
  const limits = resolveDecompressionLimits(options)
  const result = await decompressDecoded(decodeCompressedData(content, false), limits)
  return {
    content: result.content,
    decompressed: {
      contentType: result.contentType,
      compressionAlgorithm: result.compressionAlgorithm,
      compressedBytes: result.compressedBytes,
    },
  }
}
