// Pulls bytes from a stream in the amounts a parser asks for: exactly n (a DER header, a
// recipient list) or whatever has arrived (content). Only what was asked for is held.
import { SmimeError, SmimeLimitExceededError } from '../errors.js'
import { concatBytes } from '../lib/bytes.js'

const EMPTY = new Uint8Array(0)

/** The error for input that stopped before its end. */
export function truncated(what: string): SmimeError {
  return new SmimeError('ERR_SMIME_TRUNCATED', `the input ended inside ${what}`)
}

/** Throws for a missing or misused stream argument (a string, a Uint8Array). */
export function requireStream(value: unknown): void {
  if (!value || typeof (value as { getReader?: unknown }).getReader !== 'function')
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected a ReadableStream of bytes')
}

/**
 * The chunks of a byte stream as Uint8Array; cancels it when left early. An ArrayBuffer or
 * another view is taken as its bytes, without a copy: Node's `FileHandle.readableWebStream()`
 * gives ArrayBuffers.
 */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  requireStream(stream)
  const reader = stream.getReader()
  let finished = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      yield asBytes(value)
    }
    finished = true
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined)
    reader.releaseLock()
  }
}

function asBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk)
  if (ArrayBuffer.isView(chunk))
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  throw new SmimeError(
    'ERR_SMIME_INVALID_INPUT',
    'expected the stream to carry bytes (Uint8Array, ArrayBuffer or another view)',
  )
}

/** A byte source over chunks, with its position. */
export class ByteReader {
  private head: Uint8Array = EMPTY
  private ended = false
  /** Bytes handed out so far. */
  position = 0

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** Pulls until `n` bytes are held or the input ends; true if they are. */
  private async fill(n: number): Promise<boolean> {
    const parts = [this.head]
    let held = this.head.length
    while (held < n && !this.ended) {
      const next = await this.source.next()
      if (next.done) this.ended = true
      else {
        parts.push(next.value)
        held += next.value.length
      }
    }
    const filled = parts.filter((p) => p.length > 0)
    if (filled.length === 1) this.head = filled[0]!
    else if (filled.length > 1) this.head = concatBytes(filled)
    return held >= n
  }

  /** Exactly `n` bytes; `what` names them in the error when the input ends first. */
  async read(n: number, what: string): Promise<Uint8Array> {
    if (!(await this.fill(n))) throw truncated(what)
    const out = this.head.subarray(0, n)
    this.head = this.head.subarray(n)
    this.position += n
    return out
  }

  /** The next byte without taking it, or undefined at the end. */
  async peek(): Promise<number | undefined> {
    return (await this.fill(1)) ? this.head[0] : undefined
  }

  /** Up to `max` bytes of what has arrived (at least one), or undefined at the end. */
  async some(max: number): Promise<Uint8Array | undefined> {
    if (this.head.length === 0 && !(await this.fill(1))) return undefined
    const n = Math.min(max, this.head.length)
    const out = this.head.subarray(0, n)
    this.head = this.head.subarray(n)
    this.position += n
    return out
  }

  /**
   * The header block: every byte up to and including the empty line that ends it (RFC 5322
   * §2.1), at most `maxBytes`.
   */
  async headerBlock(maxBytes: number): Promise<Uint8Array> {
    for (let searched = 0; ;) {
      const end = blockEnd(this.head, searched)
      if (end >= 0) return this.read(end, 'the header block')
      searched = Math.max(0, this.head.length - 2)
      if (this.head.length > maxBytes)
        throw new SmimeLimitExceededError(
          'maxHeaderBytes',
          maxBytes,
          this.head.length,
          `expected the header block within ${maxBytes} bytes`,
        )
      if (!(await this.fill(this.head.length + 1))) throw truncated('the header block')
    }
  }

  /** Stops reading: the source is closed (a stream is cancelled). */
  async cancel(): Promise<void> {
    this.ended = true
    this.head = EMPTY
    await this.source.return?.(undefined)
  }

  /** The rest of the input as chunks, after what was read; left early, it stops the source. */
  async *rest(): AsyncGenerator<Uint8Array> {
    try {
      if (this.head.length > 0) {
        const head = this.head
        this.head = EMPTY
        this.position += head.length
        yield head
      }
      while (!this.ended) {
        const next = await this.source.next()
        if (next.done) this.ended = true
        else {
          this.position += next.value.length
          yield next.value
        }
      }
    } finally {
      if (!this.ended) await this.cancel()
    }
  }
}

/** Offset just past the empty line that ends a header block (CRLF CRLF or LF LF), or -1. */
function blockEnd(bytes: Uint8Array, from: number): number {
  if (from === 0 && bytes[0] === 0x0a) return 1
  if (from === 0 && bytes[0] === 0x0d && bytes[1] === 0x0a) return 2
  for (let lf = bytes.indexOf(0x0a, from); lf >= 0; lf = bytes.indexOf(0x0a, lf + 1)) {
    if (bytes[lf + 1] === 0x0a) return lf + 2
    if (bytes[lf + 1] === 0x0d && bytes[lf + 2] === 0x0a) return lf + 3
    if (lf + 2 >= bytes.length) return -1
  }
  return -1
}

/**
 * A `ReadableStream` that pulls from `source` only as the reader asks (backpressure), and stops
 * the source when the reader cancels.
 */
export function toReadable(source: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await source.next()
        if (next.done) controller.close()
        else controller.enqueue(next.value)
      },
      async cancel(reason) {
        await source.return(reason)
      },
    },
    { highWaterMark: 0 },
  )
}
