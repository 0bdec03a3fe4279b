import type { DigestName } from '@siegel/pki'
import {
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
import type { SignedContent } from '../verify/check-signer.js'
import { ByteReader, chunksOf, requireStream, truncated } from './byte-reader.js'
import { MAX_HEADER_BYTES } from './entity-stream.js'
import { DigestSet } from './incremental-hash.js'
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
}

/** The result of {@link verifyStream}: the verdicts of `verifyData`, without the content. */
export interface StreamVerification extends Omit<SignedDataVerification, 'content' | 'detached'> {
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
 * Verifies a `multipart/signed` message (RFC 8551 §3.5.3) that arrives as a stream, in
 * constant memory: the signed part is hashed as it passes and never held; only the signature
 * part is kept (up to 16 MiB). The verdicts are those of `verifyData` over the signed part's
 * exact bytes: per signer, signature, signed attributes, certificate and trust chain. Signer
 * verdicts fail for a SignerInfo without signed attributes (its signature covers the content
 * itself, which is gone by then). A signature that fits only the CRLF form of the part (LF
 * line ends) is accepted with `canonicalized: true`. Sender binding and the coverage of
 * `verifyMessage` need the whole message and are not part of the result.
 *
 * Reachable from `@siegel/core`.
 * @param message - the received message as a stream of bytes
 * @param options - trust anchors, certificates, time, limits, `digests`, `signal`
 * @returns the verdicts; a bad signature is a verdict, not an exception
 * @throws SmimeError `ERR_SMIME_NOT_SIGNED` for a message that is not `multipart/signed` at the
 *   top, `ERR_SMIME_MALFORMED_MESSAGE` for a multipart/signed without exactly two parts or a
 *   signature part that is no `pkcs7-signature`, `ERR_SMIME_TRUNCATED` for a message that ends
 *   before its close delimiter, `ERR_SMIME_UNSUPPORTED_CONTENT` for a signer whose digest was
 *   not computed (see `digests`), `ERR_SMIME_ABORTED`; SmimeLimitExceededError for a signature
 *   part over 16 MiB or a header block over 1 MiB; and what `verifyData` throws
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
  try {
    const head = parseMessage(await reader.headerBlock(MAX_HEADER_BYTES))
    const type = parseContentType(
      head.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '',
    )
    const boundary = type?.parameters.boundary
    if (type?.mediaType !== 'multipart/signed' || !boundary)
      throw new SmimeError(
        'ERR_SMIME_NOT_SIGNED',
        `expected multipart/signed with a boundary at the top, got ${type?.mediaType ?? 'no Content-Type'}`,
      )
    const names = options?.digests ?? micalgDigests(type.parameters.micalg)
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
    const scanner = new MultipartScanner(boundary, (part, bytes) => {
      if (part === 1) feed(bytes)
      else if (part === 2) {
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
    }
    if (!scanner.closed) throw truncated('the multipart/signed body')
    scanner.finish()
    feed(new Uint8Array(0))
    const cms = signatureDer(concatBytes(signature))
    const rawDigests = raw.digests()
    const first = await verifySignedData(cms, options, streamedContent(rawDigests))
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
    return { ...verdicts, canonicalized }
  } catch (error) {
    await reader.cancel()
    if (error instanceof MimeError && error.code === 'ERR_MIME_MALFORMED')
      throw new SmimeError('ERR_SMIME_MALFORMED_MESSAGE', error.message, { cause: error })
    throw error
  }
}

function micalgDigests(micalg: string | undefined): DigestName[] {
  const names = (micalg ?? '')
    .split(',')
    .map((name) => MICALG[name.trim().toLowerCase()])
    .filter((name): name is DigestName => name !== undefined)
  return names.length > 0 ? names : ['SHA-256']
}

function streamedContent(digests: Map<DigestName, Uint8Array>): SignedContent {
  return {
    bytes: new Uint8Array(0),
    async digest(name) {
      const digest = digests.get(name)
      if (!digest)
        throw new SmimeError(
          'ERR_SMIME_UNSUPPORTED_CONTENT',
          `a signer uses ${name}, which was not computed over the streamed part (micalg or options.digests)`,
        )
      return digest
    },
  }
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
