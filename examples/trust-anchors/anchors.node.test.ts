import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { signMessage } from '@siegel/core'
import { Certificate, importPrivateKey } from '@siegel/pki'
// @ts-expect-error: the example is plain JavaScript without declarations
import { verifyWithConstrainedAnchors } from './anchors.mjs'

const pki = (name: string): string =>
  readFileSync(
    fileURLToPath(new URL(`../../packages/core/test/fixtures/test-pki/${name}`, import.meta.url)),
    'utf8',
  )

describe('trust anchors with constraints (docs/guides/trust.md)', () => {
  it('trusts a path within the anchor’s path length, and reports the configured anchor', async () => {
    const signed = await signMessage('From: alice@example.org\r\nSubject: x\r\n\r\nhello\r\n', {
      certificate: pki('alice.pem'),
      privateKey: await importPrivateKey(pki('alice.key.pem')),
      chain: [pki('intermediate.pem')],
    })
    const root = Certificate.from(pki('root.pem'))
    const result = await verifyWithConstrainedAnchors(signed, { pca: root, pinned: root })
    expect(result.status).toBe('valid')
    expect(result.signers[0].chain).toMatchObject({ trusted: true, anchor: root })
    // The intermediate as the pinned key: the path ends at the key, without the root.
    const intermediate = Certificate.from(pki('intermediate.pem'))
    const pinned = await verifyWithConstrainedAnchors(signed, { pca: root, pinned: intermediate })
    expect(pinned.status).toBe('valid')
  })
})
