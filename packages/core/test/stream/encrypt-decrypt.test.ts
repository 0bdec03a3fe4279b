import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { decodeBase64, encodeBase64 } from '@siegel/mime'
import {
  decryptMessage,
  decryptStream,
  encryptMessage,
  encryptStream,
  NotARecipientError,
  type ContentEncryption,
  type DecryptionIdentity,
} from '@siegel/core'
import { decodeEnvelope } from '../../src/lib/enveloped-data.js'
import { DEFAULT_CMS_LIMITS } from '../../src/cms/limits.js'
import { testPki } from '../fixtures/test-pki.js'
import { collect, CHUNK_SIZES, seededCrypto, streamOf } from './streams.js'

const trust = {
  trustAnchors: [Certificate.from(testPki.root)],
  intermediates: [Certificate.from(testPki.intermediate)],
}
const alice = Certificate.from(testPki.alice)
const headers = 'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: secret\r\n'
const entity = (lines: number): string =>
  'Content-Type: text/plain; charset=utf-8\r\n\r\n' +
  Array.from({ length: lines }, (_, i) => `line ${i} of the meeting notes`).join('\r\n') +
  '\r\n'
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)

async function me(): Promise<DecryptionIdentity> {
  return { certificate: testPki.alice, privateKey: await readPrivateKey(testPki.aliceKey) }
}

const CIPHERS: ContentEncryption[] = ['AES-256-GCM', 'AES-128-GCM', 'AES-256-CBC', 'AES-128-CBC']

describe('encryptStream → decryptStream and the buffer API', () => {
  it.each(CIPHERS.flatMap((c) => CHUNK_SIZES.map((size) => [c, size] as const)))(
    '%s, input cut into pieces of %i bytes',
    async (contentEncryption, size) => {
      // Single bytes over a small message; larger pieces over several batches (1 MiB each).
      const body = entity(size === 1 ? 200 : size === 7 ? 3000 : 80000)
      const input = streamOf(headers + body, size, size !== 65536)
      const encrypted = await collect(
        await encryptStream(input, [alice], { contentEncryption, ...trust }),
      )
      const text = dec(encrypted)
      expect(text.startsWith(headers + 'MIME-Version: 1.0\r\n')).toBe(true)
      const buffered = await decryptMessage(encrypted, await me())
      expect(dec(buffered.entity.raw)).toBe(body)
      const opened = await decryptStream(streamOf(encrypted, size, true), await me())
      expect(opened.authenticated).toBe(contentEncryption.endsWith('GCM'))
      expect(opened.contentEncryption).toBe(contentEncryption)
      expect(opened.recipient.kind).toBe('issuerAndSerialNumber')
      expect(opened.unprotectedHeaders.map((h) => h.name)).toContain('Subject')
      expect(dec(await collect(opened.content))).toBe(body)
    },
  )

  it.each(CIPHERS)('decryptStream reads what encryptMessage writes (%s, DER)', async (c) => {
    const body = entity(5000)
    const encrypted = await encryptMessage(headers + body, [alice], {
      contentEncryption: c,
      ...trust,
    })
    const opened = await decryptStream(streamOf(encrypted, 4096), await me())
    expect(dec(await collect(opened.content))).toBe(body)
  })

  it.each(CIPHERS)(
    'writes the ciphertext encryptMessage writes (%s, same key and IV)',
    async (c) => {
      // The same pseudo-random bytes for both: the same content key and IV, the same KEK wrap.
      const kek = { kek: new Uint8Array(32).fill(7), keyIdentifier: enc('team key') }
      const message = headers + entity(3000)
      const options = { contentEncryption: c, kekRecipients: [kek] }
      const buffered = await encryptMessage(message, [], { ...options, crypto: seededCrypto(42) })
      const streamed = await collect(
        await encryptStream(streamOf(message, 1000), [], { ...options, crypto: seededCrypto(42) }),
      )
      const split = (m: Uint8Array): [string, Uint8Array] => {
        const at = dec(m).indexOf('\r\n\r\n') + 4
        return [dec(m.subarray(0, at)), decodeBase64(m.subarray(at)).bytes]
      }
      const [bufferedHead, bufferedCms] = split(buffered)
      const [streamedHead, streamedCms] = split(streamed)
      expect(streamedHead).toBe(bufferedHead)
      expect(streamedCms[1]).toBe(0x80) // indefinite length
      const a = decodeEnvelope(bufferedCms, DEFAULT_CMS_LIMITS)
      const b = decodeEnvelope(streamedCms, DEFAULT_CMS_LIMITS)
      expect(b.encryptedContent).toEqual(a.encryptedContent)
      expect(b.mac).toEqual(a.mac)
      expect(b.contentEncryptionAlgorithm).toEqual(a.contentEncryptionAlgorithm)
      expect(b.recipients).toEqual(a.recipients)
      const opened = await decryptStream(streamOf(streamed, 7), kek)
      expect(dec(await collect(opened.content))).toBe(message.slice(headers.length))
    },
  )
})

describe('stream chunks', () => {
  /** The stream's chunks, each handed on as `as` makes it. */
  const mapped = (stream: ReadableStream<Uint8Array>, as: (c: Uint8Array) => unknown) =>
    stream.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => controller.enqueue(as(chunk) as Uint8Array),
      }),
    )

  it.each([
    ['ArrayBuffer', (c: Uint8Array) => c.slice().buffer],
    [
      'DataView on a part of a larger buffer',
      (c: Uint8Array) => {
        const room = new Uint8Array(c.length + 9)
        room.set(c, 5)
        return new DataView(room.buffer, 5, c.length)
      },
    ],
  ])('takes %s chunks as their bytes (as FileHandle.readableWebStream gives)', async (_, as) => {
    const kek = { kek: new Uint8Array(32).fill(7), keyIdentifier: enc('team key') }
    const message = headers + entity(300)
    const options = { contentEncryption: 'AES-128-GCM' as const, kekRecipients: [kek] }
    const plain = await collect(
      await encryptStream(streamOf(message, 333), [], { ...options, crypto: seededCrypto(5) }),
    )
    const other = await collect(
      await encryptStream(mapped(streamOf(message, 333), as), [], {
        ...options,
        crypto: seededCrypto(5),
      }),
    )
    expect(other).toEqual(plain)
    const opened = await decryptStream(mapped(streamOf(other, 97), as), kek)
    expect(dec(await collect(opened.content))).toBe(message.slice(headers.length))
  })

  it('refuses chunks that are not bytes (ERR_SMIME_INVALID_INPUT)', async () => {
    const text = mapped(streamOf(headers + entity(3), 64), (c) => dec(c))
    const error = await collect(await encryptStream(text, [alice], trust)).catch((e: unknown) => e)
    expect(error).toEqual(code('ERR_SMIME_INVALID_INPUT'))
  })
})

/** The message with its CMS changed by `edit`. */
function tamper(message: Uint8Array, edit: (cms: Uint8Array) => Uint8Array): Uint8Array {
  const text = dec(message)
  const at = text.indexOf('\r\n\r\n') + 4
  const cms = edit(decodeBase64(message.subarray(at)).bytes.slice())
  return new Uint8Array([...message.subarray(0, at), ...encodeBase64(cms)])
}

async function encrypted(contentEncryption: ContentEncryption, lines = 3000): Promise<Uint8Array> {
  return collect(
    await encryptStream(streamOf(headers + entity(lines), 65536), [alice], {
      contentEncryption,
      ...trust,
    }),
  )
}

/** What the content stream delivered before it failed, and how it failed. */
async function drain(stream: ReadableStream<Uint8Array>): Promise<{ got: number; error: unknown }> {
  const reader = stream.getReader()
  let got = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { got, error: undefined }
      got += value.length
    }
  } catch (error) {
    return { got, error }
  }
}

const code = (c: string): unknown => expect.objectContaining({ code: c })

describe('decryptStream on bad input', () => {
  it('releases nothing of a GCM message whose ciphertext was altered (ERR_SMIME_DECRYPTION_FAILED)', async () => {
    const bad = tamper(await encrypted('AES-256-GCM'), (cms) => {
      cms[cms.length - 200]! ^= 1
      return cms
    })
    const { got, error } = await drain((await decryptStream(streamOf(bad, 7), await me())).content)
    expect(error).toEqual(code('ERR_SMIME_DECRYPTION_FAILED'))
    expect(got).toBe(0)
  })

  it('with releaseUnverified, streams GCM plaintext and fails at the end', async () => {
    // Over 1 MiB: where GCM runs in batches (browsers), the first batch goes out before the end.
    const bad = tamper(await encrypted('AES-256-GCM', 40000), (cms) => {
      cms[cms.length - 200]! ^= 1
      return cms
    })
    const opened = await decryptStream(streamOf(bad, 65536), await me(), {
      releaseUnverified: true,
    })
    const { got, error } = await drain(opened.content)
    expect(error).toEqual(code('ERR_SMIME_DECRYPTION_FAILED'))
    expect(got).toBeGreaterThan(0)
  })

  it('fails a CBC message with a bad padding with ERR_SMIME_DECRYPTION_FAILED', async () => {
    const bad = tamper(await encrypted('AES-256-CBC'), (cms) => {
      // The second-to-last block: the last block's plaintext, and so its padding, changes.
      cms[cms.length - 10 - 17]! ^= 0xff
      return cms
    })
    const { error } = await drain((await decryptStream(streamOf(bad, 7), await me())).content)
    expect(error).toEqual(code('ERR_SMIME_DECRYPTION_FAILED'))
  })

  it.each(CIPHERS)('fails a truncated %s message with ERR_SMIME_TRUNCATED', async (c) => {
    const whole = await encrypted(c)
    const cut = whole.subarray(0, Math.floor(whole.length * 0.7))
    const { error } = await drain((await decryptStream(streamOf(cut, 7), await me())).content)
    expect(error).toEqual(code('ERR_SMIME_TRUNCATED'))
    // Cut inside the recipient list: the promise itself rejects.
    await expect(decryptStream(streamOf(whole.subarray(0, 600), 7), await me())).rejects.toEqual(
      code('ERR_SMIME_TRUNCATED'),
    )
  })

  it('holds at most maxUnverifiedBytes of GCM plaintext (SmimeLimitExceededError)', async () => {
    const opened = await decryptStream(
      streamOf(await encrypted('AES-128-GCM', 40000), 65536),
      await me(),
      {
        maxUnverifiedBytes: 1000,
      },
    )
    const { error } = await drain(opened.content)
    expect(error).toEqual(
      expect.objectContaining({ code: 'ERR_SMIME_LIMIT_EXCEEDED', limit: 'maxUnverifiedBytes' }),
    )
    await expect(
      decryptStream(streamOf(await encrypted('AES-128-GCM'), 99), await me(), {
        maxUnverifiedBytes: 0,
      }),
    ).rejects.toEqual(code('ERR_SMIME_INVALID_INPUT'))
  })

  it('refuses what is not an encrypted message, or not a stream', async () => {
    await expect(decryptStream(streamOf(headers + entity(3), 7), await me())).rejects.toEqual(
      code('ERR_SMIME_NOT_ENCRYPTED'),
    )
    await expect(
      decryptStream(enc('x') as unknown as ReadableStream<Uint8Array>, await me()),
    ).rejects.toEqual(code('ERR_SMIME_INVALID_INPUT'))
    const garbage = enc(
      'Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n' +
        'Content-Transfer-Encoding: base64\r\n\r\nMIIBAgMEBQYHCAkK\r\n',
    )
    await expect(decryptStream(streamOf(garbage, 7), await me())).rejects.toEqual(
      code('ERR_SMIME_MALFORMED_CMS'),
    )
  })

  it('names the recipients when the identity is none of them (NotARecipientError)', async () => {
    const bob = { certificate: testPki.bob, privateKey: await readPrivateKey(testPki.bobKey) }
    const error = await decryptStream(streamOf(await encrypted('AES-256-GCM', 10), 99), bob).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(NotARecipientError)
    expect(error).toMatchObject({ code: 'ERR_SMIME_NOT_A_RECIPIENT' })
    expect((error as NotARecipientError).recipients).toHaveLength(1)
  })

  it('refuses a header block over 1 MiB (maxHeaderBytes)', async () => {
    const huge = enc(`X-Filler: ${'a'.repeat(1024 * 1024 + 10)}\r\n`)
    await expect(decryptStream(streamOf(huge, 65536), await me())).rejects.toEqual(
      expect.objectContaining({ code: 'ERR_SMIME_LIMIT_EXCEEDED', limit: 'maxHeaderBytes' }),
    )
  })
})

describe('encryptStream on bad input', () => {
  it('ends the stream with ERR_SMIME_UNSUPPORTED_CONTENT at an 8-bit byte of a 7-bit body', async () => {
    const input = streamOf(`${headers}Content-Type: text/plain\r\n\r\nGr\u00fc\u00dfe\r\n`, 7)
    const { error } = await drain(await encryptStream(input, [alice], trust))
    expect(error).toEqual(code('ERR_SMIME_UNSUPPORTED_CONTENT'))
  })

  it('re-encodes a body declared 8bit, as encryptMessage does', async () => {
    const message = `${headers}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGr\u00fc\u00dfe\r\n`
    const out = await collect(await encryptStream(streamOf(message, 7), [alice], trust))
    const streamed = await decryptMessage(out, await me())
    const buffered = await decryptMessage(await encryptMessage(message, [alice], trust), await me())
    expect(dec(streamed.entity.raw)).toBe(dec(buffered.entity.raw))
  })

  it('stops with ERR_SMIME_ABORTED once the signal is aborted', async () => {
    const controller = new AbortController()
    const out = await encryptStream(streamOf(headers + entity(20000), 1000), [alice], {
      ...trust,
      signal: controller.signal,
    })
    const reader = out.getReader()
    await reader.read()
    controller.abort()
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return
      })(),
    ).rejects.toEqual(code('ERR_SMIME_ABORTED'))
  })

  it('rejects a message without the end of its header block with ERR_SMIME_TRUNCATED', async () => {
    const { error } = await drain(
      await encryptStream(streamOf('Subject: x\r\n', 3), [alice], trust),
    )
    expect(error).toEqual(code('ERR_SMIME_TRUNCATED'))
  })
})
