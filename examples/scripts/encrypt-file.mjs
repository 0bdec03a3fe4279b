// Encrypt an .eml file for recipients given as certificate files or as addresses in an address
// book, optionally signed first.
import { readFileSync, writeFileSync } from 'node:fs'
import { loadIdentity, protectMessage } from '@siegel/core'
import { CertificateDirectory, readCertificates, trustAnchorWithFingerprint } from '@siegel/pki'
import { JsonFileStorage } from '../address-book/json-file-storage.mjs'

/**
 * @param {{ input: string, output: string, to?: string[], addresses?: string[], addressBook?: string, messagePassword?: string, signWith?: string, password?: string, roots?: { file: string, sha256: string }[], intermediates?: string[], allowUntrusted?: boolean }} options
 * @returns {Promise<number>} the size of the encrypted message
 */
export async function encryptFile({
  input,
  output,
  to = [],
  addresses = [],
  addressBook,
  messagePassword,
  signWith,
  password,
  roots = [],
  intermediates = [],
  allowUntrusted = false,
}) {
  // A certificate file may hold the chain too: the first certificate is the recipient's.
  const bundles = to.map((file) => readCertificates(readFileSync(file)))
  const directory = addressBook
    ? await CertificateDirectory.open(new JsonFileStorage(addressBook))
    : undefined
  const me = signWith
    ? await loadIdentity({ pkcs12: readFileSync(signWith), password: password ?? '' })
    : undefined
  // Every recipient's certificate must chain to a root we trust: the bundled administration
  // root (always), or a root given with the fingerprint its publisher lists.
  const trustAnchors = await Promise.all(
    roots.map((root) => trustAnchorWithFingerprint(readFileSync(root.file), root.sha256)),
  )
  const encrypted = await protectMessage(readFileSync(input), {
    encryptFor: [...bundles.map((bundle) => bundle[0]), ...addresses],
    directory,
    // Signed first, then encrypted, and encrypted to the sender too, so the sent copy stays readable.
    ...(me ? { signWith: me } : {}),
    trustAnchors,
    intermediates: [
      ...bundles.flatMap((bundle) => bundle.slice(1)),
      ...intermediates.flatMap((file) => readCertificates(readFileSync(file))),
    ],
    allowUntrusted,
    // A password agreed on another channel (RFC 3211), for a recipient without a certificate.
    ...(messagePassword !== undefined
      ? { passwordRecipients: [{ password: messagePassword }] }
      : {}),
  })
  writeFileSync(output, encrypted)
  return encrypted.length
}
