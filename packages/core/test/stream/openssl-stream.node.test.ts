// OpenSSL reads what the streaming API writes, and the streaming API reads what
// `openssl cms -stream` writes (BER with indefinite lengths).
import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import {
  decryptStream,
  encryptMessage,
  encryptStream,
  signMessage,
  signStream,
  verifyStream,
  type ContentEncryption,
} from '@siegel/core'
import { signer } from '../helpers.js'
import { testPki, testPkiDir } from '../fixtures/test-pki.js'
import { openssl, scratch } from '../openssl.js'
import { collect, CHUNK_SIZES, seededCrypto, streamOf } from './streams.js'

const pki = (name: string): string => `${testPkiDir}${name}`
const trust = {
  trustAnchors: [Certificate.from(testPki.root)],
  intermediates: [Certificate.from(testPki.intermediate)],
}
const headers = 'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: secret\r\n'
const entity =
  'Content-Type: text/plain; charset=utf-8\r\n\r\n' +
  Array.from({ length: 40000 }, (_, i) => `line ${i}: the meeting is at noon`).join('\r\n') +
  '\r\n'
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)
const CIPHERS: ContentEncryption[] = ['AES-256-GCM', 'AES-128-GCM', 'AES-256-CBC', 'AES-128-CBC']

/** `openssl cms -sign` of `input` by `who` (with the intermediate) into signed.eml. */
function opensslSign(
  dir: ReturnType<typeof scratch>,
  input: string,
  who: string,
  flags: readonly string[],
): void {
  const run = openssl([
    'cms',
    '-sign',
    ...flags,
    '-in',
    input,
    '-signer',
    pki(`${who}.pem`),
    '-inkey',
    pki(`${who}.key.pem`),
    '-certfile',
    pki('intermediate.pem'),
    '-out',
    dir.path('signed.eml'),
  ])
  expect(run.ok).toBe(true)
}

/** What `openssl cms -verify` extracts, after it said the signature verifies. */
function verifiedContent(dir: ReturnType<typeof scratch>, input: string): string {
  const run = openssl([
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
  expect(run.stderr).toContain('Verification successful')
  return dec(dir.read('content'))
}

/** The CMS of an S/MIME message re-encoded by OpenSSL as DER. */
function der(dir: ReturnType<typeof scratch>, name: string, message: Uint8Array): Uint8Array {
  const run = openssl([
    'cms',
    '-cmsout',
    '-inform',
    'SMIME',
    '-outform',
    'DER',
    '-in',
    dir.write(name, message),
    '-out',
    dir.path(`${name}.der`),
  ])
  expect(run.ok).toBe(true)
  return dir.read(`${name}.der`)
}

describe('openssl cms -decrypt reads encryptStream output', () => {
  it.each(CIPHERS)('%s', async (contentEncryption) => {
    const out = await collect(
      await encryptStream(streamOf(headers + entity, 65536), [Certificate.from(testPki.alice)], {
        contentEncryption,
        ...trust,
      }),
    )
    const dir = scratch()
    const run = openssl([
      'cms',
      '-decrypt',
      '-inform',
      'SMIME',
      '-in',
      dir.write('in.eml', out),
      '-recip',
      pki('alice.pem'),
      '-inkey',
      pki('alice.key.pem'),
      '-binary',
      '-out',
      dir.path('out'),
    ])
    expect(run.stderr).toBe('')
    expect(run.ok).toBe(true)
    // Over 1 MiB, so several batches of the cipher: written to a file, not to a pipe.
    expect(dec(dir.read('out'))).toBe(entity)
  })

  it.each(CIPHERS)('%s: the same DER as encryptMessage once OpenSSL re-encodes it', async (c) => {
    // Same pseudo-random bytes, a KEK recipient (deterministic wrap): the same envelope.
    const kek = { kek: new Uint8Array(16).fill(3), keyIdentifier: new Uint8Array([1, 2, 3]) }
    const options = { contentEncryption: c, kekRecipients: [kek] }
    const buffered = await encryptMessage(headers + entity, [], {
      ...options,
      crypto: seededCrypto(7),
    })
    const streamed = await collect(
      await encryptStream(streamOf(headers + entity, 7000), [], {
        ...options,
        crypto: seededCrypto(7),
      }),
    )
    const dir = scratch()
    expect(der(dir, 'streamed.eml', streamed)).toEqual(der(dir, 'buffered.eml', buffered))
  })
})

describe('decryptStream reads openssl cms -encrypt -stream output', () => {
  const cases = [
    ['-aes-256-cbc', 'AES-256-CBC', []],
    ['-aes-128-cbc', 'AES-128-CBC', ['-keyopt', 'rsa_padding_mode:oaep']],
    ['-aes-256-gcm', 'AES-256-GCM', []],
    ['-aes-128-gcm', 'AES-128-GCM', ['-keyopt', 'rsa_padding_mode:oaep']],
  ] as const
  it.each(cases.flatMap((c) => CHUNK_SIZES.map((size) => [...c, size] as const)))(
    '%s %s %j, read in pieces of %i bytes',
    async (flag, name, keyopt, size) => {
      const dir = scratch()
      const input = size === 1 ? entity.slice(0, 3000) : entity
      const run = openssl([
        'cms',
        '-encrypt',
        '-stream',
        '-binary',
        flag,
        '-in',
        dir.write('entity', input),
        '-outform',
        'SMIME',
        '-recip',
        pki('alice.pem'),
        ...keyopt,
        '-out',
        dir.path('out.eml'),
      ])
      expect(run.ok).toBe(true)
      const message = dir.read('out.eml')
      const me = { certificate: testPki.alice, privateKey: await readPrivateKey(testPki.aliceKey) }
      const opened = await decryptStream(streamOf(message, size, size !== 65536), me)
      expect(opened.contentEncryption).toBe(name)
      expect(dec(await collect(opened.content))).toBe(input)
    },
  )
})

describe('signStream and verifyStream against openssl cms', () => {
  it.each(['alice', 'bob'] as const)(
    'openssl cms -verify accepts signStream output (%s)',
    async (who) => {
      const signed = await collect(
        await signStream(streamOf(headers + entity, 65536), await signer(who)),
      )
      const dir = scratch()
      expect(verifiedContent(dir, dir.write('signed.eml', signed))).toBe(entity)
    },
  )

  it.each(CHUNK_SIZES)(
    'verifyStream accepts openssl cms -sign -stream output, read in pieces of %i',
    async (size) => {
      const dir = scratch()
      const input = size === 1 ? entity.slice(0, 5000) : entity
      opensslSign(dir, dir.write('entity', input.replaceAll('\r\n', '\n')), 'alice', ['-stream'])
      const result = await verifyStream(streamOf(dir.read('signed.eml'), size, size !== 65536), {
        trustAnchors: [Certificate.from(testPki.root)],
      })
      expect(result.status).toBe('valid')
      // Tampered: invalid, as OpenSSL would say.
      const text = dec(dir.read('signed.eml')).replace('line 3:', 'line 4:')
      const bad = await verifyStream(streamOf(text, 65536), {
        trustAnchors: [Certificate.from(testPki.root)],
      })
      expect(bad.status).toBe('invalid')
    },
  )
})

describe('composed streams against openssl cms', () => {
  it('openssl decrypts, then verifies, what signStream → encryptStream writes', async () => {
    const sent = await collect(
      await encryptStream(
        await signStream(streamOf(headers + entity, 65536), await signer('alice')),
        [Certificate.from(testPki.bob)],
        trust,
      ),
    )
    const dir = scratch()
    const decrypt = openssl([
      'cms',
      '-decrypt',
      '-in',
      dir.write('sent.eml', sent),
      '-recip',
      pki('bob.pem'),
      '-inkey',
      pki('bob.key.pem'),
      '-out',
      dir.path('signed.eml'),
    ])
    expect(decrypt.ok).toBe(true)
    expect(verifiedContent(dir, dir.path('signed.eml'))).toBe(entity)
  })

  it('decryptStream → verifyStream reads openssl cms -sign -stream | cms -encrypt -stream', async () => {
    const dir = scratch()
    opensslSign(dir, dir.write('entity', entity), 'alice', ['-stream'])
    const encrypt = openssl([
      'cms',
      '-encrypt',
      '-stream',
      '-aes-256-gcm',
      '-in',
      dir.path('signed.eml'),
      '-recip',
      pki('bob.pem'),
      '-out',
      dir.path('sent.eml'),
    ])
    expect(encrypt.ok).toBe(true)
    const bob = { certificate: testPki.bob, privateKey: await readPrivateKey(testPki.bobKey) }
    const opened = await decryptStream(streamOf(dir.read('sent.eml'), 7000), bob)
    const result = await verifyStream(opened.content, {
      trustAnchors: [Certificate.from(testPki.root)],
    })
    expect(result.status).toBe('valid')
  })
})

describe('signStream in the opaque form', () => {
  it('openssl cms -verify accepts it, and in DER it is what signMessage writes', async () => {
    const signingTime = new Date('2026-02-03T04:05:06Z')
    const alice = await signer('alice')
    const streamed = await collect(
      await signStream(streamOf(headers + entity, 7000), alice, { form: 'opaque', signingTime }),
    )
    const buffered = await signMessage(headers + entity, alice, { form: 'opaque', signingTime })
    const dir = scratch()
    expect(verifiedContent(dir, dir.write('streamed.eml', streamed))).toBe(entity)
    expect(der(dir, 's.eml', streamed)).toEqual(der(dir, 'b.eml', buffered))
  })
})

describe('verifyStream reads openssl cms -sign -nodetach -stream output', () => {
  it.each(CHUNK_SIZES)('in pieces of %i', async (size) => {
    const dir = scratch()
    const input = size === 1 ? entity.slice(0, 5000) : entity
    opensslSign(dir, dir.write('entity', input), 'bob', ['-nodetach', '-stream', '-binary'])
    const result = await verifyStream(streamOf(dir.read('signed.eml'), size, size !== 65536), {
      trustAnchors: [Certificate.from(testPki.root)],
    })
    expect(result.form).toBe('opaque')
    expect(result.status).toBe('valid')
  })
})
