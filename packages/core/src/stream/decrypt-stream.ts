import { Base64Decoder, parseContentType, parseMessage, type MimeHeader } from '@siegel/mime'
import { resolveCmsLimits, type CmsLimits } from '../cms/limits.js'
import { SmimeError, SmimeLimitExceededError, type RecipientId } from '../errors.js'
import {
  pbkdf2Budget,
  resolveCredentials,
  type DecryptionCredential,
  type DecryptionLimits,
  type ResolvedCredential,
} from '../decrypt/credentials.js'
import { describe } from '../decrypt/describe-recipient.js'
import { contentCipher } from '../lib/content-cipher.js'
import { CMS_OID } from '../lib/oids.js'
import { contentTransform, transformPieces } from './content-transform.js'
import { BATCH_BYTES, type ContentTransform } from './batcher.js'
import { octetStringPieces } from './ber-reader.js'
import { ByteReader, chunksOf, requireStream, toReadable } from './byte-reader.js'
import { MAX_HEADER_BYTES } from './entity-stream.js'
import { recoverStreamKey } from './recover-key.js'
import { readEnvelopeHead, readEnvelopeTail, type EnvelopeHead } from './envelope-reader.js'
import { abortCheck, type StreamOptions } from './stream-options.js'

/** Options of {@link decryptStream}. */
export interface DecryptStreamOptions extends DecryptionLimits, StreamOptions {
  /**
   * Release AES-GCM plaintext before the tag at the end of the message has been checked.
   * Default `false`: the plaintext is held (up to `maxUnverifiedBytes`) until the tag proves it,
   * so nothing an attacker altered ever reaches the reader. With `true` memory stays constant
   * for any size, but the stream may deliver altered plaintext and only then fail with
   * `ERR_SMIME_DECRYPTION_FAILED`: the reader must treat everything as provisional until the
   * stream has closed without error (write it to a temporary file, render nothing, follow no
   * link). Acting on unverified plaintext is what made EFAIL possible.
   */
  releaseUnverified?: boolean
  /**
   * AES-GCM plaintext held while waiting for the tag, when `releaseUnverified` is `false`.
   * Beyond it the stream fails with a `SmimeLimitExceededError` naming `maxUnverifiedBytes`.
   * Default 256 MiB.
   */
  maxUnverifiedBytes?: number
  /** WebCrypto implementation. Default `globalThis.crypto` (and the runtime's streaming GCM). */
  crypto?: Crypto
}

/** What {@link decryptStream} returns. */
export interface DecryptedStream {
  /**
   * The decrypted MIME entity, as a stream. It ends with an error when the message is
   * truncated, its padding or tag is wrong, or its CMS is malformed after the head.
   */
  content: ReadableStream<Uint8Array>
  /**
   * True for AES-GCM (AuthEnvelopedData): the stream closes without error only if the tag
   * proved every byte. False for AES-CBC: altered ciphertext decrypts unnoticed (EFAIL), so
   * treat the content as unauthenticated unless an inner signature covers it.
   */
  authenticated: boolean
  /** The content cipher, e.g. `AES-256-GCM`. */
  contentEncryption: string
  /** The OID of what gave the content key (key transport, key agreement, KEK, password). */
  keyEncryption: string
  /** The recipient entry that was used. */
  recipient: RecipientId
  /** Which of the given identities it was (index). */
  identityIndex: number
  /** The headers of the received message; encryption does not protect them. */
  unprotectedHeaders: MimeHeader[]
}

// See DecryptStreamOptions.maxUnverifiedBytes: as much as the buffer API handles with ease.
const DEFAULT_MAX_UNVERIFIED_BYTES = 256 * 1024 * 1024
const MIME_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime'])
const SMIME_TYPES = new Set(['enveloped-data', 'authenveloped-data'])

/**
 * Decrypts an S/MIME message that arrives as a stream (`application/pkcs7-mime`
 * enveloped-data or authEnveloped-data at the top level, base64 or binary, DER or BER as
 * `openssl cms -encrypt -stream` writes it), in constant memory. The promise resolves once the
 * recipient list is read and the content key recovered; the content then streams.
 *
 * Key recovery is that of `decryptMessage`. Content: AES-128/192/256 in CBC and GCM (AES-192
 * where the runtime has it). AES-GCM plaintext is released only after its tag verified, unless
 * `releaseUnverified` is set (see there); CBC plaintext is released as it is decrypted, but
 * for the last block, whose padding is checked at the end; it is never authenticated. With
 * several matching RSAES-PKCS1-v1_5 entries only the first is used (the buffer API tries them
 * all); AuthEnvelopedData with authenticated attributes and compressed content are refused.
 *
 * Reachable from `@siegel/core`.
 * @param message - the received message as a stream of bytes
 * @param identities - as for `decryptMessage`
 * @param options - `releaseUnverified`, `maxUnverifiedBytes`, limits, `signal`, crypto
 * @returns the content stream and what protected it
 * @throws before the content: NotARecipientError `ERR_SMIME_NOT_A_RECIPIENT`, SmimeError
 *   `ERR_SMIME_NOT_ENCRYPTED` for a message that is not `pkcs7-mime` enveloped-data,
 *   `ERR_SMIME_MALFORMED_CMS`, `ERR_SMIME_TRUNCATED` for input that ends early,
 *   `ERR_SMIME_DECRYPTION_FAILED` when no entry yields a key, `ERR_SMIME_UNSUPPORTED_CONTENT`
 *   for compressed content, SmimeUnsupportedAlgorithmError, SmimeLimitExceededError; through the
 *   content stream: `ERR_SMIME_DECRYPTION_FAILED` for a bad tag, bad padding or wrong key,
 *   `ERR_SMIME_TRUNCATED`, `ERR_SMIME_MALFORMED_CMS`, SmimeLimitExceededError
 *   (`maxUnverifiedBytes`), `ERR_SMIME_ABORTED`
 * @example
 * ```ts
 * const { content, authenticated } = await decryptStream(file.stream(), me)
 * await content.pipeTo(destination) // rejects, and must be discarded, if the tag fails
 * ```
 */
export async function decryptStream(
  message: ReadableStream<Uint8Array>,
  identities: DecryptionCredential | readonly DecryptionCredential[],
  options?: DecryptStreamOptions,
): Promise<DecryptedStream> {
  requireStream(message)
  const check = abortCheck(options)
  const credentials = resolveCredentials(identities)
  const maxPbkdf2Iterations = pbkdf2Budget(options?.maxPbkdf2Iterations)
  const limits = resolveCmsLimits({ maxRecipientInfos: options?.maxRecipientInfos })
  const maxHeld = heldLimit(options?.maxUnverifiedBytes)
  const outer = new ByteReader(chunksOf(message))
  try {
    return await openStream(outer, credentials, {
      ...options,
      maxPbkdf2Iterations,
      limits,
      maxHeld,
      check,
    })
  } catch (error) {
    await outer.cancel()
    throw error
  }
}

async function openStream(
  outer: ByteReader,
  credentials: readonly ResolvedCredential[],
  options: DecryptStreamOptions & {
    maxPbkdf2Iterations: number
    limits: CmsLimits
    maxHeld: number
    check: () => void
  },
): Promise<DecryptedStream> {
  const { maxPbkdf2Iterations, limits, maxHeld, check } = options
  const block = await outer.headerBlock(MAX_HEADER_BYTES)
  const unprotectedHeaders = parseMessage(block).headers
  const cms = new ByteReader(cmsBytes(outer, unprotectedHeaders))
  const head = await readEnvelopeHead(cms, limits)
  const { envelope } = head
  const cipher = contentCipher(envelope.contentEncryptionAlgorithm)
  if (cipher.mode !== 'cbc' && cipher.mode !== 'gcm')
    throw new SmimeError(
      'ERR_SMIME_UNSUPPORTED_CONTENT',
      `${cipher.name} content is not decrypted as a stream; use decryptMessage`,
    )
  if (envelope.contentType !== CMS_OID.data)
    throw new SmimeError(
      'ERR_SMIME_UNSUPPORTED_CONTENT',
      `content of type ${envelope.contentType} (compressed?) is not decrypted as a stream; use decryptMessage`,
    )
  const crypto = options?.crypto
  const { cek, attempt } = await recoverStreamKey(
    envelope,
    cipher,
    credentials,
    maxPbkdf2Iterations,
    crypto,
  )
  const transform = await contentTransform('decrypt', cipher, cek, crypto)
  const authenticated = cipher.mode === 'gcm' && envelope.kind === 'authEnveloped'
  const hold = cipher.mode === 'gcm' && options?.releaseUnverified !== true
  return {
    content: toReadable(plaintext(cms, head, transform, hold ? maxHeld : undefined, check)),
    authenticated,
    contentEncryption: cipher.name,
    keyEncryption: attempt.recipient.keyEncryptionAlgorithm.oid,
    recipient: describe(attempt.recipient),
    identityIndex: attempt.index,
    unprotectedHeaders,
  }
}

function heldLimit(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_UNVERIFIED_BYTES
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      `expected maxUnverifiedBytes as a positive integer, got ${String(value)}`,
    )
  return value
}

/** The CMS bytes of the body: base64-decoded, or as they are for a binary body. */
function cmsBytes(reader: ByteReader, headers: readonly MimeHeader[]): AsyncGenerator<Uint8Array> {
  const value = (name: string): string | undefined =>
    headers.find((h) => h.name.toLowerCase() === name)?.value
  const type = parseContentType(value('content-type') ?? '')
  const smimeType = type?.parameters['smime-type']?.toLowerCase()
  if (
    !type ||
    !MIME_TYPES.has(type.mediaType) ||
    (smimeType !== undefined && !SMIME_TYPES.has(smimeType))
  )
    throw new SmimeError(
      'ERR_SMIME_NOT_ENCRYPTED',
      `expected application/pkcs7-mime enveloped-data at the top, got ${type?.mediaType ?? 'no Content-Type'}`,
    )
  const encoding = value('content-transfer-encoding')?.trim().toLowerCase()
  return encoding === 'base64' ? transformPieces(reader.rest(), new Base64Decoder()) : reader.rest()
}

async function* plaintext(
  reader: ByteReader,
  head: EnvelopeHead,
  transform: ContentTransform,
  maxHeld: number | undefined,
  check: () => void,
): AsyncGenerator<Uint8Array> {
  try {
    const held: Uint8Array[] = []
    let heldBytes = 0
    const release = function* (pieces: readonly Uint8Array[]): Generator<Uint8Array> {
      for (const piece of pieces) {
        if (piece.length === 0) continue
        if (maxHeld === undefined) yield piece
        else {
          heldBytes += piece.length
          if (heldBytes > maxHeld)
            throw new SmimeLimitExceededError(
              'maxUnverifiedBytes',
              maxHeld,
              heldBytes,
              `the AES-GCM content exceeds maxUnverifiedBytes (${maxHeld}) before its tag; set releaseUnverified to stream it`,
            )
          held.push(piece)
        }
      }
    }
    for await (const piece of octetStringPieces(
      reader,
      head.content,
      'encryptedContent',
      BATCH_BYTES,
    )) {
      check()
      yield* release(await transform.update(piece))
    }
    const { mac } = await readEnvelopeTail(reader, head)
    const last = await transform.finish(mac)
    // The tag verified (or CBC padding checked): what was held may go.
    yield* held
    held.length = 0
    for (const piece of last) if (piece.length > 0) yield piece
  } finally {
    await reader.cancel()
  }
}
