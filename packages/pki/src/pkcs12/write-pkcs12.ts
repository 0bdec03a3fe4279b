import type { Certificate } from '../certificate/certificate.js'
import { PkiError } from '../errors.js'
import { bmpBytes, der } from '../lib/der.js'
import { hash, hmacDigest, loadHashes } from '../lib/hash.js'
import { PKCS12_MAC, pkcs12Kdf } from '../lib/legacy/pkcs12-kdf.js'
import { equalBytes } from '../lib/bytes.js'
import { pbeEncrypt, type PbeScheme } from '../lib/pbe-encrypt.js'
import { privateKeyMaterial, type PrivateKey } from '../key/private-key.js'
import { OIDS } from './bags.js'
import { publicKeyBits } from './match.js'

/** Options of {@link writePkcs12}. */
export interface WritePkcs12Options {
  /**
   * `'modern'` (default): PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC, HMAC-SHA-256 MAC,
   * as OpenSSL 3 writes; read by current OpenSSL, browsers' importers, macOS, Windows 10 1709+
   * when AES is enabled. `'legacy'`: pbeWithSHAAnd3-KeyTripleDES-CBC for key and
   * certificates with a SHA-1 MAC, which old Windows and Outlook import.
   */
  compat?: 'modern' | 'legacy'
  /** The friendlyName mail programs show for the identity. Default: none. */
  friendlyName?: string
  /** Issuer certificates to include, nearest first. Default: none. */
  chain?: readonly Certificate[]
  /**
   * PBKDF2 and MAC iterations. Default 100,000 (modern) or 2,048 (legacy, as Windows). Reading
   * costs three times the count (MAC, key, certificates; seven for legacy), so over 333,333
   * (legacy: 142,857) {@link readPkcs12} reads the file back only with a raised
   * `maxTotalIterations`, and over 1,000,000 only with a raised `maxIterations`.
   */
  iterations?: number
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

// Above this a file takes seconds to open anywhere; below 1 000 is no protection.
const MAX_ITERATIONS = 10_000_000

/**
 * Writes a private key, its certificate and chain as a password-protected PKCS#12 file that
 * `openssl pkcs12`, Windows, macOS and mail programs import.
 *
 * Reachable from `@siegel/pki`.
 * @param identity - the key and its certificate
 * @param password - the file's password
 * @param options - compatibility variant, friendly name, chain, iterations
 * @returns the DER bytes of the file (`.p12`)
 * @throws PkiError `ERR_PKI_KEY_MISMATCH` if the key does not belong to the certificate,
 *   `ERR_PKI_INVALID_OPTION` for bad options, `ERR_PKI_INVALID_INPUT` for a key not made by
 *   this package
 * @example
 * ```ts
 * const p12 = await writePkcs12({ key, certificate }, 'secret', { friendlyName: 'Erika' })
 * ```
 */
export async function writePkcs12(
  identity: { key: PrivateKey; certificate: Certificate },
  password: string,
  options?: WritePkcs12Options,
): Promise<Uint8Array> {
  if (typeof password !== 'string')
    throw new PkiError('ERR_PKI_INVALID_INPUT', 'expected the password as a string')
  await loadHashes()
  const compat = options?.compat ?? 'modern'
  if (compat !== 'modern' && compat !== 'legacy')
    throw new PkiError(
      'ERR_PKI_INVALID_OPTION',
      `compat must be 'modern' or 'legacy', got ${String(compat)}`,
    )
  const iterations = options?.iterations ?? (compat === 'modern' ? 100_000 : 2048)
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS)
    throw new PkiError(
      'ERR_PKI_INVALID_OPTION',
      `iterations must be 1…${MAX_ITERATIONS}, got ${iterations}`,
    )
  const { key, certificate } = identity
  const crypto = options?.crypto
  const spki = await key.publicKeyInfo(crypto ? { crypto } : undefined)
  if (!equalBytes(publicKeyBits(spki), publicKeyBits(certificate.publicKey.spki)))
    throw new PkiError(
      'ERR_PKI_KEY_MISMATCH',
      `the key does not belong to "${certificate.subject}"`,
    )

  const scheme: PbeScheme = compat === 'modern' ? 'pbes2-aes256-cbc' : 'pkcs12-3des'
  // OpenSSL and Windows tie key and certificate by the certificate's SHA-1 hash.
  const localKeyId = hash('SHA-1').digest(certificate.der)
  const attributes = der.set(
    ...(options?.friendlyName !== undefined
      ? [der.seq(der.oid(OIDS.friendlyName), der.set(der.bmp(options.friendlyName)))]
      : []),
    der.seq(der.oid(OIDS.localKeyId), der.set(der.octets(localKeyId))),
  )
  const shrouded = await pbeEncrypt(scheme, password, privateKeyMaterial(key), iterations, crypto)
  const keyBag = der.seq(
    der.oid(OIDS.pkcs8ShroudedKeyBag),
    der.ctx(0, true, der.seq(shrouded.algorithm, der.octets(shrouded.encrypted))),
    attributes,
  )
  const certBag = (cert: Certificate, attrs?: Uint8Array): Uint8Array =>
    der.seq(
      der.oid(OIDS.certBag),
      der.ctx(
        0,
        true,
        der.seq(der.oid(OIDS.x509Certificate), der.ctx(0, true, der.octets(cert.der))),
      ),
      ...(attrs ? [attrs] : []),
    )
  const certs = der.seq(
    certBag(certificate, attributes),
    ...(options?.chain ?? []).map((c) => certBag(c)),
  )
  const encryptedCerts = await pbeEncrypt(scheme, password, certs, iterations, crypto)
  const authSafe = der.seq(
    der.seq(
      der.oid(OIDS.encryptedData),
      der.ctx(
        0,
        true,
        der.seq(
          der.int(0),
          der.seq(
            der.oid(OIDS.data),
            encryptedCerts.algorithm,
            der.ctx(0, false, encryptedCerts.encrypted),
          ),
        ),
      ),
    ),
    der.seq(der.oid(OIDS.data), der.ctx(0, true, der.octets(der.seq(keyBag)))),
  )
  // RFC 7292 §5.1 and appendix B: the MAC key comes from the PKCS#12 KDF (ID 3).
  const digest = compat === 'modern' ? 'SHA-256' : 'SHA-1'
  const salt = (crypto ?? globalThis.crypto).getRandomValues(
    new Uint8Array(compat === 'modern' ? 16 : 8),
  )
  const macKey = pkcs12Kdf(
    hash(digest),
    bmpBytes(password, true),
    salt,
    iterations,
    PKCS12_MAC,
    hash(digest).outputBytes,
  )
  const mac = hmacDigest(digest, macKey, authSafe)
  const digestOid = digest === 'SHA-256' ? '2.16.840.1.101.3.4.2.1' : '1.3.14.3.2.26'
  return der.seq(
    der.int(3),
    der.seq(der.oid(OIDS.data), der.ctx(0, true, der.octets(authSafe))),
    der.seq(
      der.seq(der.seq(der.oid(digestOid), der.null()), der.octets(mac)),
      der.octets(salt),
      der.int(iterations),
    ),
  )
}
