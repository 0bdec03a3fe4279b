import { describe, expect, it } from 'vitest'
import { digestBytes } from '../../src/lib/bytes.js'
import { digestInPlace } from '../../src/lib/runtime.js'

// Large content is hashed in place where the runtime has a streaming hash (Node), with WebCrypto
// elsewhere (browsers); both must give WebCrypto's answer.
const large = Uint8Array.from({ length: 3 * 1024 * 1024 + 5 }, (_, i) => (i * 2654435761) >>> 24)

// Node (20.16+) offers its streaming hash through process.getBuiltinModule; browsers do not.
const nodeLike =
  typeof (globalThis as { process?: { getBuiltinModule?: unknown } }).process?.getBuiltinModule ===
  'function'

describe('digestBytes', () => {
  it.each(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'])(
    '%s of 3 MiB equals WebCrypto',
    async (name) => {
      const expected = new Uint8Array(await crypto.subtle.digest(name, large))
      expect(await digestBytes(name, large)).toEqual(expected)
      // A view into a larger buffer hashes only its own bytes.
      const view = large.subarray(7, large.length - 3)
      expect(await digestBytes(name, view)).toEqual(
        new Uint8Array(await crypto.subtle.digest(name, view.slice())),
      )
    },
  )

  it('is in place exactly where the runtime offers a streaming hash', async () => {
    const pause = (): Promise<void> => Promise.resolve()
    expect((await digestInPlace('SHA-256', large, 1 << 20, pause)) !== undefined).toBe(nodeLike)
    expect(await digestInPlace('MD5', large, 1 << 20, pause)).toBeUndefined()
  })

  it('hashes in chunks with a pause between them, to the same digest', async () => {
    let pauses = 0
    const pause = async (): Promise<void> => {
      pauses++
    }
    const inPlace = await digestInPlace('SHA-256', large, 1_000_003, pause)
    // Without a streaming hash WebCrypto is the only path, and nothing is hashed here.
    if (!nodeLike) return expect(inPlace).toBeUndefined()
    expect(inPlace).toEqual(new Uint8Array(await crypto.subtle.digest('SHA-256', large)))
    expect(pauses).toBe(Math.ceil(large.length / 1_000_003) - 1)
  })
})
