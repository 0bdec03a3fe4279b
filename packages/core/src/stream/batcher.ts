// Gathers stream pieces into batches for WebCrypto: one call per batch, since each call costs a
// copy of its input and a trip to the crypto thread, and ciphers need whole blocks.

/** 1 MiB: WebCrypto's per-call cost is lost in it, and it is small beside any memory budget. */
export const BATCH_BYTES: number = 1024 * 1024

/** A cipher fed in pieces: each call returns what it can already release, in order. */
export interface ContentTransform {
  update(data: Uint8Array): Promise<Uint8Array[]>
  /** The rest; for AEAD decryption `tag` is the expected tag, checked here. */
  finish(tag?: Uint8Array): Promise<Uint8Array[]>
}

/**
 * Cuts pieces into batches of `BATCH_BYTES`, a multiple of `unit`; the rest waits. Each batch
 * is a view of a buffer with `spare` bytes free after it, for a caller that appends a block.
 */
export class Batcher {
  private buffer: Uint8Array
  private filled = 0

  constructor(
    private readonly unit: number,
    private readonly spare = 0,
  ) {
    if (BATCH_BYTES % unit !== 0) throw new RangeError('batch size not a multiple of the unit')
    this.buffer = new Uint8Array(BATCH_BYTES + spare)
  }

  /** The full batches `data` completes (each a fresh array, which the caller keeps). */
  push(data: Uint8Array): Uint8Array[] {
    return this.cut(data, (batch) => {
      this.buffer = new Uint8Array(BATCH_BYTES + this.spare)
      return batch
    })
  }

  /**
   * `use` applied to each full batch that `data` completes, in order; its results. For a
   * consumer done with a batch when `use` returns (a synchronous cipher): the batches are views
   * of one buffer, filled again for the next, so streaming makes no garbage here.
   */
  each<T>(data: Uint8Array, use: (batch: Uint8Array) => T): T[] {
    return this.cut(data, use)
  }

  private cut<T>(data: Uint8Array, full: (batch: Uint8Array) => T): T[] {
    const out: T[] = []
    let i = 0
    while (i < data.length) {
      const n = Math.min(BATCH_BYTES - this.filled, data.length - i)
      this.buffer.set(data.subarray(i, i + n), this.filled)
      this.filled += n
      i += n
      if (this.filled === BATCH_BYTES) {
        out.push(full(this.buffer.subarray(0, BATCH_BYTES)))
        this.filled = 0
      }
    }
    return out
  }

  /** What is left (shorter than a batch), which ends the input. */
  rest(): Uint8Array {
    const out = this.buffer.subarray(0, this.filled)
    this.filled = 0
    return out
  }
}
