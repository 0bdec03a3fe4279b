import { PkiError, type DigestName } from '@siegel/pki'
import { SmimeError } from '../errors.js'
import { concatBytes, digestBytes, equalBytes } from '../lib/bytes.js'
import { hexToBytes } from '../lib/hex.js'
import {
  capabilitiesFor,
  encodeSignedAttributes,
  type IssuerSerial,
} from '../lib/signed-attributes.js'
import { encodeSignedData, type SignerInfoSpec } from '../lib/signed-data.js'
import { PQ_SIGNATURE_CAPABILITIES } from '../lib/pq-capabilities.js'
import { signatureScheme, signingKey } from '../lib/signature-algorithm.js'
import { resolveSigners, type Signer } from '../sign/signer.js'
import type { Certificate } from '@siegel/pki'

/** Options of {@link signData}. */
export interface SignDataOptions {
  /** Leave the content out of the SignedData (a detached signature). Default `true`. */
  detached?: boolean
  /** The signingTime attribute. Default: the time of the call. */
  signingTime?: Date
  /**
   * For ECDSA keys: the digest instead of the curve's own (RFC 5753 pairs P-384 with SHA-384);
   * for RSA `PrivateKey`s the digest bound at import. ML-DSA and SLH-DSA keys ignore it and use
   * the digest of their RFC.
   */
  digest?: DigestName
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/**
 * Signs bytes as CMS SignedData (RFC 5652) and returns the DER ContentInfo.
 *
 * Each signer gets the signed attributes contentType, messageDigest, signingTime,
 * smimeCapabilities, ESS signingCertificateV2 (RFC 5035), CMSAlgorithmProtection (RFC 6211) and
 * the encryption key preferences (RFC 8551 and Microsoft's). The signers' certificates and
 * chains are included. Keys: RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA P-256/384/521, Ed25519, and as
 * `PrivateKey`: ML-DSA-44/65/87 (RFC 9882, pure mode, digest SHA-512) and the SLH-DSA SHA2 sets
 * (RFC 9814, digest SHA-256 for the 128-bit sets, SHA-512 above). Several signers, classical
 * and post-quantum, may sign one SignedData; verifiers judge each one separately.
 *
 * Reachable from `@siegel/core`.
 * @param content - the bytes to sign
 * @param signers - one signer or several
 * @param options - detached or attached, signing time, digest, crypto implementation
 * @returns DER `ContentInfo` holding `SignedData` (wrap it with `encodePem('CMS', der)` for PEM)
 * @throws SmimeError `ERR_SMIME_INVALID_INPUT` for a missing key, `ERR_SMIME_UNSUPPORTED_ALGORITHM`
 *   for a key type that cannot sign; PkiError for an unreadable certificate
 * @example
 * ```ts
 * const der = await signData(bytes, { certificate, privateKey }, { detached: false })
 * ```
 */
export async function signData(
  content: Uint8Array,
  signers: Signer | readonly Signer[],
  options?: SignDataOptions,
): Promise<Uint8Array> {
  return concatBytes((await createSignedData(content, signers, options)).pieces)
}

/**
 * {@link signData}, also telling which digests the signers used (for micalg). `digestOf`, where
 * given, supplies the content's digests (computed as the content streamed past).
 */
export async function createSignedData(
  content: Uint8Array,
  signers: Signer | readonly Signer[],
  options?: SignDataOptions,
  digestOf?: (name: DigestName) => Promise<Uint8Array>,
): Promise<{ pieces: Uint8Array[]; digests: DigestName[] }> {
  const started = await startSignedData(content, signers, options, digestOf)
  return { pieces: await started.pieces, digests: started.digests }
}

/**
 * {@link createSignedData} in two steps: it returns once every signature has started, with the
 * digests known and the SignedData still to come. A caller does its own work (a boundary, the
 * MIME headers) while the private-key operations run on WebCrypto's threads.
 */
export async function startSignedData(
  content: Uint8Array,
  signers: Signer | readonly Signer[],
  options?: SignDataOptions,
  digestOf?: (name: DigestName) => Promise<Uint8Array>,
): Promise<{ pieces: Promise<Uint8Array[]>; digests: DigestName[] }> {
  const resolved = resolveSigners(signers)
  const crypto = options?.crypto
  const signingTime = options?.signingTime ?? new Date()
  // Each signature is started, not awaited, so that several signers' private-key operations,
  // and the encoding of the certificates below, run beside one another.
  const signed: Promise<SignerInfoSpec>[] = []
  const digests = new Map<DigestName, Uint8Array>()
  for (const signer of resolved) {
    const keyOptions = {
      ...(options?.digest ? { digest: options.digest } : {}),
      ...(crypto ? { crypto } : {}),
    }
    const scheme = signatureScheme(await signingKey(signer.privateKey, keyOptions), keyOptions)
    let messageDigest = digests.get(scheme.digest)
    if (!messageDigest) {
      messageDigest = await (digestOf?.(scheme.digest) ??
        digestBytes(scheme.digest, content, crypto))
      digests.set(scheme.digest, messageDigest)
    }
    const signedAttributes = encodeSignedAttributes({
      messageDigest,
      signingTime,
      digestAlgorithm: scheme.digestAlgorithm,
      signatureAlgorithm: scheme.signatureAlgorithm,
      certificateHash: await certificateHash(signer.certificate, crypto),
      signer: issuerSerial(signer.certificate),
      encryptionCertificate:
        signer.encryptionCertificate && issuerSerial(signer.encryptionCertificate),
      capabilities: [
        ...capabilitiesFor(signer.encryptionCertificate?.publicKey.type),
        ...(signer.announcePostQuantumSignatures ? PQ_SIGNATURE_CAPABILITIES : []),
      ],
    })
    const spec = {
      ...issuerSerial(signer.certificate),
      digestAlgorithm: scheme.digestAlgorithm,
      signedAttributes,
      signatureAlgorithm: scheme.signatureAlgorithm,
    }
    const signing = scheme
      .sign(signedAttributes)
      .then((signature) => ({ ...spec, signature }), signingFailed)
    signing.catch(() => undefined) // awaited below; a later signer's failure must not orphan it
    signed.push(signing)
  }
  // RFC 8551 §2.5.3: the certificate named by encryptionKeyPreference travels along, so that
  // a receiver can encrypt to it (e.g. an ML-KEM certificate beside a signing certificate).
  const certificates = uniqueDer(
    resolved.flatMap((s) => [
      s.certificate,
      ...(s.encryptionCertificate ? [s.encryptionCertificate] : []),
      ...s.chain,
    ]),
  )
  const pieces = Promise.all(signed).then((signerInfos) =>
    encodeSignedData({
      signers: signerInfos,
      certificates,
      ...(options?.detached === false ? { content } : {}),
    }),
  )
  pieces.catch(() => undefined) // the caller awaits it after its own work, which may throw first
  return { pieces, digests: [...digests.keys()] }
}

/**
 * A private-key operation the runtime refused (a key without the `sign` usage, a token that
 * failed) as a typed error; Siegel's own errors pass as they are.
 */
function signingFailed(cause: unknown): never {
  if (cause instanceof SmimeError || cause instanceof PkiError) throw cause
  const reason = cause instanceof Error ? `: ${cause.message}` : ''
  throw new SmimeError('ERR_SMIME_SIGNING_FAILED', `the private key could not sign${reason}`, {
    cause,
  })
}

// Per certificate object: a signer signs many messages with the same certificate.
const ISSUER_SERIALS = new WeakMap<Certificate, IssuerSerial>()
const CERTIFICATE_HASHES = new WeakMap<Certificate, Uint8Array>()

/** SHA-256 of the certificate, for ESS signingCertificateV2 (RFC 5035 §5.4). */
async function certificateHash(certificate: Certificate, crypto?: Crypto): Promise<Uint8Array> {
  let found = CERTIFICATE_HASHES.get(certificate)
  if (!found) {
    found = await digestBytes('SHA-256', certificate.der, crypto)
    CERTIFICATE_HASHES.set(certificate, found)
  }
  return found
}

export function issuerSerial(certificate: Certificate): IssuerSerial {
  let found = ISSUER_SERIALS.get(certificate)
  if (!found) {
    found = { issuerDer: certificate.issuerDer, serialNumber: hexToBytes(certificate.serialNumber) }
    ISSUER_SERIALS.set(certificate, found)
  }
  return found
}

/** The DER of each certificate once; one issuer and serial number is one certificate. */
function uniqueDer(certificates: readonly Certificate[]): Uint8Array[] {
  const bySerial = new Map<string, Certificate[]>()
  const out: Uint8Array[] = []
  for (const certificate of certificates) {
    const same = bySerial.get(certificate.serialNumber)
    if (same?.some((c) => c === certificate || equalBytes(c.issuerDer, certificate.issuerDer)))
      continue
    if (same) same.push(certificate)
    else bySerial.set(certificate.serialNumber, [certificate])
    out.push(certificate.der)
  }
  return out
}
