// Make an identity as files: request a certificate from a CA, pack the CA's answer with the key
// into a .p12 file, or make a self-signed one for tests.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import {
  createCertificateRequest,
  generateKeyPair,
  issueCertificate,
  readCertificates,
  readPrivateKey,
  writePkcs12,
  writePrivateKey,
} from '@siegel/pki'

/** The key types on offer. EC keys sign and decrypt, but not every mail program encrypts to them. */
export const KEY_TYPES = {
  'rsa-3072': 'RSA-3072',
  'rsa-4096': 'RSA-4096',
  'ec-p256': 'P-256',
  'ec-p384': 'P-384',
}

/**
 * Step 1 with a real CA: a new key pair, a certification request (PKCS#10) for the CA, and the
 * private key encrypted with the password. Writes OUT.csr.pem and OUT.key.pem.
 * @param {{ email: string, name: string, organization?: string, country?: string, keyType?: string, password: string, out: string }} options
 * @returns {Promise<{ request: string, key: string }>} the files written
 */
export async function requestCertificate({ email, password, out, ...person }) {
  refuseExisting(`${out}.key.pem`, `${out}.csr.pem`)
  const { privateKey } = await generateKeyPair({ algorithm: algorithmOf(person.keyType) })
  const { pem } = await createCertificateRequest(privateKey, {
    subject: subjectOf(person),
    emails: [email],
  })
  // The key leaves this function only encrypted: writePrivateKey has no unencrypted variant.
  const keyPem = await writePrivateKey(privateKey, { password: required(password) })
  return {
    key: writeNew(`${out}.key.pem`, keyPem, { secret: true }),
    request: writeNew(`${out}.csr.pem`, pem),
  }
}

/**
 * Step 2 with a real CA: the certificate it issued and the key from step 1 in one .p12 file,
 * protected with the key's password. Writes OUT.p12.
 * @param {{ certificate: string, chain?: string[], key: string, password: string, out: string }} options
 * @returns {Promise<{ p12: string, subject: string }>}
 */
export async function packIdentity({ certificate, chain = [], key, password, out }) {
  // CAs answer with one certificate, a PEM bundle or a .p7b: the one that is no CA is yours.
  const files = [certificate, ...chain]
  const certificates = files.flatMap((file) => readCertificates(readFileSync(file)))
  const own = certificates.find((c) => !c.isCA)
  if (!own) throw new Error(`${certificate} holds no end-entity certificate`)
  const privateKey = await readPrivateKey(readFileSync(key), { password: required(password) })
  const p12 = await writePkcs12({ key: privateKey, certificate: own }, password, {
    friendlyName: commonNameOf(own),
    chain: certificates.filter((c) => c !== own && c.isCA),
  })
  return { p12: writeNew(`${out}.p12`, p12, { secret: true }), subject: own.subject }
}

/**
 * For tests only: a self-signed S/MIME certificate (no CA vouches for it, so no recipient's
 * program trusts it) with its key in a .p12 file. Writes OUT.p12 and the certificate OUT.pem.
 * @param {{ email: string, name: string, organization?: string, country?: string, keyType?: string, password: string, out: string }} options
 * @returns {Promise<{ p12: string, certificate: string }>}
 */
export async function makeTestIdentity({ email, password, out, ...person }) {
  refuseExisting(`${out}.p12`, `${out}.pem`)
  const keys = await generateKeyPair({ algorithm: algorithmOf(person.keyType) })
  // The 'smime' profile: key usage by key type, extendedKeyUsage emailProtection, the address as
  // subjectAltName; without an issuer certificate the key signs its own certificate.
  const certificate = await issueCertificate({
    profile: 'smime',
    subject: subjectOf(person),
    emails: [email],
    publicKeyInfo: keys.publicKeyInfo,
    issuerKey: keys.privateKey,
  })
  const p12 = await writePkcs12({ key: keys.privateKey, certificate }, required(password), {
    friendlyName: person.name,
  })
  return {
    p12: writeNew(`${out}.p12`, p12, { secret: true }),
    certificate: writeNew(`${out}.pem`, certificate.toPem()),
  }
}

function algorithmOf(keyType = 'rsa-3072') {
  if (!Object.hasOwn(KEY_TYPES, keyType))
    throw new Error(`unknown key type ${keyType}; expected ${Object.keys(KEY_TYPES).join(', ')}`)
  return KEY_TYPES[keyType]
}

function subjectOf({ name, organization, country }) {
  return {
    commonName: name,
    ...(organization ? { organization } : {}),
    ...(country ? { country } : {}),
  }
}

function commonNameOf(certificate) {
  return certificate.subjectAttributes.find((a) => a.type === 'CN')?.value ?? certificate.subject
}

function required(password) {
  if (!password) throw new Error('a password is required to protect the private key')
  return password
}

// A key file written over is a key lost: nothing here overwrites a file.
function refuseExisting(...files) {
  const existing = files.filter((file) => existsSync(file))
  if (existing.length > 0) throw new Error(`will not overwrite ${existing.join(', ')}`)
}

/** Writes a new file; private keys are readable by their owner only. */
function writeNew(file, data, { secret = false } = {}) {
  writeFileSync(file, data, { flag: 'wx', mode: secret ? 0o600 : 0o644 })
  return file
}
