import { Certificate, type PrivateKey } from '@siegel/pki'
import { NotARecipientError, SmimeError, type RecipientId } from '../errors.js'
import { equalBytes, toHex } from '../lib/bytes.js'
import { contentCipher, decryptContent } from '../lib/content-cipher.js'
import { childrenOf, readOid, readRoot } from '../lib/der.js'
import {
  decodeEnvelope,
  type DecodedRecipient,
  type RecipientIdentifier,
} from '../lib/enveloped-data.js'
import { unwrapAgreedKey } from '../lib/key-agreement.js'
import { unwrapTransportedKey } from '../lib/key-transport.js'

/** Who can decrypt: a certificate and its private key. */
export interface DecryptionIdentity {
  /** The recipient certificate (a `Certificate`, or DER/PEM). */
  certificate: Certificate | Uint8Array | string
  /** Its private key, from `readPrivateKey`, `readPkcs12` or `loadIdentity`. */
  privateKey: PrivateKey
}

/** The decrypted content of an envelope, and how it was protected. */
export interface OpenedEnvelope {
  content: Uint8Array
  authenticated: boolean
  contentEncryption: string
  keyEncryption: string
  recipient: RecipientId
  /** The index of the identity that decrypted it. */
  identityIndex: number
}

type KnownRecipient = Exclude<DecodedRecipient, { type: 'other' }>

// A message to hundreds of recipients is a mailing list; each attempt costs an RSA operation.
const MAX_ATTEMPTS = 64

/**
 * Decrypts CMS EnvelopedData or AuthEnvelopedData with the identities that are recipients.
 * Every matching recipient is tried; a wrong key, a bad RSA v1.5 padding (implicit rejection),
 * bad CBC padding and a bad tag all end in the same ERR_SMIME_DECRYPTION_FAILED.
 */
export async function openEnvelope(
  cms: Uint8Array,
  identities: readonly DecryptionIdentity[],
  crypto?: Crypto,
): Promise<OpenedEnvelope> {
  const envelope = decodeEnvelope(cms)
  const cipher = contentCipher(envelope.contentEncryptionAlgorithm)
  const certificates = identities.map((i) =>
    i.certificate instanceof Certificate ? i.certificate : Certificate.from(i.certificate),
  )
  const attempts: { recipient: KnownRecipient; index: number }[] = []
  for (const recipient of envelope.recipients) {
    if (recipient.type === 'other') continue
    certificates.forEach((certificate, index) => {
      if (matches(recipient.rid, certificate)) attempts.push({ recipient, index })
    })
  }
  if (attempts.length === 0) {
    const named = envelope.recipients.map(describe)
    throw new NotARecipientError(
      named,
      `the message is for ${named.length} recipient(s), none of them the given identities: ${named.map(describeText).join('; ')}`,
    )
  }
  if (attempts.length > MAX_ATTEMPTS)
    throw new SmimeError(
      'ERR_SMIME_LIMIT_EXCEEDED',
      `more than ${MAX_ATTEMPTS} matching recipients`,
    )
  let unsupported: unknown
  const aead = {
    ...(envelope.mac ? { mac: envelope.mac } : {}),
    ...(envelope.authenticatedAttributes ? { aad: envelope.authenticatedAttributes } : {}),
  }
  for (const { recipient, index } of attempts) {
    const privateKey = identities[index]!.privateKey
    // RSA v1.5 needs the key length up front (implicit rejection); RC2 allows two lengths.
    const lengths = recipient.type === 'keyTransport' ? cipher.keyLengths : [0]
    for (const length of lengths) {
      let cek: Uint8Array
      try {
        cek =
          recipient.type === 'keyTransport'
            ? await unwrapTransportedKey(
                privateKey,
                recipient.keyEncryptionAlgorithm,
                recipient.encryptedKey,
                length,
                crypto,
              )
            : await unwrapAgreedKey(privateKey, recipient, crypto)
      } catch (error) {
        // Keep an algorithm we lack as the hint; a failed unwrap is like a wrong key.
        if (!(error instanceof SmimeError && error.code === 'ERR_SMIME_DECRYPTION_FAILED'))
          unsupported = error
        break
      }
      try {
        const content = await decryptContent(cipher, cek, envelope.encryptedContent, aead, crypto)
        return {
          content,
          authenticated: cipher.authenticated && envelope.kind === 'authEnveloped',
          contentEncryption: cipher.name,
          keyEncryption: recipient.keyEncryptionAlgorithm.oid,
          recipient: describe(recipient),
          identityIndex: index,
        }
      } catch (error) {
        if (!(error instanceof SmimeError && error.code === 'ERR_SMIME_DECRYPTION_FAILED'))
          throw error
      } finally {
        cek.fill(0)
      }
    }
  }
  if (unsupported && attempts.length === 1) throw unsupported
  // No cause attached: which step failed must not be observable (RFC 3218 §2.3).
  throw new SmimeError(
    'ERR_SMIME_DECRYPTION_FAILED',
    `the ${cipher.name} message does not decrypt with the matching key: wrong key, or altered`,
  )
}

function matches(rid: RecipientIdentifier, certificate: Certificate): boolean {
  if (rid.kind === 'issuerAndSerialNumber')
    return (
      equalBytes(rid.issuerDer, certificate.issuerDer) &&
      rid.serialNumber === certificate.serialNumber
    )
  const ski = certificate.subjectKeyIdentifier
  return ski !== undefined && equalBytes(ski, rid.keyIdentifier)
}

function describe(recipient: DecodedRecipient): RecipientId {
  if (recipient.type === 'other')
    return { kind: 'other', description: `RecipientInfo [${recipient.tag & 0x1f}]` }
  const rid = recipient.rid
  if (rid.kind === 'subjectKeyIdentifier')
    return { kind: 'subjectKeyIdentifier', keyIdentifier: toHex(rid.keyIdentifier) }
  return {
    kind: 'issuerAndSerialNumber',
    issuer: issuerName(rid.issuerDer),
    serialNumber: rid.serialNumber,
  }
}

function describeText(id: RecipientId): string {
  if (id.kind === 'issuerAndSerialNumber') return `${id.issuer} serial ${id.serialNumber}`
  if (id.kind === 'subjectKeyIdentifier') return `key identifier ${id.keyIdentifier}`
  return id.description
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '1.2.840.113549.1.9.1': 'E',
}

/** The issuer Name as text, e.g. `CN=Example CA, O=Example`; hex of the DER if unreadable. */
function issuerName(der: Uint8Array): string {
  try {
    const decoder = new TextDecoder()
    const parts: string[] = []
    // Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue)
    for (const rdn of childrenOf(der, readRoot(der))) {
      for (const atv of childrenOf(der, rdn)) {
        const [type, value] = childrenOf(der, atv)
        const name = readOid(der, type!)
        const text = decoder.decode(der.subarray(value!.contentStart, value!.contentEnd))
        parts.push(`${SHORT_NAMES[name] ?? name}=${text}`)
      }
    }
    return parts.join(', ')
  } catch {
    return toHex(der) // an unreadable Name is still reported, as its bytes
  }
}
