import { Certificate } from '../certificate/certificate.js'
import { decodePem } from '../encoding/pem.js'
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { equalBytes } from '../lib/bytes.js'
import { hash, hmacDigest, type HashName } from '../lib/hash.js'
import { PKCS12_MAC, pkcs12Kdf } from '../lib/legacy/pkcs12-kdf.js'
import { checkIterations, passwordForms, pbeDecrypt, type Password } from '../lib/pbe.js'
import { buildPrivateKeyInfo, parsePrivateKeyInfo } from '../lib/pkcs8.js'
import type { PrivateKey } from '../key/private-key.js'
import { makePrivateKey } from '../key/private-key.js'
import { decryptPkcs8 } from '../key/read-private-key.js'
import { OIDS, parsePfx, parseSafeContents, reader, type RawBag } from './bags.js'
import { matchIdentities, type Pkcs12Entry, type Pkcs12Identity } from './match.js'

/** Options of {@link readPkcs12}. */
export interface ReadPkcs12Options {
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/** What a PKCS#12 file held. */
export interface Pkcs12Contents {
  /** Each private key with its certificate (matched by localKeyId, else by public key). */
  identities: Pkcs12Identity[]
  /** Every certificate in the file, in file order. */
  certificates: Pkcs12Entry[]
  /** How the file's integrity was protected. */
  integrity: { mac: HashName; iterations: number } | { mac: 'none' }
}

const MAC_DIGESTS: Readonly<Record<string, HashName>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
}

/**
 * Reads a PKCS#12 (`.p12`/`.pfx`) file: private keys, their certificates and the rest of the
 * chain, with friendly names and local key IDs.
 *
 * Reads modern files (PBES2 with PBKDF2 and AES-CBC, HMAC-SHA-256 MAC) and legacy ones
 * (pbeWithSHAAnd3-KeyTripleDES-CBC, pbeWithSHAAnd40BitRC2-CBC and 128-bit RC2, SHA-1 MAC), in
 * every runtime: the legacy ciphers are Siegel's own, WebCrypto has none of them. Both
 * readings of the empty password are tried (RFC 7292 appendix B.1).
 *
 * Reachable from `@siegel/pki`.
 * @param input - the file as DER bytes, or PEM with a `PKCS12` block
 * @param password - the file's password (`''` for none)
 * @param options - crypto implementation
 * @returns identities, certificates and the kind of integrity protection
 * @throws PkiError `ERR_PKI_BAD_PASSWORD` for a wrong password, `ERR_PKI_MAC_MISMATCH` if the
 *   password decrypts the contents but the MAC does not match (a corrupted or altered file),
 *   `ERR_PKI_MALFORMED_PKCS12` for bytes that are no PKCS#12 file, `ERR_PKI_LIMIT_EXCEEDED`
 *   past the limits; UnsupportedAlgorithmError (`ERR_PKI_UNSUPPORTED_ALGORITHM`) for schemes
 *   Siegel does not implement (RC4, public-key integrity or privacy modes, PBMAC1)
 * @example
 * ```ts
 * const { identities } = await readPkcs12(bytes, 'secret')
 * const { key, certificate, chain } = identities[0]
 * ```
 */
export async function readPkcs12(
  input: Uint8Array | string,
  password: string,
  options?: ReadPkcs12Options,
): Promise<Pkcs12Contents> {
  if (typeof password !== 'string')
    throw new PkiError('ERR_PKI_INVALID_INPUT', 'expected the password as a string')
  const pfx = parsePfx(pfxBytes(input))
  let pass = passwordForms(password)[0]!
  let integrity: Pkcs12Contents['integrity'] = { mac: 'none' }
  if (pfx.mac) {
    const digest = MAC_DIGESTS[pfx.mac.digestOid]
    if (!digest)
      throw new UnsupportedAlgorithmError(
        pfx.mac.digestOid,
        `unsupported MAC algorithm ${pfx.mac.digestOid}`,
      )
    const iterations = checkIterations(pfx.mac.iterations)
    const mac = pfx.mac
    const matching = passwordForms(password).find((form) => {
      const key = pkcs12Kdf(
        hash(digest),
        form.bmp,
        mac.salt,
        iterations,
        PKCS12_MAC,
        hash(digest).outputBytes,
      )
      return equalBytes(hmacDigest(digest, key, pfx.authSafe), mac.digest)
    })
    if (!matching) {
      // Tell a wrong password from a damaged file: if the password opens the contents, the
      // MAC itself (or what it covers) was altered.
      const { decrypted } = await decryptAll(pfx.safes, pass, options)
      // Nothing was encrypted under the password, so nothing tells it right: most likely wrong.
      if (decrypted === 0)
        throw new PkiError(
          'ERR_PKI_BAD_PASSWORD',
          'the PKCS#12 MAC does not match: wrong password?',
        )
      throw new PkiError(
        'ERR_PKI_MAC_MISMATCH',
        'the PKCS#12 MAC does not match: the file was altered or damaged',
      )
    }
    pass = matching
    integrity = { mac: digest, iterations }
  }
  const { bags } = await decryptAll(pfx.safes, pass, options)
  const keys: { key: PrivateKey; bag: RawBag }[] = []
  const certificates: Pkcs12Entry[] = []
  for (const bag of bags) {
    if (bag.type === OIDS.keyBag) {
      const pkcs8 = bag.value.raw
      keys.push({ key: makePrivateKey(buildPrivateKeyInfo(parsePrivateKeyInfo(pkcs8))), bag })
    } else if (bag.type === OIDS.certBag) {
      const certificate = certificateOf(bag)
      if (certificate) certificates.push({ certificate, ...attributes(bag) })
    }
  }
  const identities = await matchIdentities(
    keys.map(({ key, bag }) => ({ key, ...attributes(bag) })),
    certificates,
    options?.crypto,
  )
  return { identities, certificates, integrity }
}

/** Decrypts every encrypted safe and returns all bags; BAD_PASSWORD if the password is wrong. */
async function decryptAll(
  safes: ReturnType<typeof parsePfx>['safes'],
  pass: Password,
  options: ReadPkcs12Options | undefined,
): Promise<{ bags: RawBag[]; decrypted: number }> {
  const bags: RawBag[] = []
  let decrypted = 0
  for (const safe of safes) {
    if (!safe.encrypted) {
      parseSafeContents(safe.contents, bags)
      continue
    }
    const plain = await pbeDecrypt(reader, safe.algorithm, pass, safe.ciphertext, options?.crypto)
    decrypted++
    try {
      parseSafeContents(plain, bags)
    } catch (cause) {
      if (cause instanceof PkiError && cause.code === 'ERR_PKI_LIMIT_EXCEEDED') throw cause
      throw new PkiError('ERR_PKI_BAD_PASSWORD', 'the password is wrong (no bags inside)', {
        cause,
      })
    }
  }
  // Shrouded keys are decrypted here too, so that a wrong password shows wherever it shows.
  for (const [index, bag] of bags.entries()) {
    if (bag.type !== OIDS.pkcs8ShroudedKeyBag) continue
    const pkcs8 = await decryptPkcs8(reader.sequence(bag.value, 'EncryptedPrivateKeyInfo'), {
      password: pass.text,
      ...(options?.crypto ? { crypto: options.crypto } : {}),
    })
    bags[index] = { ...bag, type: OIDS.keyBag, value: reader.one(pkcs8) }
    decrypted++
  }
  return { bags, decrypted }
}

function certificateOf(bag: RawBag): Certificate | undefined {
  // CertBag ::= SEQUENCE { certId, certValue [0] EXPLICIT OCTET STRING }
  const [id, value] = reader.sequence(bag.value, 'CertBag')
  if (reader.oid(id, 'certId') !== OIDS.x509Certificate) return undefined
  if (!reader.isContext(value, 0)) reader.fail('expected [0] certValue')
  return Certificate.from(reader.octets(reader.children(value)[0], 'certValue'))
}

function attributes(bag: RawBag): { friendlyName?: string; localKeyId?: Uint8Array } {
  return {
    ...(bag.friendlyName !== undefined ? { friendlyName: bag.friendlyName } : {}),
    ...(bag.localKeyId ? { localKeyId: bag.localKeyId } : {}),
  }
}

function pfxBytes(input: Uint8Array | string): Uint8Array {
  if (typeof input !== 'string' && !(input instanceof Uint8Array))
    throw new PkiError(
      'ERR_PKI_INVALID_INPUT',
      'expected a PKCS#12 file as Uint8Array or PEM string',
    )
  if (input instanceof Uint8Array && input[0] === 0x30) return input
  const block = decodePem(input).find((b) => b.label === 'PKCS12')
  if (!block)
    throw new PkiError('ERR_PKI_INVALID_PEM', 'expected DER or a PEM block labelled PKCS12')
  return block.der
}
