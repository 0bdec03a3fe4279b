import { CURVE_OIDS, OID, type DigestName } from '../algorithms/oids.js'
import { derFrom } from '../encoding/pem.js'
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { asn1js, parseDer } from '../lib/asn1.js'
import { copyBytes, subtle } from '../lib/bytes.js'

/** Options of {@link importPrivateKey}. */
export interface ImportPrivateKeyOptions {
  /** What the key will do: `'sign'` (default) or `'decrypt'` (RSA-OAEP, ECDH, X25519). */
  usage?: 'sign' | 'decrypt'
  /** Digest bound to an RSA key (WebCrypto binds one at import). Default `'SHA-256'`. */
  hash?: DigestName
  /** RSA signature scheme: `'pkcs1'` (RSASSA-PKCS1-v1_5, default) or `'pss'` (RSA-PSS). */
  rsaScheme?: 'pkcs1' | 'pss'
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/**
 * Imports a private key as a **non-extractable** WebCrypto `CryptoKey`.
 *
 * Accepts PKCS#8 (`PRIVATE KEY`, DER or PEM) and PKCS#1 RSA keys (`RSA PRIVATE KEY`).
 * Key types: RSA, EC P-256/384/521, Ed25519, X25519.
 *
 * Reachable from `@siegel/pki`.
 * @param input - the key as DER bytes, PEM bytes or a PEM string
 * @param options - usage, digest and scheme, crypto implementation
 * @returns a non-extractable `CryptoKey`
 * @throws PkiError `ERR_PKI_MALFORMED_KEY` if the bytes are no private key,
 *   `ERR_PKI_INVALID_PEM` for PEM without a key block; UnsupportedAlgorithmError
 *   (`ERR_PKI_UNSUPPORTED_ALGORITHM`) for a key type or usage this runtime cannot import
 * @example
 * ```ts
 * const key = await importPrivateKey(pemText) // RSASSA-PKCS1-v1_5 with SHA-256
 * ```
 */
export async function importPrivateKey(
  input: Uint8Array | string,
  options?: ImportPrivateKeyOptions,
): Promise<CryptoKey> {
  const der = derFrom(input, ['PRIVATE KEY', 'RSA PRIVATE KEY'], 'a private key')
  const pkcs8 = isPkcs1RsaKey(der) ? wrapPkcs1(der) : der
  const { algorithmOid, curveOid } = readPrivateKeyInfo(pkcs8)
  const usage = options?.usage ?? 'sign'
  const params = importParams(algorithmOid, curveOid, usage, options)
  const usages: KeyUsage[] =
    usage === 'sign' ? ['sign'] : params.name === 'RSA-OAEP' ? ['decrypt'] : ['deriveBits']
  try {
    return await subtle(options?.crypto).importKey('pkcs8', copyBytes(pkcs8), params, false, usages)
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'NotSupportedError') {
      throw new UnsupportedAlgorithmError(
        params.name,
        `this runtime cannot import ${params.name} keys`,
        { cause },
      )
    }
    throw new PkiError(
      'ERR_PKI_MALFORMED_KEY',
      `the ${params.name} private key was rejected on import`,
      { cause },
    )
  }
}

function importParams(
  algorithmOid: string,
  curveOid: string | undefined,
  usage: 'sign' | 'decrypt',
  options: ImportPrivateKeyOptions | undefined,
): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  const hash = options?.hash ?? 'SHA-256'
  switch (algorithmOid) {
    case OID.rsaEncryption:
      if (usage === 'decrypt') return { name: 'RSA-OAEP', hash }
      return { name: options?.rsaScheme === 'pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash }
    case OID.ecPublicKey: {
      const namedCurve = curveOid === undefined ? undefined : CURVE_OIDS[curveOid]
      if (!namedCurve)
        throw new UnsupportedAlgorithmError(
          curveOid ?? 'EC',
          `unsupported EC curve ${curveOid ?? '(none given)'}`,
        )
      return { name: usage === 'sign' ? 'ECDSA' : 'ECDH', namedCurve }
    }
    case OID.ed25519:
      if (usage === 'sign') return { name: 'Ed25519' }
      break
    case OID.x25519:
      if (usage === 'decrypt') return { name: 'X25519' }
      break
    default:
      throw new UnsupportedAlgorithmError(
        algorithmOid,
        `unsupported private key algorithm ${algorithmOid}`,
      )
  }
  throw new UnsupportedAlgorithmError(
    algorithmOid,
    `a ${algorithmOid} key cannot be used to ${usage}`,
  )
}

/** RFC 5208 PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm, privateKey, ... } */
function readPrivateKeyInfo(der: Uint8Array): { algorithmOid: string; curveOid?: string } {
  const root = parseDer(der, 'ERR_PKI_MALFORMED_KEY', 'PKCS#8 PrivateKeyInfo')
  const [version, algorithm, key] = root instanceof asn1js.Sequence ? root.valueBlock.value : []
  const [oid, parameters] = algorithm instanceof asn1js.Sequence ? algorithm.valueBlock.value : []
  if (
    !(version instanceof asn1js.Integer) ||
    !(oid instanceof asn1js.ObjectIdentifier) ||
    !(key instanceof asn1js.OctetString)
  ) {
    throw new PkiError(
      'ERR_PKI_MALFORMED_KEY',
      'expected PrivateKeyInfo ::= SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING }',
    )
  }
  const result: { algorithmOid: string; curveOid?: string } = {
    algorithmOid: oid.valueBlock.toString(),
  }
  if (parameters instanceof asn1js.ObjectIdentifier)
    result.curveOid = parameters.valueBlock.toString()
  return result
}

/** RFC 8017 A.1.2 RSAPrivateKey starts with version 0 followed by the modulus. */
function isPkcs1RsaKey(der: Uint8Array): boolean {
  const root = asn1js.fromBER(der)
  if (root.offset === -1 || !(root.result instanceof asn1js.Sequence)) return false
  const [version, second] = root.result.valueBlock.value
  return version instanceof asn1js.Integer && second instanceof asn1js.Integer
}

function wrapPkcs1(pkcs1: Uint8Array): Uint8Array {
  const info = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: OID.rsaEncryption }), new asn1js.Null()],
      }),
      new asn1js.OctetString({ valueHex: pkcs1 }),
    ],
  })
  return new Uint8Array(info.toBER())
}
