import { encodeBase64 } from '@siegel/mime'
import {
  Certificate,
  createSignature,
  digestOid,
  signingDigest,
  type DigestName,
} from '@siegel/pki'
import { SmimeError } from '../errors.js'
import { ascii, concatBytes, digestBytes, toHex } from '../lib/bytes.js'
import { encodeSignedAttributes, encodeSignedData } from '../lib/cms.js'
import { prepareEntity } from './prepare-entity.js'

/** Who signs: a certificate, its private key, and the CA certificates to send along. */
export interface Signer {
  /** The signer's certificate (a `Certificate`, or DER/PEM). */
  certificate: Certificate | Uint8Array | string
  /** The matching private key, e.g. from `importPrivateKey` of `@siegel/pki`. */
  privateKey: CryptoKey
  /** Intermediate CA certificates to include so recipients can build the path. */
  chain?: readonly (Certificate | Uint8Array | string)[]
}

/** Options of {@link signMessage}. */
export interface SignOptions {
  /** The signingTime attribute. Default: the time of the call. */
  signingTime?: Date
  /** For ECDSA keys: the digest instead of the curve's own. */
  digest?: DigestName
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
 * Signs a message as `multipart/signed` with a detached CMS signature (RFC 8551 §3.5.3).
 *
 * The message's content headers and body become the signed first part, in canonical form
 * (CRLF line endings, 7-bit transfer encoding); its other headers (From, To, Subject, ...)
 * stay on the outer message. The signature carries the signed attributes contentType,
 * messageDigest and signingTime, and the signer's certificate and chain.
 *
 * Reachable from `@siegel/core`.
 * @param message - an RFC 5322 message (bytes, or a string encoded as UTF-8)
 * @param signer - certificate, private key and chain
 * @param options - signing time, digest, crypto implementation
 * @returns the signed message
 * @throws SmimeError `ERR_SMIME_INVALID_INPUT` for a missing key or message,
 *   `ERR_SMIME_UNSUPPORTED_CONTENT` for 8-bit multipart content; PkiError for an unusable
 *   certificate or key; MimeError for a message beyond the parser's limits
 * @example
 * ```ts
 * const signed = await signMessage(eml, { certificate: certPem, privateKey: await importPrivateKey(keyPem) })
 * ```
 */
export async function signMessage(
  message: Uint8Array | string,
  signer: Signer,
  options?: SignOptions,
): Promise<Uint8Array> {
  const bytes = typeof message === 'string' ? ascii(message) : message
  if (!(bytes instanceof Uint8Array))
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected the message as Uint8Array or string')
  if (
    !signer?.privateKey ||
    typeof signer.privateKey !== 'object' ||
    !('algorithm' in signer.privateKey)
  ) {
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected signer.privateKey to be a CryptoKey')
  }
  const certificate = toCertificate(signer.certificate)
  const chain = (signer.chain ?? []).map(toCertificate)
  const crypto = options?.crypto
  const { outerHeaders, entity } = prepareEntity(bytes)

  const digest = signingDigest(signer.privateKey, options?.digest)
  const messageDigest = await digestBytes(digest, entity, crypto)
  const attributes = encodeSignedAttributes({
    messageDigest,
    signingTime: options?.signingTime ?? new Date(),
  })
  const created = await createSignature(signer.privateKey, attributes.der, {
    digest,
    ...(crypto ? { crypto } : {}),
  })
  const signedData = encodeSignedData(
    [
      {
        certificateDer: certificate.der,
        digestOid: digestOid(digest),
        signedAttributes: attributes.attributes,
        signatureAlgorithm: created.algorithm,
        signature: created.signature,
      },
    ],
    [certificate.der, ...chain.map((c) => c.der)],
  )

  const boundary = makeBoundary(entity, crypto)
  const head =
    'MIME-Version: 1.0\r\n' +
    `Content-Type: multipart/signed; protocol="application/pkcs7-signature";\r\n` +
    ` micalg=${MICALG[digest]}; boundary="${boundary}"\r\n\r\n` +
    'This is an S/MIME signed message\r\n\r\n' +
    `--${boundary}\r\n`
  const signaturePart =
    `\r\n--${boundary}\r\n` +
    'Content-Type: application/pkcs7-signature; name="smime.p7s"\r\n' +
    'Content-Transfer-Encoding: base64\r\n' +
    'Content-Disposition: attachment; filename="smime.p7s"\r\n' +
    'Content-Description: S/MIME Cryptographic Signature\r\n\r\n'
  return concatBytes([
    outerHeaders,
    ascii(head),
    entity,
    ascii(signaturePart),
    encodeBase64(signedData),
    ascii(`--${boundary}--\r\n`),
  ])
}

function toCertificate(input: Certificate | Uint8Array | string): Certificate {
  return input instanceof Certificate ? input : Certificate.from(input)
}

/** A random boundary; RFC 2046 §5.1.1 requires that it does not occur in the content. */
function makeBoundary(entity: Uint8Array, crypto?: Crypto): string {
  const text = new TextDecoder('latin1').decode(entity)
  for (;;) {
    const random = (crypto ?? globalThis.crypto).getRandomValues(new Uint8Array(12))
    const boundary = `----=_siegel_${toHex(random)}`
    if (!text.includes(boundary)) return boundary
  }
}
