// Helpers for the streaming tests: input split into pieces of chosen sizes, output collected.

/** A stream of `bytes` cut into pieces of `size` bytes, or of random sizes up to `size`. */
export function streamOf(
  bytes: Uint8Array | string,
  size: number,
  random = false,
): ReadableStream<Uint8Array> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
  let at = 0
  let seed = size * 2654435761
  const next = (): number => {
    if (!random) return size
    seed = (seed * 1103515245 + 12345) >>> 0
    return 1 + (seed % size)
  }
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= data.length) return controller.close()
      const end = Math.min(data.length, at + next())
      // A copy: the consumer may keep or reuse what it gets.
      controller.enqueue(data.slice(at, end))
      at = end
    },
  })
}

/** Everything a stream yields, joined. */
export async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parts.push(value)
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** The edges the tests cut every input at: single bytes, odd small pieces, and 64 KiB. */
export const CHUNK_SIZES: readonly number[] = [1, 7, 65536]

/**
 * WebCrypto whose getRandomValues is a fixed pseudo-random sequence: two calls that draw the
 * same values (content key, IV, boundary) write the same bytes.
 */
export function seededCrypto(seed: number): Crypto {
  return {
    subtle: globalThis.crypto.subtle,
    getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
      const bytes = new Uint8Array(array!.buffer, array!.byteOffset, array!.byteLength)
      for (let i = 0; i < bytes.length; i++) bytes[i] = seed = (seed * 48271) % 2147483647
      return array
    },
    randomUUID: () => globalThis.crypto.randomUUID(),
  } as Crypto
}
