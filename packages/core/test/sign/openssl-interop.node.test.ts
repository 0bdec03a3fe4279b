import { describe, expect, it } from 'vitest'
import { composeMessage } from '@siegel/mime'
import { Certificate, importPrivateKey } from '@siegel/pki'
import { signMessage, verifyMessage } from '@siegel/core'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'
import { openssl, scratch } from '../openssl.js'

const root = Certificate.from(testPki.root)
const pki = (name: string): string => `${testPkiDir}${name}`

const users = {
  'RSA 2048': {
    name: 'alice',
    from: 'alice@example.org',
    cert: testPki.alice,
    key: testPki.aliceKey,
  },
  'EC P-256': { name: 'bob', from: 'bob@example.org', cert: testPki.bob, key: testPki.bobKey },
} as const

describe.each(Object.entries(users))('OpenSSL interop, %s signer', (_, user) => {
  const signAsUser = async (): Promise<Uint8Array> =>
    signMessage(message, {
      certificate: user.cert,
      privateKey: await importPrivateKey(user.key),
      chain: [testPki.intermediate],
    })
  const signerArgs = ['-signer', pki(`${user.name}.pem`), '-inkey', pki(`${user.name}.key.pem`)]

  const message = composeMessage({
    from: user.from,
    to: 'office@example.de',
    subject: 'Grüße',
    text: 'Zeile eins\nZeile zwei mit Umlaut: ä\n\nFrom the start of a line.\n',
  })

  it('openssl cms -verify accepts what signMessage writes', async () => {
    const signed = await signAsUser()
    const dir = scratch()
    const input = dir.write('signed.eml', signed)
    const cms = openssl([
      'cms',
      '-verify',
      '-in',
      input,
      '-CAfile',
      pki('root.pem'),
      '-purpose',
      'smimesign',
      '-out',
      dir.path('content'),
    ])
    expect(cms.stderr).toContain('Verification successful')
    expect(cms.ok).toBe(true)
    const smime = openssl([
      'smime',
      '-verify',
      '-in',
      input,
      '-CAfile',
      pki('root.pem'),
      '-out',
      dir.path('content2'),
    ])
    expect(smime.ok).toBe(true)
    // What OpenSSL extracts as signed content is the entity we signed, byte for byte.
    expect(new TextDecoder().decode(dir.read('content'))).toMatch(
      /^Content-Type: text\/plain; charset=utf-8\r\n/,
    )
  })

  it('openssl cms -verify rejects it once the body is changed', async () => {
    const signed = await signAsUser()
    const tampered = new TextDecoder().decode(signed).replace('Zeile zwei', 'Zeile 2!!!')
    const dir = scratch()
    const result = openssl([
      'cms',
      '-verify',
      '-in',
      dir.write('signed.eml', tampered),
      '-CAfile',
      pki('root.pem'),
      '-out',
      dir.path('content'),
    ])
    expect(result.ok).toBe(false)
    expect(result.stderr).toMatch(/digest failure|verification failure/i)
  })

  it.each(['cms', 'smime'])(
    'verifyMessage accepts what openssl %s -sign writes',
    async (command) => {
      const dir = scratch()
      const entity = dir.write(
        'entity.txt',
        'Content-Type: text/plain; charset=us-ascii\n\nHello from OpenSSL.\nSecond line.\n',
      )
      const args = [
        command,
        '-sign',
        '-in',
        entity,
        ...signerArgs,
        '-certfile',
        pki('intermediate.pem'),
      ]
      args.push(
        '-from',
        user.from,
        '-to',
        'office@example.de',
        '-subject',
        'Signed by OpenSSL',
        '-out',
        dir.path('signed.eml'),
      )
      if (command === 'cms') args.push('-md', 'sha256')
      expect(openssl(args).ok).toBe(true)
      const result = await verifyMessage(dir.read('signed.eml'), { trustAnchors: [root] })
      expect(result.status).toBe('valid')
      expect(result.signers[0]!.certificate?.emailAddresses).toEqual([user.from])
      expect(result.signers[0]!.sender.matches).toBe(true)
    },
  )

  it('verifyMessage reports an OpenSSL signature over changed content as invalid', async () => {
    const dir = scratch()
    const entity = dir.write('entity.txt', 'Content-Type: text/plain\n\nPay 100 EUR.\n')
    const sign = openssl([
      'cms',
      '-sign',
      '-in',
      entity,
      ...signerArgs,
      '-from',
      user.from,
      '-out',
      dir.path('signed.eml'),
    ])
    expect(sign.ok).toBe(true)
    const tampered = new TextDecoder()
      .decode(dir.read('signed.eml'))
      .replace('Pay 100 EUR.', 'Pay 900 EUR.')
    const result = await verifyMessage(tampered, { trustAnchors: [root] })
    expect(result.status).toBe('invalid')
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_DIGEST_MISMATCH',
    })
  })
})
