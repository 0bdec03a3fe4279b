// Byte-level helpers and edits shared by the mutators.
import { concat } from './der.mjs'

export const latin1 = (bytes) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
export const fromLatin1 = (s) => new Uint8Array(Buffer.from(s, 'latin1'))

const INTERESTING_BYTES = [
  0x00, 0x0a, 0x0d, 0x20, 0x3a, 0x2d, 0x3d, 0x7f, 0x80, 0xff, 0x30, 0x22, 0x3b, 0x09,
]

/** Plain byte edits: flips, interesting values, insertions, deletions, repeats, truncation. */
export function mutateBytes(input, rng) {
  let bytes = input.slice()
  const edits = rng.range(1, 4)
  for (let e = 0; e < edits; e++) {
    const at = rng.below(bytes.length + 1)
    switch (rng.below(7)) {
      case 0:
        if (at < bytes.length) bytes[at] ^= 1 << rng.below(8)
        break
      case 1:
        if (at < bytes.length) bytes[at] = rng.pick(INTERESTING_BYTES)
        break
      case 2:
        bytes = join(bytes.subarray(0, at), rng.bytes(rng.range(1, 8)), bytes.subarray(at))
        break
      case 3:
        bytes = join(
          bytes.subarray(0, at),
          bytes.subarray(Math.min(bytes.length, at + rng.range(1, 64))),
        )
        break
      case 4: {
        // a chunk repeated, sometimes many times
        const len = rng.range(1, 64)
        const chunk = bytes.subarray(at, at + len)
        const times = rng.chance(0.1) ? rng.range(50, 2000) : rng.range(1, 4)
        bytes = join(bytes.subarray(0, at), ...Array(times).fill(chunk), bytes.subarray(at))
        break
      }
      case 5:
        bytes = bytes.subarray(0, at)
        break
      default:
        if (at < bytes.length) bytes[at] = rng.below(256)
    }
  }
  return bytes
}

export const join = (...pieces) => concat(pieces)

export const toBase64 = (bytes) => Buffer.from(bytes).toString('base64')
/** Strict base64 (padding only at the end), else undefined. */
export function fromBase64(text) {
  const compact = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined
  return new Uint8Array(Buffer.from(compact, 'base64'))
}
