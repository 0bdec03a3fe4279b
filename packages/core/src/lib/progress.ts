import { decodeBase64, encodeBase64 } from '@siegel/mime'
import { SmimeError } from '../errors.js'
import type { ProgressOptions, SmimeProgress } from '../progress.js'

/**
 * Work done between two yields to the event loop. 4 MiB of base64 or hashing takes roughly
 * 5-40 ms on a slow laptop core: short enough for a page to stay responsive (the browser counts
 * a task over 50 ms as a long task), long enough that yielding costs nothing noticeable.
 */
export const CHUNK_BYTES: number = 57 * 65536

/**
 * The longest stretch of work between two yields to the event loop, in milliseconds. A yield
 * costs a timer turn (about a millisecond in Node, more in a background tab), so a small message
 * must not pay one per phase: it finishes before the first is due. Well under the 50 ms a
 * browser counts as a long task.
 */
export const YIELD_INTERVAL_MS = 25

const now = (): number => globalThis.performance.now()

/** Tracks one operation: checks for cancellation, reports progress, yields between chunks. */
export class Progress {
  private readonly signal: AbortSignal | undefined
  private readonly onProgress: ((progress: SmimeProgress) => void) | undefined
  private lastYield = now()

  constructor(options: ProgressOptions | undefined) {
    const signal = options?.signal
    if (signal !== undefined && typeof signal?.aborted !== 'boolean')
      throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected signal to be an AbortSignal')
    const onProgress = options?.onProgress
    if (onProgress !== undefined && typeof onProgress !== 'function')
      throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected onProgress to be a function')
    this.signal = signal
    this.onProgress = onProgress
    this.check()
  }

  /** The options to hand on to an inner operation, so it reports and cancels the same way. */
  get options(): ProgressOptions {
    return {
      ...(this.signal ? { signal: this.signal } : {}),
      ...(this.onProgress ? { onProgress: this.onProgress } : {}),
    }
  }

  /** Throws `ERR_SMIME_ABORTED` once the signal is aborted. */
  check(): void {
    if (this.signal?.aborted) {
      throw new SmimeError('ERR_SMIME_ABORTED', 'the operation was aborted', {
        cause: this.signal.reason,
      })
    }
  }

  /**
   * Reports `done` of `total` in `phase`, lets the event loop run once the work since the last
   * yield has taken {@link YIELD_INTERVAL_MS}, and checks for abort.
   */
  async step(phase: string, done: number, total: number): Promise<void> {
    this.check()
    this.onProgress?.({ phase, done, total })
    if (now() - this.lastYield < YIELD_INTERVAL_MS) return
    await yieldToEventLoop()
    this.lastYield = now()
    this.check()
  }

  /**
   * Runs a synchronous step over `total` bytes as one chunk of `phase`, reported before and
   * after, with yields on both sides.
   */
  async run<T>(phase: string, total: number, work: () => T | Promise<T>): Promise<T> {
    await this.step(phase, 0, total)
    const result = await work()
    await this.step(phase, total, total)
    return result
  }
}

/**
 * Lets timers, input and rendering run. `setTimeout` rather than a microtask: promise callbacks
 * run before the browser gets a turn, so awaiting a resolved promise would not yield at all.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * {@link encodeBase64} with 76-character lines, one chunk of whole lines at a time with a yield
 * between chunks: the same bytes as one call, since every chunk but the last ends a line.
 */
export async function encodeBase64Chunked(
  pieces: readonly Uint8Array[],
  prefix: Uint8Array,
  progress: Progress,
): Promise<Uint8Array> {
  let total = 0
  for (const piece of pieces) total += piece.length
  if (total <= CHUNK_BYTES)
    return progress.run('encode', total, () => encodeBase64(pieces, { prefix }))
  // RFC 2045 §6.8: 57 bytes make one 76-character line, which ends in CRLF.
  const lines = Math.ceil(total / 57)
  const out = new Uint8Array(prefix.length + Math.ceil(total / 3) * 4 + lines * 2)
  out.set(prefix)
  let offset = prefix.length
  await progress.step('encode', 0, total)
  for (let start = 0; start < total; start += CHUNK_BYTES) {
    const end = Math.min(total, start + CHUNK_BYTES)
    const text = encodeBase64(slicePieces(pieces, start, end))
    out.set(text, offset)
    offset += text.length
    await progress.step('encode', end, total)
  }
  return out.subarray(0, offset)
}

/** Views of the bytes `[start, end)` of the concatenation of `pieces`, without copying. */
export function slicePieces(
  pieces: readonly Uint8Array[],
  start: number,
  end: number,
): Uint8Array[] {
  const views: Uint8Array[] = []
  let at = 0
  for (const piece of pieces) {
    const from = Math.max(start, at)
    const to = Math.min(end, at + piece.length)
    if (from < to) views.push(piece.subarray(from - at, to - at))
    at += piece.length
    if (at >= end) break
  }
  return views
}

/**
 * {@link decodeBase64} of a large body, one chunk of whole lines at a time with a yield between
 * chunks. A chunk boundary is safe where the decoder holds no bits: before it a multiple of four
 * base64 characters and no `=`. A chunk that does not show that (its output not whole groups of
 * three bytes, a cut-off group, an `=` before the end) sends the body to one call instead, so
 * the result is always that of one call.
 */
export async function decodeBase64Chunked(
  body: Uint8Array,
  progress: Progress,
): Promise<Uint8Array> {
  const total = body.length
  if (total <= CHUNK_BYTES) return progress.run('decode', total, () => decodeBase64(body).bytes)
  const out = new Uint8Array(Math.floor((total * 3) / 4) + 3)
  let offset = 0
  await progress.step('decode', 0, total)
  for (let start = 0; start < total;) {
    const lineEnd = body.indexOf(0x0a, start + CHUNK_BYTES)
    const end = lineEnd < 0 ? total : lineEnd + 1
    const chunk = body.subarray(start, end)
    const decoded = decodeBase64(chunk)
    const last = end === total
    if (!last && (decoded.truncated || decoded.bytes.length % 3 !== 0 || chunk.includes(0x3d)))
      return progress.run('decode', total, () => decodeBase64(body).bytes)
    out.set(decoded.bytes, offset)
    offset += decoded.bytes.length
    start = end
    await progress.step('decode', end, total)
  }
  return out.subarray(0, offset)
}
