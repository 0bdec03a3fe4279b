import type { Certificate } from '@siegel/pki'
import { Base64Encoder } from '@siegel/mime'
import { ascii } from '../lib/bytes.js'
import { contentCipher, type ContentCipher } from '../lib/content-cipher.js'
import { sealContentKey } from '../encrypt/create-envelope.js'
import {
  resolveRecipients,
  type EncryptionRecipient,
  type EncryptOptions,
} from '../encrypt/encrypt-message.js'
import { chooseRsaPadding } from '../encrypt/recipients.js'
import { contentTransform } from './content-transform.js'
import type { ContentTransform } from './batcher.js'
import { ByteReader, chunksOf, requireStream, toReadable } from './byte-reader.js'
import { streamEntity } from './entity-stream.js'
import { envelopeHead, envelopeTail, segmentHeader } from './envelope-writer.js'
import { abortCheck, type StreamOptions } from './stream-options.js'

/** Options of {@link encryptStream}: those of `encryptMessage`, and `signal` to cancel. */
export type EncryptStreamOptions = Omit<EncryptOptions, 'onProgress'> & StreamOptions

/**
 * Encrypts a message that arrives as a stream, in constant memory, to a stream: the same
 * `application/pkcs7-mime` message as `encryptMessage`, with the CMS in BER with indefinite
 * lengths (X.690 §8.1.3.6), so that the output starts before the input has ended. AES-GCM gives
 * AuthEnvelopedData (RFC 5083/5084), AES-CBC EnvelopedData; recipients, choice of cipher, key
 * transport and checks are those of `encryptMessage`.
 *
 * The entity is canonicalised as it passes: CRLF line breaks; a single part declared `8bit` or
 * `binary` is re-encoded (quoted-printable for text, base64 otherwise). Unlike
 * `encryptMessage`, which looks at the whole body first, a body not so declared must be 7-bit:
 * an 8-bit byte in it ends the output stream with `ERR_SMIME_UNSUPPORTED_CONTENT`.
 *
 * Reachable from `@siegel/core`.
 * @param message - the RFC 5322 message as a stream of bytes (`File.stream()`, a `fetch` body,
 *   `Readable.toWeb(fs.createReadStream(path))`)
 * @param recipients - as for `encryptMessage`
 * @param options - as for `encryptMessage`; `signal` to cancel
 * @returns the encrypted message as a stream; it pulls the input as it is read
 * @throws SmimeError as `encryptMessage` for recipients and options, before any output;
 *   `ERR_SMIME_INVALID_INPUT` for something that is not a stream of bytes; through the
 *   output stream: `ERR_SMIME_TRUNCATED` for a message without the end of its header block,
 *   SmimeLimitExceededError (`maxHeaderBytes`) for a header block over 1 MiB,
 *   `ERR_SMIME_UNSUPPORTED_CONTENT` as above, `ERR_SMIME_ABORTED` once `signal` is aborted
 * @example
 * ```ts
 * const input = Readable.toWeb(createReadStream('big.eml'))
 * const encrypted = await encryptStream(input, [bobCert], { contentEncryption: 'AES-256-GCM' })
 * await encrypted.pipeTo(Writable.toWeb(createWriteStream('big.p7m.eml')))
 * ```
 */
export async function encryptStream(
  message: ReadableStream<Uint8Array>,
  recipients: readonly (EncryptionRecipient | Certificate)[],
  options?: EncryptStreamOptions,
): Promise<ReadableStream<Uint8Array>> {
  requireStream(message)
  const check = abortCheck(options)
  const source = chunksOf(message)
  const { resolved, symmetric, contentEncryption } = await resolveRecipients(recipients, options)
  const padding = options?.rsaPadding
  const crypto = options?.crypto
  const { algorithm, cek, recipientInfos } = await sealContentKey(
    resolved,
    { contentEncryption, rsaPadding: (r) => padding ?? chooseRsaPadding(r), symmetric },
    crypto,
  )
  const cipher = contentCipher(algorithm)
  const transform = await contentTransform('encrypt', cipher, cek, crypto)
  const head = envelopeHead({
    recipients: recipientInfos,
    contentEncryptionAlgorithm: algorithm,
    authenticated: cipher.mode === 'gcm',
  })
  return toReadable(encrypted(source, cipher, transform, head, check))
}

async function* encrypted(
  source: AsyncGenerator<Uint8Array>,
  cipher: ContentCipher,
  transform: ContentTransform & { tag?(): Uint8Array },
  head: Uint8Array,
  check: () => void,
): AsyncGenerator<Uint8Array> {
  const reader = new ByteReader(source)
  const entity = await streamEntity(reader)
  const smimeType = cipher.mode === 'gcm' ? 'authEnveloped-data' : 'enveloped-data'
  yield entity.outerHeaders
  yield ascii(
    'MIME-Version: 1.0\r\n' +
      `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name="smime.p7m"\r\n` +
      'Content-Transfer-Encoding: base64\r\n' +
      'Content-Disposition: attachment; filename="smime.p7m"\r\n\r\n',
  )
  const base64 = new Base64Encoder()
  const segments = (pieces: readonly Uint8Array[]): Uint8Array[] =>
    pieces.flatMap((piece) =>
      piece.length === 0 ? [] : [base64.push(segmentHeader(piece.length)), base64.push(piece)],
    )
  yield base64.push(head)
  yield* segments(await transform.update(entity.entityHead))
  for await (const chunk of entity.body) {
    check()
    for (const text of segments(await transform.update(chunk))) if (text.length > 0) yield text
  }
  yield* segments(await transform.finish())
  yield base64.push(envelopeTail(transform.tag?.()))
  yield base64.finish()
}
