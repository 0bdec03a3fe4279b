import { Certificate } from '../certificate/certificate.js'
import { decodePem } from '../encoding/pem.js'
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { equalBytes } from '../lib/bytes.js'
import { hash, hmacDigest, loadHashes, type HashName } from '../lib/hash.js'
import { PKCS12_MAC, pkcs12Kdf, pkcs12KdfWork } from '../lib/legacy/pkcs12-kdf.js'
import { KdfBudget } from '../lib/limits.js'
import { parsePbe, passwordForms, type PbeDecryption, type Password } from '../lib/pbe.js'
import { buildPrivateKeyInfo, parsePrivateKeyInfo } from '../lib/pkcs8.js'
import type { PrivateKey } from '../key/private-key.js'
import { checkedPrivateKey, makePrivateKey } from '../key/private-key.js'
import {
  decryptPkcs8,
  parseEncryptedPkcs8,
  type KeyDerivationLimits,
} from '../key/read-private-key.js'
import {
  OIDS,
  parsePfx,
  parseSafeContents,
  reader,
  type RawBag,
  type RawPfx,
  type RawSafe,
} from './bags.js'
import { matchIdentities, type Pkcs12Entry, type Pkcs12Identity } from './match.js'

/** Options of {@link readPkcs12}. */
export interface ReadPkcs12Options extends KeyDerivationLimits {
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
 * Hostile files: every key derivation the file asks for (the MAC, each encrypted safe, each
 * shrouded key) is priced and checked against `maxIterations` and `maxTotalIterations` before
 * it runs. The MAC is checked before anything is decrypted; if it does not match, nothing is.
 *
 * Reachable from `@siegel/pki`.
 * @param input - the file as DER bytes, or PEM with a `PKCS12` block
 * @param password - the file's password (`''` for none)
 * @param options - key-derivation limits ({@link KeyDerivationLimits}); crypto implementation
 * @returns identities, certificates and the kind of integrity protection
 * @throws PkiError `ERR_PKI_MAC_MISMATCH` if the MAC does not match (a wrong password, or an
 *   altered or damaged file: the two cannot be told apart without decrypting, which Siegel
 *   refuses to do), `ERR_PKI_BAD_PASSWORD` for a wrong password on a file without MAC,
 *   `ERR_PKI_MALFORMED_PKCS12` for bytes that are no PKCS#12 file (a PBKDF2 keyLength that is
 *   not the cipher's key size included), `ERR_PKI_INVALID_OPTION` for a limit option that is no
 *   positive integer; LimitExceededError (`ERR_PKI_LIMIT_EXCEEDED`, `limit` names it) past
 *   `maxIterations`, `maxTotalIterations` or 1,000 bags; UnsupportedAlgorithmError
 *   (`ERR_PKI_UNSUPPORTED_ALGORITHM`) for schemes Siegel does not implement (RC4, public-key
 *   integrity or privacy modes, PBMAC1)
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
  await loadHashes()
  const budget = new KdfBudget(options)
  const pfx = parsePfx(pfxBytes(input))
  // Price the MAC and every encrypted safe before deriving any key: a file that asks for too
  // much fails at once, not after minutes of work (the shrouded keys are priced once found).
  const safes = pfx.safes.map((safe) =>
    safe.encrypted ? { ...safe, scheme: parsePbe(reader, safe.algorithm, budget) } : safe,
  )
  const mac = pfx.mac && priceMac(pfx.mac, passwordForms(password).length, budget)
  budget.spend(
    safes.reduce((sum, safe) => sum + ('scheme' in safe ? safe.scheme.work : 0), 0),
    'the encrypted safes',
  )
  let pass = passwordForms(password)[0]!
  let integrity: Pkcs12Contents['integrity'] = { mac: 'none' }
  if (mac) {
    const matching = passwordForms(password).find((form) => mac.verify(form, pfx.authSafe))
    // RFC 7292 §5.2: importing reverses creation (§5.1), so the MAC, made last, is checked
    // before anything is decrypted. A wrong password and an altered file look the same here;
    // decrypting altered contents to tell them apart would hand an attacker a padding oracle
    // and cost the work of every safe.
    if (!matching)
      throw new PkiError(
        'ERR_PKI_MAC_MISMATCH',
        'the PKCS#12 MAC does not match: wrong password, or the file was altered or damaged',
      )
    pass = matching
    integrity = { mac: mac.digest, iterations: mac.iterations }
  }
  const bags = await decryptAll(safes, pass, budget, options)
  const keys: { key: PrivateKey; bag: RawBag }[] = []
  const certificates: Pkcs12Entry[] = []
  for (const bag of bags) {
    if (bag.type === OIDS.keyBag) {
      const pkcs8 = bag.value.raw
      const key = makePrivateKey(buildPrivateKeyInfo(parsePrivateKeyInfo(pkcs8)))
      keys.push({ key: await checkedPrivateKey(key), bag })
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

/** The MAC's digest and iterations, checked and booked for `forms` password forms. */
function priceMac(
  mac: NonNullable<RawPfx['mac']>,
  forms: number,
  budget: KdfBudget,
): {
  digest: HashName
  iterations: number
  verify(password: Password, authSafe: Uint8Array): boolean
} {
  const digest = MAC_DIGESTS[mac.digestOid]
  if (!digest)
    throw new UnsupportedAlgorithmError(mac.digestOid, `unsupported MAC algorithm ${mac.digestOid}`)
  const iterations = budget.iterations(reader, mac.iterations, 'the PKCS#12 MAC')
  const h = hash(digest)
  budget.spend(forms * pkcs12KdfWork(h.outputBytes, iterations, h.outputBytes), 'the PKCS#12 MAC')
  return {
    digest,
    iterations,
    // RFC 7292 appendix B.4: the HMAC key comes from the PKCS#12 KDF with ID 3.
    verify: (password, authSafe) => {
      const key = pkcs12Kdf(h, password.bmp, mac.salt, iterations, PKCS12_MAC, h.outputBytes)
      return equalBytes(hmacDigest(digest, key, authSafe), mac.digest)
    },
  }
}

/** Decrypts every encrypted safe and shrouded key; BAD_PASSWORD if the password is wrong. */
async function decryptAll(
  safes: (RawSafe & { scheme?: PbeDecryption })[],
  pass: Password,
  budget: KdfBudget,
  options: ReadPkcs12Options | undefined,
): Promise<RawBag[]> {
  const bags: RawBag[] = []
  for (const safe of safes) {
    if (!safe.encrypted) {
      parseSafeContents(safe.contents, bags)
      continue
    }
    const plain = await safe.scheme!.decrypt(pass, safe.ciphertext, options?.crypto)
    try {
      parseSafeContents(plain, bags)
    } catch (cause) {
      if (cause instanceof PkiError && cause.code === 'ERR_PKI_LIMIT_EXCEEDED') throw cause
      throw new PkiError('ERR_PKI_BAD_PASSWORD', 'the password is wrong (no bags inside)', {
        cause,
      })
    }
  }
  // Shrouded keys are priced all together before the first is decrypted, like the safes.
  const shrouded = bags.flatMap((bag, index) =>
    bag.type === OIDS.pkcs8ShroudedKeyBag
      ? [
          {
            index,
            key: parseEncryptedPkcs8(reader.sequence(bag.value, 'EncryptedPrivateKeyInfo'), budget),
          },
        ]
      : [],
  )
  budget.spend(
    shrouded.reduce((sum, { key }) => sum + key.scheme.work, 0),
    'the shrouded keys',
  )
  for (const { index, key } of shrouded) {
    const pkcs8 = await decryptPkcs8(key, pass, options?.crypto)
    bags[index] = { ...bags[index]!, type: OIDS.keyBag, value: reader.one(pkcs8) }
  }
  return bags
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
