import type { DigestName } from '@siegel/pki'
import {
  Base64Decoder,
  decodeBody,
  LineEndingCanonicalizer,
  MimeError,
  MultipartScanner,
  parseContentType,
  parseMessage,
} from '@siegel/mime'
import {
  verifySignedData,
  type SignedDataVerification,
  type VerifyDataOptions,
} from '../cms/verify-data.js'
import { SmimeError, SmimeLimitExceededError } from '../errors.js'
import { concatBytes } from '../lib/bytes.js'
import { scanBody } from '../sign/prepare-entity.js'
import { ByteReader, chunksOf, requireStream, truncated } from './byte-reader.js'
import { MAX_HEADER_BYTES } from './entity-stream.js'
import { transformPieces } from './content-transform.js'
import { DigestSet } from './incremental-hash.js'
import { streamedContent } from './streamed-content.js'
import { verifyOpaque } from './verify-opaque.js'
import { abortCheck, type StreamOptions } from './stream-options.js'

/** Options of {@link verifyStream}: those of `verifyData` but the content, and a few more. */
export interface VerifyStreamOptions extends Omit<VerifyDataOptions, 'content'>, StreamOptions {
  /**
   * The digests to compute over the signed part. The signature comes after the part it signs,
   * so they must be chosen before: default, those the `micalg` parameter names (RFC 8551
   * §3.5.3.2), or SHA-256 if it names none we know. A signer using another digest makes the
   * promise reject with `ERR_SMIME_UNSUPPORTED_CONTENT`.
   */
  digests?: readonly DigestName[]
  /**
   * Where the signed content goes as it passes: the signed part of a `multipart/signed` (the
   * MIME entity as received), or the encapsulated content of opaque signed-data. It is written
   * before the verdict exists: treat it as unverified until the promise resolves with the
   * status you require. Closed at the end; aborted with the error if verification fails.
   * Default: none (the content is only hashed).
   */
  signedContent?: WritableStream<Uint8Array>
}

/** The result of {@link verifyStream}: the verdicts of `verifyData`, without the content. */
export interface StreamVerification extends Omit<SignedDataVerification, 'content' | 'detached'> {
  /** `detached` for multipart/signed, `opaque` for application/pkcs7-mime signed-data. */
  form: 'detached' | 'opaque'
  /**
   * True when the signature fits the signed part only with its line breaks made CRLF (a
   * message stored with LF line ends): the verdicts are over that form, as `verifyMessage`
   * reports with its `CANONICALIZED` warning.
   */
  canonicalized: boolean
}

/**
 * The signature part may not exceed this. It holds the SignedData: signatures and the
 * certificates sent along (a few KiB; a CA's certs-only set some hundred KiB). 16 MiB is far
 * beyond that and bounds what the one buffered part makes us hold.
 */
const MAX_SIGNATURE_PART_BYTES = 16 * 1024 * 1024

const MICALG: Readonly<Record<string, DigestName>> = {
  'sha-1': 'SHA-1',
  sha1: 'SHA-1',
  'sha-256': 'SHA-256',
  sha256: 'SHA-256',
  'sha-384': 'SHA-384',
  sha384: 'SHA-384',
  'sha-512': 'SHA-512',
  sha512: 'SHA-512',
}

/**
 * Verifies a signed message that arrives as a stream, in constant memory: `multipart/signed`
 * (RFC 8551 §3.5.3), whose signed part is hashed as it passes and whose signature part is kept
 * (up to 16 MiB), or opaque `application/pkcs7-mime` signed-data (§3.5.2, DER or BER as
 * `openssl cms -sign -nodetach -stream` writes it), whose content is hashed as it passes and
 * whose certificates and SignerInfos are kept (up to 16 MiB). `signedContent` receives the
 * signed content on the way. The verdicts are those of `verifyData` over the exact bytes: per
 * signer, signature, signed attributes, certificate and trust chain. A SignerInfo without
 * signed attributes signs the content itself, which is gone by then: an RSA PKCS #1 v1.5
 * signature is checked from the streamed digest, any other gets the signature verdict
 * `ERR_SMIME_UNSUPPORTED_CONTENT` (`verifyMessage` checks it). A multipart/signed part that verifies only in CRLF form (LF line ends) is accepted
 * with `canonicalized: true`. Sender binding and the coverage of `verifyMessage` need the whole
 * message and are not part of the result.
 *
 * Reachable from `@siegel/core`.
 * @param message - the received message as a stream of bytes
 * @param options - trust anchors, certificates, time, limits, `digests`, `signedContent`,
 *   `signal`
 * @returns the verdicts; a bad signature is a verdict, not an exception
 * @throws SmimeError `ERR_SMIME_NOT_SIGNED` for a message that is neither `multipart/signed`
 *   nor signed-data at the top, `ERR_SMIME_MALFORMED_MESSAGE` for a multipart/signed without
 *   exactly two parts, with a boundary over 70 characters, or a signature part that is no
 *   `pkcs7-signature`,
 *   `ERR_SMIME_MALFORMED_CMS` for unreadable SignedData, `ERR_SMIME_TRUNCATED` for a message
 *   that ends early, `ERR_SMIME_UNSUPPORTED_CONTENT` for a signer whose digest was not computed
 *   (see `digests`), `ERR_SMIME_ABORTED`; SmimeLimitExceededError for a signature part over 16
 *   MiB or a header block over 1 MiB; and what `verifyData` throws
 * @example
 * ```ts
 * const result = await verifyStream(file.stream(), { trustAnchors: [root] })
 * if (result.status === 'valid') console.log('signed by', result.signers[0]?.certificate?.subject)
 * ```
 */
export async function verifyStream(
  message: ReadableStream<Uint8Array>,
  options?: VerifyStreamOptions,
): Promise<StreamVerification> {
  requireStream(message)
  const check = abortCheck(options)
  const reader = new ByteReader(chunksOf(message))
  const sink = options?.signedContent?.getWriter()
  const write = async (bytes: Uint8Array): Promise<void> => {
    if (sink && bytes.length > 0) await sink.write(bytes.slice())
  }
  try {
    const head = parseMessage(await reader.headerBlock(MAX_HEADER_BYTES))
    const header = (name: string): string | undefined =>
      head.headers.find((h) => h.name.toLowerCase() === name)?.value
    const type = parseContentType(header('content-type') ?? '')
    let result: StreamVerification
    if (type && OPAQUE_TYPES.has(type.mediaType)) {
      const smimeType = type.parameters['smime-type']?.toLowerCase()
      if (smimeType !== undefined && smimeType !== 'signed-data')
        throw new SmimeError(
          'ERR_SMIME_NOT_SIGNED',
          `expected signed-data, got smime-type=${smimeType}`,
        )
      const encoding = header('content-transfer-encoding')?.trim().toLowerCase()
      const body =
        encoding === 'base64' ? transformPieces(reader.rest(), new Base64Decoder()) : reader.rest()
      const verified = await verifyOpaque(
        new ByteReader(body),
        { ...options, digests: checkDigests(options?.digests) ?? [] },
        write,
        check,
      )
      const { content: _content, detached: _detached, ...verdicts } = verified
      result = { ...verdicts, form: 'opaque', canonicalized: false }
    } else {
      const boundary = type?.parameters.boundary
      if (type?.mediaType !== 'multipart/signed' || !boundary)
        throw new SmimeError(
          'ERR_SMIME_NOT_SIGNED',
          `expected multipart/signed or pkcs7-mime signed-data at the top, got ${type?.mediaType ?? 'no Content-Type'}`,
        )
      // The streaming scanner takes RFC 2046 §5.1.1 boundaries only (1 to 70 characters).
      if (boundary.length > 70)
        throw new SmimeError(
          'ERR_SMIME_MALFORMED_MESSAGE',
          `the multipart/signed boundary has ${boundary.length} characters; RFC 2046 §5.1.1 allows at most 70`,
        )
      const digests = checkDigests(options?.digests) ?? micalgDigests(type.parameters.micalg)
      result = await verifyDetached(reader, boundary, digests, options, write, check)
    }
    await sink?.close()
    return result
  } catch (error) {
    await reader.cancel()
    await sink?.abort(error).catch(() => undefined)
    if (error instanceof MimeError && error.code === 'ERR_MIME_MALFORMED')
      throw new SmimeError('ERR_SMIME_MALFORMED_MESSAGE', error.message, { cause: error })
    throw error
  }
}

const OPAQUE_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime'])

/** multipart/signed: the first part hashed (and its CRLF form, once it differs), the second kept. */
async function verifyDetached(
  reader: ByteReader,
  boundary: string,
  names: readonly DigestName[],
  options: VerifyStreamOptions | undefined,
  write: (bytes: Uint8Array) => Promise<void>,
  check: () => void,
): Promise<StreamVerification> {
  const raw = await DigestSet.of(names)
  let canonical: DigestSet | undefined
  const crlf = new LineEndingCanonicalizer()
  const signature: Uint8Array[] = []
  let signatureBytes = 0
  const feed = (bytes: Uint8Array): void => {
    const holding = crlf.holding
    const changedBefore = crlf.changed
    const out =
      bytes.length === 0
        ? crlf.finish()
        : crlf.holding || scanBody(bytes).bareLineBreaks
          ? crlf.push(bytes)
          : bytes
    // Until the first rewrite the CRLF form is the received one: its digests start as copies.
    if (!changedBefore && crlf.changed) canonical = raw.clone()
    else if (canonical) canonical.update(out)
    if (!changedBefore && crlf.changed) canonical!.update(out.subarray(holding ? 1 : 0))
    raw.update(bytes)
  }
  const signed: Uint8Array[] = []
  const scanner = new MultipartScanner(boundary, (part, bytes) => {
    if (part === 1) {
      feed(bytes)
      signed.push(bytes)
    } else if (part === 2) {
      signatureBytes += bytes.length
      if (signatureBytes > MAX_SIGNATURE_PART_BYTES)
        throw new SmimeLimitExceededError(
          'maxSignaturePartBytes',
          MAX_SIGNATURE_PART_BYTES,
          signatureBytes,
          `expected the signature part within ${MAX_SIGNATURE_PART_BYTES} bytes`,
        )
      signature.push(bytes.slice())
    } else if (part > 2)
      throw new SmimeError(
        'ERR_SMIME_MALFORMED_MESSAGE',
        'a multipart/signed with more than two parts (RFC 1847 §2.1)',
      )
  })
  for await (const chunk of reader.rest()) {
    check()
    scanner.push(chunk)
    for (const bytes of signed.splice(0)) await write(bytes)
  }
  if (!scanner.closed) throw truncated('the multipart/signed body')
  scanner.finish()
  feed(new Uint8Array(0))
  const cms = signatureDer(concatBytes(signature))
  const first = await verifySignedData(cms, options, streamedContent(raw.digests()))
  let result: SignedDataVerification = first
  let canonicalized = false
  if (first.status === 'invalid' && canonical) {
    const retry = await verifySignedData(cms, options, streamedContent(canonical.digests()))
    if (retry.status !== 'invalid') {
      result = retry
      canonicalized = true
    }
  }
  const { content: _content, detached: _detached, ...verdicts } = result
  return { ...verdicts, form: 'detached', canonicalized }
}

const DIGESTS: ReadonlySet<string> = new Set(Object.values(MICALG))

/** `options.digests`, each one a digest this function can compute. */
function checkDigests(
  digests: readonly DigestName[] | undefined,
): readonly DigestName[] | undefined {
  if (digests === undefined) return undefined
  if (!Array.isArray(digests) || !digests.every((d) => DIGESTS.has(d)))
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      `expected digests as a list of SHA-1, SHA-256, SHA-384, SHA-512, got ${String(digests)}`,
    )
  return digests
}

function micalgDigests(micalg: string | undefined): DigestName[] {
  const names = (micalg ?? '')
    .split(',')
    .map((name) => MICALG[name.trim().toLowerCase()])
    .filter((name): name is DigestName => name !== undefined)
  return names.length > 0 ? names : ['SHA-256']
}

/** The DER of the signature part (`application/pkcs7-signature`, base64 or binary). */
function signatureDer(part: Uint8Array): Uint8Array {
  const parsed = parseMessage(part)
  const type = parseContentType(
    parsed.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '',
  )
  if (!type || !/^application\/(x-)?pkcs7-signature$/.test(type.mediaType))
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_MESSAGE',
      `expected the second part to be application/pkcs7-signature, got ${type?.mediaType ?? 'no Content-Type'}`,
    )
  return decodeBody(parsed)
}
