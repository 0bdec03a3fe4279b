import { describe, expect, it } from 'vitest'
import { Batcher, BATCH_BYTES } from '../../src/stream/batcher.js'
import { runtimeCbc } from '../../src/lib/runtime.js'

/** Pieces of `total` pseudo-random bytes, cut at pseudo-random lengths up to `max`. */
function pieces(total: number, max: number): Uint8Array[] {
  const out: Uint8Array[] = []
  let seed = 7
  for (let done = 0; done < total;) {
    seed = (seed * 1103515245 + 12345) >>> 0
    const piece = new Uint8Array(Math.min(total - done, 1 + (seed % max)))
    for (let i = 0; i < piece.length; i++) piece[i] = (done + i) * 31
    out.push(piece)
    done += piece.length
  }
  return out
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

describe('Batcher', () => {
  const input = pieces(BATCH_BYTES * 3 + 100, 300_000)

  it('cuts the same batches with push (fresh arrays) and each (one buffer, reused)', () => {
    const fresh = new Batcher(16)
    const kept = input.flatMap((piece) => fresh.push(piece))
    const reusing = new Batcher(16)
    const seen: Uint8Array[] = []
    const buffers = new Set<ArrayBufferLike>()
    for (const piece of input)
      reusing.each(piece, (batch) => {
        buffers.add(batch.buffer)
        seen.push(batch.slice())
      })
    // Compared byte by byte here: a deep equality of 3 MiB takes seconds.
    expect(seen.map((b) => b.length)).toEqual(kept.map((b) => b.length))
    expect(seen.every((b, i) => sameBytes(b, kept[i]!))).toBe(true)
    expect(kept).toHaveLength(3)
    expect(new Set(kept.map((b) => b.buffer)).size).toBe(3)
    // each makes no new buffer per batch: the stream's garbage is the cipher's output alone.
    expect(buffers.size).toBe(1)
    expect(reusing.rest()).toEqual(fresh.rest())
    expect(reusing.rest()).toHaveLength(0)
  })

  it('returns what `use` returns, in order', () => {
    const batcher = new Batcher(16)
    const firsts = input.flatMap((piece) => batcher.each(piece, (batch) => batch[0]))
    expect(firsts).toEqual([0, BATCH_BYTES, 2 * BATCH_BYTES].map((at) => (at * 31) & 0xff))
  })
})

describe('runtimeCbc output', () => {
  const cbc = runtimeCbc('encrypt', new Uint8Array(32).fill(1), new Uint8Array(16))

  it.runIf(cbc)('is a plain Uint8Array of its own, whose slice copies', () => {
    const out = cbc!.update(new Uint8Array(64))
    expect(out.constructor).toBe(Uint8Array)
    expect(out.buffer.byteLength).toBe(64)
    const copy = out.slice(0, 16)
    copy[0]! ^= 0xff
    expect(copy[0]).not.toBe(out[0])
    expect(cbc!.final()).toHaveLength(16)
  })
})
