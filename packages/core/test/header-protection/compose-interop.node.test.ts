// Header protection must not break readers that know nothing of it (RFC 9788 §1): every
// message protectMessage writes, for every policy and kind of protection, is verified and
// decrypted by `openssl cms` and by gpgsm, and what they hand back carries the protected
// header section.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseMessage } from '@siegel/mime'
import { testPkiDir } from '../fixtures/test-pki.js'
import { gpgsmHome } from '../gpgsm.js'
import { root } from '../helpers.js'
import { openssl, scratch } from '../openssl.js'
import { compose, kinds, policies, type Kind } from './compose-cases.js'

const pki = (name: string): string => `${testPkiDir}${name}`
const latin1 = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes)
const fingerprint = (await root.fingerprint('SHA-1')).replaceAll(':', '')
const gpgsm = gpgsmHome(fingerprint, [pki('root.pem'), pki('intermediate.pem'), pki('alice.pem')])
beforeAll(() => gpgsm.importKey(pki('alice.pem'), pki('alice.key.pem')))
afterAll(() => gpgsm.close())

const cases = kinds.flatMap((kind) => policies.map((policy) => [kind, policy] as const))
const HP = (kind: Kind): string => (kind === 'signed' ? 'hp="clear"' : 'hp="cipher"')

/** The DER of an application/pkcs7-mime entity's base64 body. */
function der(entity: Uint8Array): Uint8Array {
  const text = latin1(entity)
  const body = text.slice(text.indexOf('\r\n\r\n') + 4)
  return Uint8Array.from(atob(body.replace(/\s+/g, '')), (c) => c.charCodeAt(0))
}

describe('openssl cms reads header-protected messages', () => {
  it.each(cases)('%s, %s', async (kind, policy) => {
    const dir = scratch()
    let signed = await compose(kind, policy)
    if (kind !== 'signed') {
      const decrypted = openssl([
        ...['cms', '-decrypt', '-inform', 'SMIME', '-in', dir.write('in.eml', signed)],
        ...['-recip', pki('bob.pem'), '-inkey', pki('bob.key.pem')],
      ])
      expect(decrypted.ok, decrypted.stderr).toBe(true)
      signed = new Uint8Array(decrypted.stdout)
      if (kind === 'encrypted') {
        expect(latin1(signed)).toContain(HP(kind))
        expect(latin1(signed)).toContain('Subject: =?UTF-8?Q?Bescheid')
        return
      }
    }
    const verified = openssl([
      ...['cms', '-verify', '-inform', 'SMIME', '-in', dir.write('signed.eml', signed)],
      ...['-CAfile', pki('root.pem'), '-purpose', 'smimesign'],
    ])
    expect(verified.ok, verified.stderr).toBe(true)
    expect(verified.stderr).toContain('Verification successful')
    expect(latin1(verified.stdout)).toContain(HP(kind))
    expect(latin1(verified.stdout)).toContain('Subject: =?UTF-8?Q?Bescheid')
  })
})

describe('gpgsm reads header-protected messages', () => {
  it.each(cases)('%s, %s', async (kind, policy) => {
    const dir = scratch()
    let signed = await compose(kind, policy)
    if (kind !== 'signed') {
      const decrypted = gpgsm.run(
        [
          ...['--passphrase-fd', '0', '--decrypt', '--output', dir.path('out.eml')],
          dir.write('in.p7m', der(signed)),
        ],
        'test\n',
      )
      expect(decrypted.ok, decrypted.stderr).toBe(true)
      signed = dir.read('out.eml')
      expect(latin1(signed)).toContain(kind === 'encrypted' ? HP(kind) : 'multipart/signed')
      if (kind === 'encrypted') return
    }
    // The detached signature covers the first part's bytes exactly as they travel.
    const tree = parseMessage(signed)
    const result = gpgsm.run([
      '--verify',
      dir.write('sig.p7s', tree.children[1]!.content),
      dir.write('content', tree.children[0]!.raw),
    ])
    expect(result.status).toContain('[GNUPG:] GOODSIG')
    expect(result.ok).toBe(true)
    expect(latin1(tree.children[0]!.raw)).toContain(HP(kind))
  })
})
