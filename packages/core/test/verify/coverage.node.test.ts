import { describe, expect, it } from 'vitest'
import { verifyMessage } from '@siegel/core'
import { testPkiDir } from '../fixtures/test-pki.js'
import { root } from '../helpers.js'
import { openssl, scratch } from '../openssl.js'

describe('verifyMessage compares signed header copies with the outer headers', () => {
  // OpenSSL signs its whole input as the entity, so headers inside it are signed copies.
  const sign = (outerSubject: string): Uint8Array => {
    const dir = scratch()
    const input = dir.write(
      'entity.eml',
      'From: alice@example.org\r\nSubject: Original\r\nContent-Type: text/plain\r\n\r\nPlease pay 100 EUR.\r\n',
    )
    const args = [
      'cms',
      '-sign',
      '-in',
      input,
      '-signer',
      `${testPkiDir}alice.pem`,
      '-inkey',
      `${testPkiDir}alice.key.pem`,
    ]
    args.push(
      '-certfile',
      `${testPkiDir}intermediate.pem`,
      '-from',
      'alice@example.org',
      '-subject',
      outerSubject,
      '-out',
      dir.path('out.eml'),
    )
    expect(openssl(args).ok).toBe(true)
    return dir.read('out.eml')
  }

  it('has no warning when they agree', async () => {
    const result = await verifyMessage(sign('Original'), { trustAnchors: [root] })
    expect(result.status).toBe('valid')
    expect(result.coverage.warnings).toEqual([])
  })

  it('warns with HEADER_MISMATCH when the outer Subject was changed', async () => {
    const result = await verifyMessage(sign('Urgent: new bank details'), { trustAnchors: [root] })
    expect(result.signers[0]!.signature.valid).toBe(true)
    expect(result.coverage.warnings).toEqual([
      expect.objectContaining({
        code: 'HEADER_MISMATCH',
        message: expect.stringContaining('subject'),
      }),
    ])
  })
})
