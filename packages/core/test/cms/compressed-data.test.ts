// CompressedData (RFC 3274) written by an independent producer (Python's zlib, see
// fixtures/compressed/make.py) is read; what compressData writes reads back; corrupt zlib,
// malformed structure, an unknown algorithm and zip bombs are refused with typed errors.
import { describe, expect, it } from 'vitest'
import {
  compressData,
  decompressData,
  SmimeError,
  SmimeLimitExceededError,
  SmimeUnsupportedAlgorithmError,
} from '@siegel/core'
import { bomb10g, compressed } from '../fixtures/compressed.js'

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

describe('decompressData', () => {
  it.each([
    ['DER', compressed.entity],
    ['BER with indefinite lengths and a constructed OCTET STRING', compressed.entityBer],
  ])('reads CompressedData made by Python zlib (%s)', async (_, der) => {
    const result = await decompressData(der)
    expect(text(result.content)).toBe(compressed.entityText)
    expect(result.contentType).toBe('1.2.840.113549.1.7.1')
    expect(result.compressionAlgorithm).toBe('1.2.840.113549.1.9.16.3.8')
    expect(result.compressedBytes).toBeLessThan(result.content.length / 5)
  })

  it('refuses an unknown compression algorithm with ERR_SMIME_UNSUPPORTED_ALGORITHM', async () => {
    const error = await decompressData(compressed.unknownAlgorithm).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SmimeUnsupportedAlgorithmError)
    expect((error as SmimeUnsupportedAlgorithmError).code).toBe('ERR_SMIME_UNSUPPORTED_ALGORITHM')
    expect((error as SmimeUnsupportedAlgorithmError).algorithm).toBe('1.2.840.113549.1.9.16.3.99')
  })

  it.each([
    ['version 1', compressed.version1],
    ['truncated zlib', compressed.truncated],
    ['a wrong Adler-32', compressed.badChecksum],
    ['raw deflate without the zlib wrapper', compressed.rawDeflate],
    [
      'a SignedData-less ContentInfo of id-data',
      Uint8Array.of(0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01),
    ],
    ['junk', Uint8Array.of(1, 2, 3)],
  ])('refuses %s with ERR_SMIME_MALFORMED_CMS', async (_, der) => {
    const error = await decompressData(der).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SmimeError)
    expect((error as SmimeError).code).toBe('ERR_SMIME_MALFORMED_CMS')
  })

  it('refuses a 1 KiB bomb of 1 MiB by maxCompressionRatio, and reads it with the ratio raised', async () => {
    expect(compressed.bomb1m.length).toBeLessThan(1200)
    const error = await decompressData(compressed.bomb1m).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SmimeLimitExceededError)
    expect((error as SmimeLimitExceededError).code).toBe('ERR_SMIME_LIMIT_EXCEEDED')
    expect((error as SmimeLimitExceededError).limit).toBe('maxCompressionRatio')
    expect((error as SmimeLimitExceededError).maximum).toBe(100)
    const read = await decompressData(compressed.bomb1m, { maxCompressionRatio: 2000 })
    expect(read.content.length).toBe(2 ** 20)
    expect(read.content.every((b) => b === 0)).toBe(true)
  })

  it('stops a bomb of 10 GiB at maxCompressionRatio, long before its end', async () => {
    const bomb = bomb10g()
    expect(bomb.decompressedBytes).toBe(10 * 2 ** 30)
    const error = await decompressData(bomb.der).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SmimeLimitExceededError)
    const refused = error as SmimeLimitExceededError
    expect(refused.limit).toBe('maxCompressionRatio')
    // `found` is the ratio when refused: the stream was stopped within the first chunks.
    expect(refused.found).toBeGreaterThan(100)
    expect(refused.found).toBeLessThanOrEqual(1100)
  })

  it('stops a bomb of 10 GiB at maxDecompressedBytes when the ratio is allowed', async () => {
    const error = await decompressData(bomb10g().der, {
      maxCompressionRatio: 5000,
      maxDecompressedBytes: 8 * 2 ** 20,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SmimeLimitExceededError)
    const refused = error as SmimeLimitExceededError
    expect(refused.limit).toBe('maxDecompressedBytes')
    expect(refused.maximum).toBe(8 * 2 ** 20)
    // Stopped at the first output chunk past the limit, not at the end of the stream.
    expect(refused.found).toBeLessThan(16 * 2 ** 20)
  })

  it.each([0, -1, Number.NaN, 1.5, '100'])(
    'refuses maxCompressionRatio %s with ERR_SMIME_INVALID_INPUT',
    async (value) => {
      const options = { maxCompressionRatio: value as number }
      await expect(decompressData(compressed.entity, options)).rejects.toMatchObject({
        code: 'ERR_SMIME_INVALID_INPUT',
      })
    },
  )
})

describe('a runtime without CompressionStream and DecompressionStream', () => {
  it('refuses to compress or decompress with ERR_SMIME_UNSUPPORTED_ALGORITHM naming zlib', async () => {
    const saved = {
      CompressionStream: globalThis.CompressionStream,
      DecompressionStream: globalThis.DecompressionStream,
    }
    const runtime = globalThis as unknown as Record<string, unknown>
    runtime.CompressionStream = undefined
    runtime.DecompressionStream = undefined
    try {
      for (const attempt of [decompressData(compressed.entity), compressData(new Uint8Array(8))]) {
        const error = await attempt.catch((e: unknown) => e)
        expect(error).toBeInstanceOf(SmimeUnsupportedAlgorithmError)
        expect((error as SmimeUnsupportedAlgorithmError).algorithm).toBe(
          '1.2.840.113549.1.9.16.3.8',
        )
      }
    } finally {
      Object.assign(globalThis, saved)
    }
  })
})

describe('compressData', () => {
  it('writes CompressedData that decompressData reads back', async () => {
    const content = new TextEncoder().encode(compressed.entityText)
    const p7z = await compressData(content)
    expect(p7z.length).toBeLessThan(content.length / 5)
    const read = await decompressData(p7z)
    expect(text(read.content)).toBe(compressed.entityText)
    expect(read.contentType).toBe('1.2.840.113549.1.7.1')
  })

  it('keeps the content type it is given, and empty content', async () => {
    const p7z = await compressData(new Uint8Array(0), { contentType: '1.2.840.113549.1.7.2' })
    const read = await decompressData(p7z)
    expect(read.content.length).toBe(0)
    expect(read.contentType).toBe('1.2.840.113549.1.7.2')
  })

  it('refuses content that is not a Uint8Array with ERR_SMIME_INVALID_INPUT', async () => {
    await expect(compressData('text' as unknown as Uint8Array)).rejects.toMatchObject({
      code: 'ERR_SMIME_INVALID_INPUT',
    })
  })
})
