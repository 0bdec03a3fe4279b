import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import {
  decryptMessage,
  decryptStream,
  encryptStream,
  signMessage,
  signStream,
  verifyData,
  verifyMessage,
  verifyStream,
} from '@siegel/core'
import { encodeBase64 } from '@siegel/mime'
import { readPrivateKey } from '@siegel/pki'
import { testPki } from '../fixtures/test-pki.js'
import { signer } from '../helpers.js'
import { vector } from '../vectors.js'
import { collect, CHUNK_SIZES, seededCrypto, streamOf } from './streams.js'

const root = Certificate.from(testPki.root)
const headers = 'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: signed\r\n'
const entity = (lines: number): string =>
  'Content-Type: text/plain; charset=us-ascii\r\n\r\n' +
  Array.from({ length: lines }, (_, i) => `line ${i}: I owe you 100 EUR`).join('\r\n') +
  '\r\n'
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)
const signingTime = new Date('2026-01-02T03:04:05Z')
const code = (c: string): unknown => expect.objectContaining({ code: c })

describe('signStream', () => {
  it.each(CHUNK_SIZES)('writes the bytes signMessage writes (pieces of %i)', async (size) => {
    const message = headers + entity(size === 1 ? 300 : 40000)
    const alice = await signer('alice')
    const buffered = await signMessage(message, alice, { signingTime, crypto: seededCrypto(11) })
    const streamed = await collect(
      await signStream(streamOf(message, size, size !== 65536), alice, {
        signingTime,
        crypto: seededCrypto(11),
      }),
    )
    expect(dec(streamed)).toBe(dec(buffered))
  })

  it('canonicalises LF line ends as signMessage does', async () => {
    const message = (headers + entity(500)).replaceAll('\r\n', '\n')
    const alice = await signer('alice')
    const buffered = await signMessage(message, alice, { signingTime, crypto: seededCrypto(11) })
    const streamed = await collect(
      await signStream(streamOf(message, 7, true), alice, {
        signingTime,
        crypto: seededCrypto(11),
      }),
    )
    expect(dec(streamed)).toBe(dec(buffered))
  })

  it('signs with several signers and digests (RSA and ECDSA P-256)', async () => {
    const signed = await collect(
      await signStream(streamOf(headers + entity(2000), 999), [
        await signer('alice'),
        await signer('bob'),
      ]),
    )
    const result = await verifyMessage(signed, { trustAnchors: [root] })
    expect(result.signers.map((s) => s.signature.valid)).toEqual([true, true])
  })

  it('stops with ERR_SMIME_MALFORMED_MESSAGE when the content holds the boundary', async () => {
    // The boundary that the seeded generator gives first, planted in the content.
    const probe = dec(
      await collect(
        await signStream(streamOf(headers + entity(1), 64), await signer('alice'), {
          crypto: seededCrypto(11),
        }),
      ),
    )
    const boundary = /boundary="([^"]+)"/.exec(probe)![1]!
    const message = headers + entity(100) + `${boundary}\r\n`
    const out = await signStream(streamOf(message, 7), await signer('alice'), {
      crypto: seededCrypto(11),
    })
    await expect(collect(out)).rejects.toEqual(code('ERR_SMIME_MALFORMED_MESSAGE'))
  })

  it.each(CHUNK_SIZES)(
    'writes opaque signed-data that verifyMessage accepts (pieces of %i)',
    async (size) => {
      const message = headers + entity(size === 1 ? 300 : 40000)
      const signed = await collect(
        await signStream(streamOf(message, size, true), await signer('alice'), { form: 'opaque' }),
      )
      expect(dec(signed)).toContain('smime-type=signed-data')
      const result = await verifyMessage(signed, { trustAnchors: [root] })
      expect(result.status).toBe('valid')
      expect(result.coverage.form).toBe('opaque')
      expect(dec(result.coverage.signedPart.raw)).toBe(message.slice(headers.length))
    },
  )

  it('rejects what is not a stream with ERR_SMIME_INVALID_INPUT', async () => {
    await expect(
      signStream('x' as unknown as ReadableStream<Uint8Array>, await signer('alice')),
    ).rejects.toEqual(code('ERR_SMIME_INVALID_INPUT'))
    await expect(
      signStream(streamOf('x', 1), await signer('alice'), { form: 'weird' as 'opaque' }),
    ).rejects.toEqual(code('ERR_SMIME_INVALID_INPUT'))
  })
})

describe('verifyStream', () => {
  it.each(CHUNK_SIZES)('gives the verdicts of verifyMessage (pieces of %i)', async (size) => {
    const message = headers + entity(size === 1 ? 300 : 40000)
    const signed = await signMessage(message, [await signer('alice'), await signer('bob')])
    const buffered = await verifyMessage(signed, { trustAnchors: [root] })
    const streamed = await verifyStream(streamOf(signed, size, size !== 65536), {
      trustAnchors: [root],
    })
    expect(streamed.status).toBe('valid')
    expect(streamed.canonicalized).toBe(false)
    expect(streamed.signers.map((s) => [s.signature, s.chain?.trusted])).toEqual(
      buffered.signers.map((s) => [s.signature, s.chain?.trusted]),
    )
  })

  it('reads signStream output', async () => {
    const signed = await signStream(streamOf(headers + entity(3000), 4096), await signer('carol'))
    const result = await verifyStream(signed, { trustAnchors: [root] })
    expect(result.status).toBe('valid')
    expect(result.signers[0]!.certificate?.emailAddresses).toBeDefined()
  })

  it('reports a changed signed part as invalid (ERR_SMIME_DIGEST_MISMATCH)', async () => {
    const signed = dec(await signMessage(headers + entity(300), await signer('alice')))
    const changed = signed.replace('I owe you 100 EUR', 'I owe you 900 EUR')
    const result = await verifyStream(streamOf(changed, 7, true), { trustAnchors: [root] })
    expect(result.status).toBe('invalid')
    expect(result.signers[0]!.signature).toMatchObject({ code: 'ERR_SMIME_DIGEST_MISMATCH' })
  })

  it('accepts a message stored with LF line ends, saying canonicalized', async () => {
    const signed = dec(await signMessage(headers + entity(300), await signer('alice')))
    for (const size of CHUNK_SIZES) {
      const result = await verifyStream(streamOf(signed.replaceAll('\r\n', '\n'), size, true), {
        trustAnchors: [root],
      })
      expect(result.status).toBe('valid')
      expect(result.canonicalized).toBe(true)
    }
  })

  it('rejects truncated, unsigned and malformed messages with typed errors', async () => {
    const signed = dec(await signMessage(headers + entity(300), await signer('alice')))
    await expect(verifyStream(streamOf(signed.slice(0, signed.length - 200), 7))).rejects.toEqual(
      code('ERR_SMIME_TRUNCATED'),
    )
    await expect(verifyStream(streamOf(headers + entity(3), 7))).rejects.toEqual(
      code('ERR_SMIME_NOT_SIGNED'),
    )
    const boundary = /boundary="([^"]+)"/.exec(signed)![1]!
    const third = signed.replace(`--${boundary}--`, `--${boundary}\r\n\r\nthird\r\n--${boundary}--`)
    await expect(verifyStream(streamOf(third, 7))).rejects.toEqual(
      code('ERR_SMIME_MALFORMED_MESSAGE'),
    )
    const long = 'b'.repeat(71)
    const overLong = signed.replaceAll(boundary, long)
    await expect(verifyStream(streamOf(overLong, 64))).rejects.toMatchObject({
      code: 'ERR_SMIME_MALFORMED_MESSAGE',
      message: expect.stringContaining('71 characters'),
    })
    await expect(verifyStream(streamOf(signed, 64), { digests: ['SHA-384'] })).rejects.toEqual(
      code('ERR_SMIME_UNSUPPORTED_CONTENT'),
    )
    await expect(
      verifyStream(streamOf(signed, 64), { digests: ['MD5' as 'SHA-1'] }),
    ).rejects.toEqual(code('ERR_SMIME_INVALID_INPUT'))
  })
})

/** A WritableStream that keeps what it is given, and whether it was closed or aborted. */
function sink(): { stream: WritableStream<Uint8Array>; text: () => string; state: string[] } {
  const parts: Uint8Array[] = []
  const state: string[] = []
  const stream = new WritableStream<Uint8Array>({
    write: (chunk) => void parts.push(chunk),
    close: () => void state.push('closed'),
    abort: () => void state.push('aborted'),
  })
  return { stream, text: () => parts.map(dec).join(''), state }
}

describe('verifyStream of opaque signed-data, and the signed content it hands on', () => {
  it.each(CHUNK_SIZES)('reads signStream opaque output (pieces of %i)', async (size) => {
    const message = headers + entity(size === 1 ? 300 : 40000)
    const signed = await collect(
      await signStream(streamOf(message, 65536), await signer('alice'), { form: 'opaque' }),
    )
    const out = sink()
    const result = await verifyStream(streamOf(signed, size, true), {
      trustAnchors: [root],
      signedContent: out.stream,
    })
    expect(result.status).toBe('valid')
    expect(result.form).toBe('opaque')
    expect(out.text()).toBe(message.slice(headers.length))
    expect(out.state).toEqual(['closed'])
  })

  it('reads what signMessage writes in the opaque form (DER), and finds a change', async () => {
    const signed = dec(
      await signMessage(headers + entity(3000), [await signer('alice'), await signer('bob')], {
        form: 'opaque',
      }),
    )
    const result = await verifyStream(streamOf(signed, 4096), { trustAnchors: [root] })
    expect(result.signers.map((s) => s.signature.valid)).toEqual([true, true])
    // Changing base64 text changes the content, the SignedData, or both.
    const lines = signed.split('\r\n')
    const at = Math.floor(lines.length / 2)
    lines[at] =
      lines[at]!.slice(0, 10) + (lines[at]![10] === 'A' ? 'B' : 'A') + lines[at]!.slice(11)
    const changed = await verifyStream(streamOf(lines.join('\r\n'), 4096), {
      trustAnchors: [root],
    }).catch((e: unknown) => e)
    expect(changed).not.toMatchObject({ status: 'valid' })
  })

  it('hands on the signed part of multipart/signed exactly as verifyMessage sees it', async () => {
    const signed = await signMessage(headers + entity(2000), await signer('alice'))
    const out = sink()
    const result = await verifyStream(streamOf(signed, 7, true), {
      trustAnchors: [root],
      signedContent: out.stream,
    })
    expect(result.form).toBe('detached')
    const buffered = await verifyMessage(signed, { trustAnchors: [root] })
    expect(out.text()).toBe(dec(buffered.coverage.signedPart.raw))
  })

  it('aborts the content sink and rejects a truncated opaque message (ERR_SMIME_TRUNCATED)', async () => {
    const signed = await collect(
      await signStream(streamOf(headers + entity(3000), 65536), await signer('alice'), {
        form: 'opaque',
      }),
    )
    const out = sink()
    await expect(
      verifyStream(streamOf(signed.subarray(0, signed.length - 500), 7), {
        signedContent: out.stream,
      }),
    ).rejects.toEqual(code('ERR_SMIME_TRUNCATED'))
    expect(out.state).toEqual(['aborted'])
  })
})

describe('composed: sign then encrypt, decrypt then verify', () => {
  const trust = { trustAnchors: [root], intermediates: [Certificate.from(testPki.intermediate)] }

  it.each(['AES-256-GCM', 'AES-256-CBC'] as const)('%s, in pieces of 7 bytes', async (cipher) => {
    const message = headers + entity(2000)
    const protectedStream = await encryptStream(
      await signStream(streamOf(message, 7, true), await signer('alice')),
      [Certificate.from(testPki.bob)],
      { contentEncryption: cipher, ...trust },
    )
    const sent = await collect(protectedStream)
    // The outer headers stay outside the encryption, as encryptMessage leaves them.
    expect(dec(sent).startsWith(headers)).toBe(true)
    const bob = { certificate: testPki.bob, privateKey: await readPrivateKey(testPki.bobKey) }
    const opened = await decryptStream(streamOf(sent, 7, true), bob)
    const result = await verifyStream(opened.content, { trustAnchors: [root] })
    expect(result.status).toBe('valid')
    // The buffer API reads the same message.
    const inner = await decryptMessage(sent, bob)
    expect(
      (await verifyMessage(inner.entity.raw, { trustAnchors: [root] })).signers[0]!.signature.valid,
    ).toBe(true)
  })
})

describe('verifyStream on the RFC 9216 example SignedData', () => {
  // RFC 9216 certificates are valid 2019–2052.
  const options = {
    trustAnchors: [
      Certificate.from(vector('rfc9216/ca.rsa.crt')),
      Certificate.from(vector('rfc9216/ca.25519.crt')),
    ],
    at: new Date('2030-01-01T00:00:00Z'),
  }
  /** The DER as the opaque S/MIME entity a mail program sends. */
  const asMail = (der: Uint8Array): string =>
    'Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\n' +
    `Content-Transfer-Encoding: base64\r\n\r\n${dec(encodeBase64(der))}`

  it.each(['signedByAliceRSAPSS.p7m', 'signedByCarlosEd25519.p7m'])(
    'verifies %s (signed attributes) as the buffer API does',
    async (file) => {
      const result = await verifyStream(streamOf(asMail(vector(`rfc9216/${file}`)), 7), options)
      expect(result).toMatchObject({ status: 'valid', form: 'opaque' })
      expect(result.signers[0]!.signature.valid).toBe(true)
    },
  )

  it('checks an RSA signer without signed attributes from the streamed digest', async () => {
    // OpenSSL: `signedAttrs: <ABSENT>`. The signature covers the content itself, hashed and gone.
    const der = vector('rfc9216/signedByAliceRSA.p7m')
    const result = await verifyStream(streamOf(asMail(der), 64), options)
    expect(result.status).toBe('valid')
    expect(result.signers[0]!.signature.valid).toBe(true)
    // One letter of the content changed ("sample" → "simple"): the signature no longer fits.
    const forged = der.slice()
    const at = dec(forged).indexOf('sample')
    forged[at + 1] = 'i'.charCodeAt(0)
    expect((await verifyData(forged, options)).signers[0]!.signature).toMatchObject({
      code: 'ERR_SMIME_BAD_SIGNATURE',
    })
    const streamed = await verifyStream(streamOf(asMail(forged), 64), options)
    expect(streamed.status).toBe('invalid')
    expect(streamed.signers[0]!.signature).toMatchObject({ code: 'ERR_SMIME_BAD_SIGNATURE' })
  })

  it('says why it cannot check an Ed25519 signer without signed attributes', async () => {
    // RFC 9216's detached Ed25519 signature over the RFC 4134 sample content: EdDSA signs the
    // content itself (RFC 8419), which a stream does not keep.
    const content = vector('rfc4134/ExContent.bin')
    const signature = vector('rfc9216/signedByCarlosDetached.p7m')
    expect((await verifyData(signature, { ...options, content })).status).toBe('valid')
    const mail =
      'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-512; boundary="b"\r\n\r\n' +
      `--b\r\n${dec(content)}\r\n--b\r\n` +
      'Content-Type: application/pkcs7-signature\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      `${dec(encodeBase64(signature))}--b--\r\n`
    const result = await verifyStream(streamOf(mail, 64), options)
    expect(result.status).toBe('invalid')
    expect(result.signers[0]!.signature).toMatchObject({
      valid: false,
      code: 'ERR_SMIME_UNSUPPORTED_CONTENT',
    })
  })
})
