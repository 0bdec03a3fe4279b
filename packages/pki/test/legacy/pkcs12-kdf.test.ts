// The iterated digests of the PKCS#12 KDF and PBKDF1 run on the compression function of
// @noble/hashes directly (hash.ts `rehash`). They must equal plain repeated hashing, for every
// digest the derivations use, and the KDF must equal RFC 7292 appendix B.2 written out plainly.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { md5, sha1 } from '@noble/hashes/legacy.js'
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js'
import { hash, loadHashes, type HashName } from '../../src/lib/hash.js'
import { pkcs12Kdf, pkcs12KdfWork } from '../../src/lib/legacy/pkcs12-kdf.js'

// SHA-2 is loaded on demand; the readers await it, these direct tests do so here.
await loadHashes()

const NOBLE = { MD5: md5, 'SHA-1': sha1, 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 }
const NAMES = Object.keys(NOBLE) as HashName[]

/** RFC 7292 appendix B.2, step by step, with a fresh digest per round. */
function plainKdf(
  name: HashName,
  password: Uint8Array,
  salt: Uint8Array,
  r: number,
  id: number,
  n: number,
): Uint8Array {
  const h = NOBLE[name]
  const [u, v] = [h.outputLen, h.blockLen]
  const fill = (s: Uint8Array): number[] =>
    Array.from({ length: v * Math.ceil(s.length / v) }, (_, k) => s[k % s.length]!)
  const i = [...fill(salt), ...fill(password)]
  const out: number[] = []
  while (out.length < n) {
    let a = h(new Uint8Array([...new Array<number>(v).fill(id), ...i]))
    for (let round = 1; round < r; round++) a = h(a)
    out.push(...a)
    for (let j = 0; j < i.length; j += v) {
      let carry = 1
      for (let k = v - 1; k >= 0; k--) {
        const sum = i[j + k]! + a[k % u]! + carry
        i[j + k] = sum & 0xff
        carry = sum >> 8
      }
    }
  }
  return new Uint8Array(out.slice(0, n))
}

describe('rehash: H^count(digest) on the compression function', () => {
  it.each(NAMES)('%s equals hashing the digest again and again', (name) => {
    const h = NOBLE[name]
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: h.outputLen, maxLength: h.outputLen }),
        fc.nat({ max: 40 }),
        (digest, count) => {
          let expected = digest
          for (let k = 0; k < count; k++) expected = h(expected)
          expect(hash(name).rehash(digest, count)).toEqual(expected)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('refuses an input that is no digest of the hash', () => {
    expect(() => hash('SHA-1').rehash(new Uint8Array(32), 1)).toThrow(RangeError)
  })
})

describe('pkcs12Kdf', () => {
  it.each(['SHA-1', 'SHA-256', 'SHA-512'] as const)(
    'equals RFC 7292 appendix B.2 written out plainly (%s, several output blocks)',
    (name) => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 70 }),
          fc.uint8Array({ minLength: 1, maxLength: 20 }),
          fc.integer({ min: 1, max: 30 }),
          fc.constantFrom(1, 2, 3),
          fc.integer({ min: 1, max: 150 }),
          (password, salt, iterations, id, length) => {
            expect(pkcs12Kdf(hash(name), password, salt, iterations, id, length)).toEqual(
              plainKdf(name, password, salt, iterations, id, length),
            )
          },
        ),
        { numRuns: 40 },
      )
    },
  )

  it('prices one chain of iterations per output block', () => {
    expect(pkcs12KdfWork(20, 2048, 24)).toBe(2 * 2048) // a 3DES key from SHA-1
    expect(pkcs12KdfWork(20, 2048, 8)).toBe(2048) // its IV
    expect(pkcs12KdfWork(32, 1000, 32)).toBe(1000) // a SHA-256 MAC key
  })
})
