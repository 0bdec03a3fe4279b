import { afterAll, describe, expect, it } from 'vitest'
import { Certificate, importPrivateKey, type ImportPrivateKeyOptions } from '@siegel/pki'
import { signData, verifyData } from '@siegel/core'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'
import { gpgsmHome } from '../gpgsm.js'
import { root } from '../helpers.js'
import { scratch } from '../openssl.js'

const content = new TextEncoder().encode(
  'Content-Type: text/plain\r\n\r\nGrüße aus dem Landratsamt.\r\n',
)
const fingerprint = (await root.fingerprint('SHA-1')).replaceAll(':', '')
const gpgsm = gpgsmHome(fingerprint, [`${testPkiDir}root.pem`, `${testPkiDir}intermediate.pem`])
afterAll(() => gpgsm.close())

describe('gpgsm verifies Siegel signatures', () => {
  it.each([
    ['RSA PKCS#1 v1.5 SHA-256', 'alice', {}],
    ['RSA PKCS#1 v1.5 SHA-512', 'alice', { hash: 'SHA-512' }],
    ['RSA-PSS SHA-256', 'alice', { rsaScheme: 'pss' }],
    ['ECDSA P-256', 'bob', {}],
    ['ECDSA P-384', 'dave', {}],
  ] as const)('%s', async (_, user, keyOptions: ImportPrivateKeyOptions) => {
    const signature = await signData(content, {
      certificate: testPki[user],
      privateKey: await importPrivateKey(testPki[`${user}Key`], keyOptions),
      chain: [testPki.intermediate],
    })
    const dir = scratch()
    const result = gpgsm.run([
      '--verify',
      dir.write('sig.p7s', signature),
      dir.write('content', content),
    ])
    expect(result.status).toContain('[GNUPG:] GOODSIG')
    expect(result.status).toContain('[GNUPG:] TRUST_FULLY')
    expect(result.ok).toBe(true)
  })
})

describe('Siegel verifies gpgsm signatures', () => {
  it('RSA (a key imported from a PKCS#12 file)', async () => {
    const dir = scratch()
    gpgsm.importKey(`${testPkiDir}alice.pem`, `${testPkiDir}alice.key.pem`)
    const input = dir.write('content', content)
    const signed = gpgsm.run(
      [
        '--passphrase-fd',
        '0',
        '-u',
        'alice@example.org',
        '--detach-sign',
        '--output',
        dir.path('sig.p7s'),
        input,
      ],
      'test\n',
    )
    expect(signed.ok).toBe(true)
    const result = await verifyData(dir.read('sig.p7s'), {
      content,
      trustAnchors: [root],
      certificates: [Certificate.from(testPki.intermediate)],
    })
    expect(result.status).toBe('valid')
    expect(result.signers[0]!.certificate?.emailAddresses).toEqual(['alice@example.org'])
  })
})
