import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { decryptMessage, encryptMessage, type ContentEncryption } from '@siegel/core'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'
import { openssl, scratch } from '../openssl.js'

const message =
  'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: secret\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\nThe meeting is at noon.\r\n'

function opensslEncrypt(args: readonly string[]): Uint8Array {
  const dir = scratch()
  const input = dir.write('msg.eml', message)
  const run = openssl(['cms', '-encrypt', '-in', input, '-outform', 'SMIME', ...args])
  expect(run.stderr).toBe('')
  expect(run.ok).toBe(true)
  return new Uint8Array(run.stdout)
}

const toHex = (bytes: Uint8Array): string =>
  [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
const keyIdentifier = Uint8Array.of(0x51, 0xe6, 0xe1)

// OpenSSL picks AES-128/192/256 key wrap by the length of -secretkey.
const KEKS: [string, number][] = [
  ['AES-128 wrap', 16],
  ['AES-192 wrap', 24],
  ['AES-256 wrap', 32],
]
const CONTENT: [string, string, boolean][] = [
  ['-aes-256-cbc', 'AES-256-CBC', false],
  ['-aes-256-gcm', 'AES-256-GCM', true],
  ['-aes-128-cbc', 'AES-128-CBC', false],
]
const matrix = KEKS.flatMap(([wrap, bytes]) =>
  CONTENT.map(([flag, name, authenticated]) => [wrap, bytes, flag, name, authenticated] as const),
)

describe('decryptMessage opens what openssl cms -encrypt -secretkey writes', () => {
  it.each(matrix)('%s (%i-byte KEK), %s content', async (_, bytes, flag, name, authenticated) => {
    const kek = globalThis.crypto.getRandomValues(new Uint8Array(bytes))
    const encrypted = opensslEncrypt([
      flag,
      '-secretkey',
      toHex(kek),
      '-secretkeyid',
      toHex(keyIdentifier),
    ])
    const result = await decryptMessage(encrypted, { kek, keyIdentifier })
    expect(new TextDecoder().decode(result.content)).toContain('The meeting is at noon.')
    expect(result.contentEncryption).toBe(name)
    expect(result.authenticated).toBe(authenticated)
    expect(result.recipient).toEqual({ kind: 'kek', keyIdentifier: '51e6e1' })

    const wrongKey = globalThis.crypto.getRandomValues(new Uint8Array(bytes))
    await expect(decryptMessage(encrypted, { kek: wrongKey, keyIdentifier })).rejects.toMatchObject(
      { code: 'ERR_SMIME_DECRYPTION_FAILED' },
    )
    const otherId = { kek, keyIdentifier: Uint8Array.of(1, 2, 3) }
    await expect(decryptMessage(encrypted, otherId)).rejects.toMatchObject({
      code: 'ERR_SMIME_NOT_A_RECIPIENT',
      recipients: [{ kind: 'kek', keyIdentifier: '51e6e1' }],
    })
  })
})

describe('decryptMessage opens what openssl cms -encrypt -pwri_password writes', () => {
  // OpenSSL 3.0 cannot put a GCM cipher inside id-alg-PWRI-KEK, so password mail is CBC.
  it.each([
    ['-aes-256-cbc', 'AES-256-CBC'],
    ['-aes-192-cbc', 'AES-192-CBC'],
    ['-aes-128-cbc', 'AES-128-CBC'],
    ['-des3', '3DES-CBC'],
  ])('%s content and key encryption', async (flag, name) => {
    const encrypted = opensslEncrypt([flag, '-pwri_password', 'hunter2 and more'])
    const result = await decryptMessage(encrypted, { password: 'hunter2 and more' })
    expect(result.contentEncryption).toBe(name)
    expect(new TextDecoder().decode(result.content)).toContain('The meeting is at noon.')
    await expect(decryptMessage(encrypted, { password: 'hunter3 and more' })).rejects.toMatchObject(
      { code: 'ERR_SMIME_DECRYPTION_FAILED' },
    )
  })
})

describe('a message to a certificate, a KEK and a password at once', () => {
  it('opens with each, and lists all three when none fits', async () => {
    const kek = globalThis.crypto.getRandomValues(new Uint8Array(32))
    const encrypted = opensslEncrypt([
      '-aes-256-cbc',
      '-recip',
      `${testPkiDir}alice.pem`,
      '-secretkey',
      toHex(kek),
      '-secretkeyid',
      toHex(keyIdentifier),
      '-pwri_password',
      'swordfish',
    ])
    const alice = { certificate: testPki.alice, privateKey: await readPrivateKey(testPki.aliceKey) }
    for (const identity of [alice, { kek, keyIdentifier }, { password: 'swordfish' }]) {
      const result = await decryptMessage(encrypted, identity)
      expect(new TextDecoder().decode(result.content)).toContain('The meeting is at noon.')
    }
    const bob = { certificate: testPki.bob, privateKey: await readPrivateKey(testPki.bobKey) }
    const error = await decryptMessage(encrypted, [
      bob,
      { kek, keyIdentifier: Uint8Array.of(9) },
    ]).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_SMIME_NOT_A_RECIPIENT' })
    const kinds = (error as { recipients: { kind: string }[] }).recipients.map((r) => r.kind)
    expect(kinds.sort()).toEqual(['issuerAndSerialNumber', 'kek', 'password'])
  })
})

function opensslDecrypt(encrypted: Uint8Array, args: readonly string[]): string {
  const dir = scratch()
  const input = dir.write('in.eml', encrypted)
  const run = openssl(['cms', '-decrypt', '-in', input, '-inform', 'SMIME', ...args])
  expect(run.stderr).toBe('')
  expect(run.ok).toBe(true)
  return run.stdout.toString()
}

describe('openssl cms -decrypt opens what encryptMessage writes to a KEK or a password', () => {
  const contents: ContentEncryption[] = ['AES-256-GCM', 'AES-256-CBC', 'AES-192-CBC']
  it.each(KEKS.flatMap(([wrap, bytes]) => contents.map((c) => [wrap, bytes, c] as const)))(
    '%s (%i-byte KEK), %s content',
    async (_, bytes, contentEncryption) => {
      const kek = globalThis.crypto.getRandomValues(new Uint8Array(bytes))
      const encrypted = await encryptMessage(message, [], {
        kekRecipients: [{ kek, keyIdentifier }],
        contentEncryption,
      })
      const args = ['-secretkey', toHex(kek), '-secretkeyid', toHex(keyIdentifier)]
      expect(opensslDecrypt(encrypted, args)).toContain('The meeting is at noon.')
    },
  )

  it.each(['AES-256-CBC', 'AES-256-GCM'] as const)(
    'password, %s content',
    async (contentEncryption) => {
      const encrypted = await encryptMessage(message, [], {
        passwordRecipients: [{ password: 'swordfish' }],
        passwordIterations: 10_000,
        contentEncryption,
      })
      expect(opensslDecrypt(encrypted, ['-pwri_password', 'swordfish'])).toContain('noon')
    },
  )

  it('a certificate, a KEK and a password in one message', async () => {
    const kek = globalThis.crypto.getRandomValues(new Uint8Array(16))
    const encrypted = await encryptMessage(message, [Certificate.from(testPki.alice)], {
      kekRecipients: [{ kek, keyIdentifier }],
      passwordRecipients: [{ password: 'swordfish' }],
      passwordIterations: 10_000,
      allowUntrusted: true,
    })
    expect(opensslDecrypt(encrypted, ['-pwri_password', 'swordfish'])).toContain('noon')
    const args = ['-secretkey', toHex(kek), '-secretkeyid', toHex(keyIdentifier)]
    expect(opensslDecrypt(encrypted, args)).toContain('noon')
    const recip = ['-recip', `${testPkiDir}alice.pem`, '-inkey', `${testPkiDir}alice.key.pem`]
    expect(opensslDecrypt(encrypted, recip)).toContain('noon')
  })
})
