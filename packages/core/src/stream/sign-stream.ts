import type { DigestName } from '@siegel/pki'
import { Base64Encoder } from '@siegel/mime'
import { createSignedData } from '../cms/sign-data.js'
import { SmimeError } from '../errors.js'
import { ascii, concatBytes } from '../lib/bytes.js'
import { signatureScheme } from '../lib/signature-algorithm.js'
import {
  containsBytes,
  multipartSignedHead,
  randomBoundary,
  signaturePartHead,
  type SignOptions,
} from '../sign/sign-message.js'
import { resolveSigners, type Signer } from '../sign/signer.js'
import { ByteReader, chunksOf, requireStream, toReadable } from './byte-reader.js'
import { transformPieces } from './content-transform.js'
import { streamEntity, type StreamedEntity } from './entity-stream.js'
import { segmentHeader } from './envelope-writer.js'
import { signedDataHead, signedDataTail } from './signed-data-writer.js'
import { DigestSet } from './incremental-hash.js'
import { abortCheck, type StreamOptions } from './stream-options.js'

/** Options of {@link signStream}: those of `signMessage`, and `signal` to cancel. */
export type SignStreamOptions = Omit<SignOptions, 'onProgress'> & StreamOptions

/**
 * Signs a message that arrives as a stream, in constant memory, as `multipart/signed` with a
 * detached signature (RFC 8551 §3.5.3, the default): the signed entity goes out as it comes in,
 * while it is hashed (Node's streaming hash through the runtime adapter, `@noble/hashes`
 * elsewhere); the signature part follows at the end. The same bytes as `signMessage` for the
 * same boundary, signing time and key (RSA PKCS #1 v1.5 signatures are deterministic). With
 * `form: 'opaque'`, `application/pkcs7-mime` signed-data whose SignedData is BER with
 * indefinite lengths, the content in OCTET STRING segments and the SignerInfos after it; in
 * DER (`openssl cms -cmsout -outform DER`) it is what `signMessage` writes.
 *
 * The entity is canonicalised as it passes, as `encryptStream` does it: CRLF line breaks; a
 * single part declared `8bit` or `binary` is re-encoded; any other body must be 7-bit.
 *
 * Reachable from `@siegel/core`.
 * @param message - the RFC 5322 message as a stream of bytes
 * @param signer - one signer or several
 * @param options - form, signing time, digest, crypto; `signal` to cancel
 * @returns the signed message as a stream
 * @throws SmimeError `ERR_SMIME_INVALID_INPUT` for a missing key, an unknown form or a value
 *   that is not a stream, `ERR_SMIME_UNSUPPORTED_ALGORITHM` for a key that cannot sign, before any output;
 *   through the output stream: `ERR_SMIME_TRUNCATED` for a message without the end of its
 *   header block, `ERR_SMIME_UNSUPPORTED_CONTENT` for an 8-bit byte in a body not declared so,
 *   `ERR_SMIME_MALFORMED_MESSAGE` for content that contains the boundary,
 *   `ERR_SMIME_ABORTED` once `signal` is aborted
 * @example
 * ```ts
 * const signed = await signStream(file.stream(), { certificate, privateKey })
 * ```
 */
export async function signStream(
  message: ReadableStream<Uint8Array>,
  signer: Signer | readonly Signer[],
  options?: SignStreamOptions,
): Promise<ReadableStream<Uint8Array>> {
  requireStream(message)
  const check = abortCheck(options)
  const signers = resolveSigners(signer)
  const crypto = options?.crypto
  const form = options?.form ?? 'detached'
  if (form !== 'detached' && form !== 'opaque')
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', `unknown form ${String(form)}`)
  // micalg, or the SignedData's digestAlgorithms, go out first: the digests are fixed before
  // the content, those of the signers.
  const schemes = signers.map((s) =>
    signatureScheme(s.privateKey, {
      ...(options?.digest ? { digest: options.digest } : {}),
      ...(crypto ? { crypto } : {}),
    }),
  )
  const names = schemes.map((s) => s.digest)
  const digests = await DigestSet.of(names)
  const signingTime = options?.signingTime ?? new Date()
  const source = chunksOf(message)
  /** The SignedData without content, over the digests of what streamed past. */
  const signature = async (): Promise<Uint8Array[]> => {
    const computed = digests.digests()
    const signOptions = {
      signingTime,
      ...(options?.digest ? { digest: options.digest } : {}),
      ...(crypto ? { crypto } : {}),
    }
    const digestOf = async (name: DigestName): Promise<Uint8Array> => computed.get(name)!
    return (await createSignedData(new Uint8Array(0), signer, signOptions, digestOf)).pieces
  }
  async function* detached(): AsyncGenerator<Uint8Array> {
    const boundary = randomBoundary(crypto)
    const entity = await streamEntity(new ByteReader(source))
    yield entity.outerHeaders
    yield ascii('MIME-Version: 1.0\r\n' + multipartSignedHead(boundary, [...new Set(names)]))
    const guard = new BoundaryGuard(boundary)
    for await (const piece of entityPieces(entity)) {
      check()
      guard.check(piece)
      digests.update(piece)
      yield piece
    }
    yield ascii(signaturePartHead(boundary))
    yield* transformPieces(await signature(), new Base64Encoder())
    yield ascii(`--${boundary}--\r\n`)
  }
  async function* opaque(): AsyncGenerator<Uint8Array> {
    const entity = await streamEntity(new ByteReader(source))
    yield entity.outerHeaders
    yield ascii(OPAQUE_HEAD)
    const base64 = new Base64Encoder()
    yield base64.push(signedDataHead(schemes.map((s) => s.digestAlgorithm)))
    for await (const piece of entityPieces(entity)) {
      check()
      digests.update(piece)
      if (piece.length === 0) continue
      const text = concatBytes([base64.push(segmentHeader(piece.length)), base64.push(piece)])
      if (text.length > 0) yield text
    }
    yield base64.push(signedDataTail(concatBytes(await signature())))
    yield base64.finish()
  }
  return toReadable(form === 'opaque' ? opaque() : detached())
}

const OPAQUE_HEAD =
  'MIME-Version: 1.0\r\n' +
  'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"\r\n' +
  'Content-Transfer-Encoding: base64\r\n' +
  'Content-Disposition: attachment; filename="smime.p7m"\r\n\r\n'

async function* entityPieces(entity: StreamedEntity): AsyncGenerator<Uint8Array> {
  yield entity.entityHead
  yield* entity.body
}

/**
 * Watches streamed content for the boundary, across piece edges: RFC 2046 §5.1.1 forbids it in
 * the content. With 96 random bits that happens only to content made to hold it.
 */
class BoundaryGuard {
  private readonly needle: Uint8Array
  private tail = new Uint8Array(0)

  constructor(boundary: string) {
    this.needle = ascii(boundary)
  }

  check(piece: Uint8Array): void {
    const n = this.needle.length
    const edge = new Uint8Array(this.tail.length + Math.min(piece.length, n - 1))
    edge.set(this.tail)
    edge.set(piece.subarray(0, n - 1), this.tail.length)
    if (containsBytes(edge, this.needle) || containsBytes(piece, this.needle))
      throw new SmimeError(
        'ERR_SMIME_MALFORMED_MESSAGE',
        'the content contains the multipart boundary chosen for it',
      )
    const keep = Math.min(n - 1, edge.length)
    this.tail = (piece.length >= n - 1 ? piece : edge).slice(-keep)
  }
}
