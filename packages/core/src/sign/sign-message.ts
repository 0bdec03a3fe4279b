import type { DigestName } from '@siegel/pki'
import { startSignedData } from '../cms/sign-data.js'
import { SmimeError } from '../errors.js'
import { ascii, concatBytes, toHex } from '../lib/bytes.js'
import { encodeBase64Chunked, Progress } from '../lib/progress.js'
import { withinRuntimeLimits } from '../lib/runtime-limits.js'
import type { ProgressOptions } from '../progress.js'
import {
  protectHeaders,
  type HeaderProtectionOptions,
} from '../header-protection/compose-payload.js'
import { prepareEntityChunked, type PreparedMessage } from './prepare-entity.js'
import type { Signer } from './signer.js'

/** Options of {@link signMessage}. */
export interface SignOptions extends ProgressOptions {
  /**
   * `'detached'` (default): `multipart/signed`, readable without S/MIME support.
   * `'opaque'`: `application/pkcs7-mime; smime-type=signed-data` (`smime.p7m`), which no
   * gateway can alter without breaking the signature, but which only S/MIME clients can read.
   */
  form?: 'detached' | 'opaque'
  /** The signingTime attribute. Default: the time of the call. */
  signingTime?: Date
  /** For ECDSA keys: the digest instead of the curve's own. */
  digest?: DigestName
  /**
   * Header protection (RFC 9788): copy the header fields (From, To, Subject, Date, ...) into
   * the signed entity (`hp="clear"`), so the signature covers them; the outer header section
   * stays as it is. `true` for the defaults. Default `false` here; `protectMessage` turns it
   * on by default.
   */
  headerProtection?: HeaderProtectionOptions | boolean
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

// RFC 8551 §3.5.3.2: micalg names of the digests.
const MICALG: Readonly<Record<DigestName, string>> = {
  'SHA-1': 'sha-1',
  'SHA-256': 'sha-256',
  'SHA-384': 'sha-384',
  'SHA-512': 'sha-512',
}

/**
 * Signs a message (RFC 8551 §3.5): as `multipart/signed` with a detached signature (default), or
 * as opaque `application/pkcs7-mime` signed-data.
 *
 * The message's content headers and body become the signed entity, in canonical form (CRLF line
 * endings, 7-bit transfer encoding, RFC 8551 §3.1); its other headers (From, To, Subject, ...)
 * stay on the outer message (with `headerProtection`, copies of them are signed too, RFC 9788).
 * The signature carries the signed attributes of {@link signData}
 * and every signer's certificate and chain. Several signers sign the same entity.
 *
 * Reachable from `@siegel/core`.
 * @param message - an RFC 5322 message (bytes, or a string encoded as UTF-8)
 * @param signer - one signer or several: certificate, private key and chain
 * @param options - form, signing time, digest, crypto implementation; `signal` to cancel and
 *   `onProgress` for large messages (phases `canonicalize`, `digest`, `encode`)
 * @returns the signed message
 * @throws SmimeError `ERR_SMIME_INVALID_INPUT` for a missing key or message,
 *   `ERR_SMIME_UNSUPPORTED_CONTENT` for 8-bit multipart content,
 *   `ERR_SMIME_UNSUPPORTED_ALGORITHM` for a key that cannot sign; PkiError for an unusable
 *   certificate; MimeError for a message beyond the parser's limits; `ERR_SMIME_ABORTED` once
 *   `signal` is aborted
 * @throws SmimeError `ERR_SMIME_LIMIT_EXCEEDED` for a message too large for the runtime's
 *   buffers or strings (the engine's RangeError as `cause`)
 * @example
 * ```ts
 * const signed = await signMessage(eml, { certificate: certPem, privateKey: await importPrivateKey(keyPem) })
 * ```
 */
export async function signMessage(
  message: Uint8Array | string,
  signer: Signer | readonly Signer[],
  options?: SignOptions,
): Promise<Uint8Array> {
  return withinRuntimeLimits(async () => joinSigned(await signToPieces(message, signer, options)))
}

/** The signed message as one buffer. */
export function joinSigned(signed: SignedPieces): Uint8Array {
  return signed.whole ?? concatBytes([signed.outerHeaders, MIME_VERSION, ...signed.entity])
}

/**
 * A signed message in the pieces it is made of, so that encrypting it next need not join them:
 * the outer headers, then (after a MIME-Version line) the signed message's own entity, its
 * Content-Type and body. `whole` is the joined message where it exists already.
 */
export interface SignedPieces {
  outerHeaders: Uint8Array
  entity: Uint8Array[]
  whole?: Uint8Array
}

const MIME_VERSION = ascii('MIME-Version: 1.0\r\n')

/** {@link signMessage}, its result in pieces (see {@link SignedPieces}). */
export async function signToPieces(
  message: Uint8Array | string,
  signer: Signer | readonly Signer[],
  options?: SignOptions,
): Promise<SignedPieces> {
  const bytes = typeof message === 'string' ? ascii(message) : message
  if (!(bytes instanceof Uint8Array))
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected the message as Uint8Array or string')
  checkForm(options?.form)
  const progress = new Progress(options)
  const prepared = await prepareEntityChunked(bytes, progress)
  const protection = options?.headerProtection ?? false
  if (protection === false) return signPrepared(prepared, signer, options, progress)
  const hp = protection === true ? {} : protection
  return signPrepared(protectHeaders(prepared, 'clear', hp), signer, options, progress)
}

/**
 * {@link signMessage} for a message already split into its outer headers and the entity to
 * sign (and given its protected headers, where it has them); the result in pieces.
 */
export async function signPrepared(
  { outerHeaders, entity }: PreparedMessage,
  signer: Signer | readonly Signer[],
  options: SignOptions | undefined,
  progress: Progress,
): Promise<SignedPieces> {
  const form = checkForm(options?.form)
  const signOptions = {
    detached: form === 'detached',
    ...(options?.signingTime ? { signingTime: options.signingTime } : {}),
    ...(options?.digest ? { digest: options.digest } : {}),
    ...(options?.crypto ? { crypto: options.crypto } : {}),
  }
  const started = await progress.run('digest', entity.length, () =>
    startSignedData(entity, signer, signOptions),
  )
  if (form === 'opaque') {
    const head =
      'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"\r\n' +
      'Content-Transfer-Encoding: base64\r\n' +
      'Content-Disposition: attachment; filename="smime.p7m"\r\n\r\n'
    // The base64 goes straight after the headers, from the SignedData's pieces: the content is
    // read once, never copied into a joined DER first.
    const prefix = concatBytes([outerHeaders, MIME_VERSION])
    const pieces = await started.pieces
    const whole = await encodeBase64Chunked(pieces, concatBytes([prefix, ascii(head)]), progress)
    return { outerHeaders, entity: [whole.subarray(prefix.length)], whole }
  }
  // Made while the signatures are computed on WebCrypto's threads: the boundary (a scan of the
  // entity) and the MIME around the signature.
  const boundary = makeBoundary(entity, options?.crypto)
  const head = ascii(multipartSignedHead(boundary, started.digests))
  const signaturePart = ascii(signaturePartHead(boundary))
  const end = ascii(`--${boundary}--\r\n`)
  const signature = await encodeBase64Chunked(await started.pieces, new Uint8Array(0), progress)
  return { outerHeaders, entity: [head, entity, concatBytes([signaturePart, signature, end])] }
}

function checkForm(form: SignOptions['form']): 'detached' | 'opaque' {
  if (form === undefined) return 'detached'
  if (form !== 'detached' && form !== 'opaque')
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', `unknown form ${String(form)}`)
  return form
}

/** A random boundary; RFC 2046 §5.1.1 requires that it does not occur in the content. */
function makeBoundary(entity: Uint8Array, crypto?: Crypto): string {
  for (;;) {
    const boundary = randomBoundary(crypto)
    if (!containsBytes(entity, ascii(boundary))) return boundary
  }
}

/** A fresh boundary: 96 random bits, which no content contains by chance. */
export function randomBoundary(crypto?: Crypto): string {
  const random = (crypto ?? globalThis.crypto).getRandomValues(new Uint8Array(12))
  return `----=_siegel_${toHex(random)}`
}

/**
 * The multipart/signed header lines and the first delimiter (RFC 8551 §3.5.3), without the
 * MIME-Version line that goes before them.
 */
export function multipartSignedHead(boundary: string, digests: readonly DigestName[]): string {
  return (
    `Content-Type: multipart/signed; protocol="application/pkcs7-signature";\r\n` +
    ` micalg="${digests.map((d) => MICALG[d]).join(',')}"; boundary="${boundary}"\r\n\r\n` +
    'This is an S/MIME signed message\r\n\r\n' +
    `--${boundary}\r\n`
  )
}

/** The delimiter after the signed entity and the headers of the signature part. */
export function signaturePartHead(boundary: string): string {
  return (
    `\r\n--${boundary}\r\n` +
    'Content-Type: application/pkcs7-signature; name="smime.p7s"\r\n' +
    'Content-Transfer-Encoding: base64\r\n' +
    'Content-Disposition: attachment; filename="smime.p7s"\r\n' +
    'Content-Description: S/MIME Cryptographic Signature\r\n\r\n'
  )
}

/** True if `needle` (which contains "_") occurs in `haystack`. */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  // Anchor the search on the needle's rarest byte: "_" never occurs in base64 bodies.
  const anchor = Math.max(0, needle.indexOf(0x5f))
  const byte = needle[anchor]!
  for (let at = haystack.indexOf(byte, anchor); at >= 0; at = haystack.indexOf(byte, at + 1)) {
    const start = at - anchor
    if (start + needle.length > haystack.length) return false
    let i = 0
    while (i < needle.length && haystack[start + i] === needle[i]) i++
    if (i === needle.length) return true
  }
  return false
}
