// Damaged input never crashes or hangs the streaming readers: every run ends in a result or in
// a typed error (SmimeError, MimeError or PkiError with its code), never a bare Error.
import { describe, expect, it } from 'vitest'
import { Certificate, PkiError, readPrivateKey } from '@siegel/pki'
import {
  decryptStream,
  encryptStream,
  MimeError,
  signStream,
  SmimeError,
  verifyStream,
} from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { signer } from '../helpers.js'
import { collect, streamOf } from './streams.js'

const root = Certificate.from(testPki.root)
const trust = { trustAnchors: [root], intermediates: [Certificate.from(testPki.intermediate)] }
const message =
  'From: alice@example.org\r\nSubject: fuzz\r\nContent-Type: text/plain\r\n\r\n' +
  'Some text of the message.\r\n'.repeat(300)

function typed(error: unknown): boolean {
  return (
    (error instanceof SmimeError || error instanceof MimeError || error instanceof PkiError) &&
    typeof (error as { code?: unknown }).code === 'string'
  )
}

/** `bytes` with a few bytes changed, a piece cut out, or cut short, chosen by `seed`. */
function damage(bytes: Uint8Array, seed: number): Uint8Array {
  const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0)
  const out = bytes.slice()
  switch (next() % 3) {
    case 0:
      for (let i = 0; i < 1 + (next() % 4); i++) out[next() % out.length] = next() & 0xff
      return out
    case 1: {
      const at = next() % out.length
      return new Uint8Array([...out.subarray(0, at), ...out.subarray(at + 1 + (next() % 200))])
    }
    default:
      return out.subarray(0, next() % out.length)
  }
}

describe('damaged input to the streaming readers', () => {
  it('decryptStream: a result or a typed error, for 150 damaged messages', async () => {
    const me = { certificate: testPki.alice, privateKey: await readPrivateKey(testPki.aliceKey) }
    for (const contentEncryption of ['AES-256-GCM', 'AES-128-CBC'] as const) {
      const good = await collect(
        await encryptStream(streamOf(message, 4096), [Certificate.from(testPki.alice)], {
          contentEncryption,
          ...trust,
        }),
      )
      for (let seed = 1; seed <= 75; seed++) {
        try {
          const opened = await decryptStream(streamOf(damage(good, seed), 1 + (seed % 97)), me)
          await collect(opened.content)
        } catch (error) {
          expect(typed(error), String(error)).toBe(true)
        }
      }
    }
  })

  it('verifyStream: a verdict or a typed error, for 150 damaged messages', async () => {
    const good = await collect(await signStream(streamOf(message, 4096), await signer('alice')))
    for (let seed = 1; seed <= 150; seed++) {
      try {
        const result = await verifyStream(streamOf(damage(good, seed), 1 + (seed % 97)), {
          trustAnchors: [root],
        })
        expect(['valid', 'invalid', 'untrusted', 'unknown-signer']).toContain(result.status)
      } catch (error) {
        expect(typed(error), String(error)).toBe(true)
      }
    }
  })
})
