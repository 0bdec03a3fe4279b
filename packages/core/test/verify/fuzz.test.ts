import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { composeMessage } from '@siegel/mime'
import {
  MimeError,
  PkiError,
  SmimeError,
  signData,
  signMessage,
  verifyData,
  verifyMessage,
} from '@siegel/core'
import { dec, root, signer } from '../helpers.js'

const typed = (error: unknown): boolean =>
  error instanceof SmimeError || error instanceof PkiError || error instanceof MimeError

describe('garbage and mutated CMS never crash verification', () => {
  it('verifyData answers mutated and truncated SignedData with a verdict or a typed error', async () => {
    const content = new TextEncoder().encode('Vertrag über 100 EUR')
    const der = await signData(content, await signer('bob'), { detached: false })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat(der.length),
        async (flips, cut) => {
          const mutated = der.slice(0, Math.max(cut, 1))
          for (const [at, mask] of flips) if (at < mutated.length) mutated[at] = mutated[at]! ^ mask
          try {
            const result = await verifyData(mutated, { trustAnchors: [root] })
            // A mutation may leave the signature intact (e.g. in an unsigned certificate byte it
            // breaks the chain), but never makes changed content valid.
            if (result.status === 'valid') expect(result.content).toEqual(content)
          } catch (error) {
            expect(typed(error), String(error)).toBe(true)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('verifyMessage answers random bytes in the signature part with a typed error', async () => {
    const signed = dec(
      await signMessage(
        composeMessage({ from: 'bob@example.org', text: 'x' }),
        await signer('bob'),
      ),
    )
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), async (noise) => {
        const base64 = btoa(String.fromCharCode(...noise))
        const forged = signed.replace(/(Signature\r\n\r\n)[A-Za-z0-9+/=\r\n]+/, `$1${base64}\r\n`)
        try {
          const result = await verifyMessage(forged, { trustAnchors: [root] })
          expect(result.status).not.toBe('valid')
        } catch (error) {
          expect(typed(error), String(error)).toBe(true)
        }
      }),
      { numRuns: 200 },
    )
  })
})
