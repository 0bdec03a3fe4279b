// Garbage, truncated, over-long and mutated inputs must end in a PkiError with a stable code:
// never another exception, never a hang. fast-check drives random and mutated real inputs.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  Certificate,
  PkiError,
  readCertificates,
  readPkcs12,
  readPrivateKey,
  trustAnchorWithFingerprint,
} from '@siegel/pki'
import { fixture, PASSWORD } from '../fixtures/openssl-fixtures.js'

/** Runs `parse` and accepts success or a PkiError; anything else fails the property. */
async function onlyPkiErrors(parse: () => unknown): Promise<void> {
  try {
    await parse()
  } catch (error) {
    if (!(error instanceof PkiError)) throw error
    expect(error.code).toMatch(/^ERR_PKI_/)
  }
}

/** A real file with a few bytes changed, cut short, or with bytes inserted. */
function mutated(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
  const flip = fc
    .array(fc.tuple(fc.nat({ max: seed.length - 1 }), fc.integer({ min: 1, max: 255 })), {
      minLength: 1,
      maxLength: 4,
    })
    .map((changes) => {
      const out = seed.slice()
      for (const [at, xor] of changes) out[at] = out[at]! ^ xor
      return out
    })
  const truncate = fc.nat({ max: seed.length - 1 }).map((n) => seed.slice(0, n))
  const insert = fc
    .tuple(fc.nat({ max: seed.length }), fc.uint8Array({ minLength: 1, maxLength: 8 }))
    .map(([at, bytes]) => new Uint8Array([...seed.subarray(0, at), ...bytes, ...seed.subarray(at)]))
  return fc.oneof(flip, truncate, insert)
}

const random = fc.uint8Array({ maxLength: 512 })
const startsLikeDer = fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array([0x30, ...b]))

describe('bad input gives a PkiError, never a crash', () => {
  it('Certificate.from and readCertificates: random, DER-looking and mutated certificates', async () => {
    const cert = fixture('full.der')
    const bundle = fixture('chain.p7b')
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(random, startsLikeDer, mutated(cert), mutated(bundle)),
        async (input) => {
          await onlyPkiErrors(() => Certificate.from(input))
          await onlyPkiErrors(() => readCertificates(input))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('readPrivateKey: random bytes, mutated PKCS#8, SEC1, PKCS#1 and encrypted keys', async () => {
    const seeds = [
      'rsa.pkcs8.der',
      'ec-P-256.sec1.der',
      'rsa.pkcs1.der',
      'rsa.pbes2-aes128-sha1.der',
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(random, startsLikeDer, ...seeds.map((s) => mutated(fixture(s)))),
        async (input) => {
          await onlyPkiErrors(() => readPrivateKey(input, { password: PASSWORD }))
        },
      ),
      { numRuns: 150 },
    )
  })

  it('readPkcs12: random bytes and mutated modern and legacy files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          random,
          startsLikeDer,
          mutated(fixture('modern.p12')),
          mutated(fixture('legacy.p12')),
        ),
        async (input) => {
          await onlyPkiErrors(() => readPkcs12(input, PASSWORD))
        },
      ),
      { numRuns: 60 },
    )
  })

  it('PEM text with broken base64 or labels', async () => {
    const pemText = fc
      .tuple(
        fc.constantFrom('CERTIFICATE', 'PRIVATE KEY', 'PKCS12', 'PKCS7', 'X'),
        fc.string({ maxLength: 200 }),
      )
      .map(([label, body]) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`)
    await fc.assert(
      fc.asyncProperty(fc.oneof(pemText, fc.string({ maxLength: 200 })), async (text) => {
        await onlyPkiErrors(() => Certificate.from(text))
        await onlyPkiErrors(() => readCertificates(text))
        await onlyPkiErrors(() => readPrivateKey(text))
        await onlyPkiErrors(() => readPkcs12(text, ''))
        await onlyPkiErrors(() => trustAnchorWithFingerprint(text, '00'.repeat(32)))
      }),
      { numRuns: 200 },
    )
  })

  it('stops at deep nesting and absurd lengths with typed errors', async () => {
    const deep = new Uint8Array(4000)
    for (let i = 0; i < deep.length; i += 2) deep.set([0x30, 0x80], i)
    const huge = Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00)
    for (const input of [deep, huge]) {
      expect(() => Certificate.from(input)).toThrow(PkiError)
      await expect(readPrivateKey(input)).rejects.toBeInstanceOf(PkiError)
      await expect(readPkcs12(input, '')).rejects.toBeInstanceOf(PkiError)
    }
  })

  it('rejects inputs of the wrong type with ERR_PKI_INVALID_INPUT', async () => {
    for (const input of [42, null, undefined, {}, [1, 2]] as unknown as string[]) {
      expect(() => Certificate.from(input)).toThrow(
        expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
      )
      expect(() => readCertificates(input)).toThrow(
        expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
      )
      await expect(readPrivateKey(input)).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_INPUT' })
      await expect(readPkcs12(input, '')).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_INPUT' })
    }
  })
})
