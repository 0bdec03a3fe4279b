// Open an .eml file: decrypt it, peel its S/MIME layers, print the summary, save the attachments,
// and keep the signer's certificate in an address book.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { loadIdentity, openMessage } from '@siegel/core'
import { collectContent } from '@siegel/mime'
import { CertificateDirectory, trustAnchorWithFingerprint } from '@siegel/pki'
import { JsonFileStorage } from '../address-book/json-file-storage.mjs'
import { EXIT } from './cli.mjs'

/**
 * @param {{ input: string, roots?: { file: string, sha256: string }[], p12?: string, password?: string, messagePassword?: string, addressBook?: string, attachmentsDir?: string }} options
 * @returns {Promise<{ summary: string, exitStatus: number, layers: object[], from: string | undefined, subject: string | undefined, protectedHeaders: string[], changedHeaders: string[], text: string | undefined, saved: string[] }>}
 */
export async function openFile({
  input,
  roots = [],
  p12,
  password,
  messagePassword,
  addressBook,
  attachmentsDir,
}) {
  // A root is trusted only with the fingerprint its publisher lists: no trust on first use.
  const trustAnchors = await Promise.all(
    roots.map((root) => trustAnchorWithFingerprint(readFileSync(root.file), root.sha256)),
  )
  // Encrypted mail opens with your own identity; a trusted signer is filed in the address book.
  const identities = p12
    ? [await loadIdentity({ pkcs12: readFileSync(p12), password: password ?? '' })]
    : []
  // Mail encrypted to an agreed password (RFC 3211) opens with that password instead.
  if (messagePassword !== undefined) identities.push({ password: messagePassword })
  const directory = addressBook
    ? await CertificateDirectory.open(new JsonFileStorage(addressBook))
    : undefined
  const opened = await openMessage(readFileSync(input), { trustAnchors, identities, directory })
  const content = collectContent(opened.message)
  const saved = []
  if (attachmentsDir) {
    mkdirSync(attachmentsDir, { recursive: true })
    for (const part of content.attachments) {
      // The file name comes from the sender: keep only its last component.
      const name = basename(part.filename ?? `part-${saved.length + 1}.bin`)
      writeFileSync(join(attachmentsDir, name), part.content)
      saved.push(name)
    }
  }
  // The protected header fields where the message has them (RFC 9788), else the ones outside
  // every layer, as the sender's program wrote them; RFC 2047 encoded words decoded.
  const field = (name) => opened.headers.shown.find((f) => f.name.toLowerCase() === name)
  // A Legacy Display Element repeats the protected fields atop the text: drop it only where
  // Siegel found that it matches them (an element of the drafts is a whole part).
  const legacy = (part) => opened.headers.legacyDisplay.find((l) => l.part === part && l.removed)
  const plain = content.bodyParts.filter(
    (part) => part.contentType.mediaType === 'text/plain' && legacy(part)?.form !== 'draft',
  )
  return {
    summary: opened.summary,
    exitStatus: exitStatus(opened.layers),
    layers: opened.layers.map(describeLayer),
    from: field('from')?.value,
    subject: field('subject')?.value,
    protectedHeaders: opened.headers.protectedFields,
    changedHeaders: opened.headers.differences
      .filter((d) => d.kind === 'altered')
      .map((d) => d.name),
    text:
      plain.length > 0
        ? plain.map((part) => legacy(part)?.text ?? part.text).join('\n')
        : undefined,
    saved,
  }
}

// The worst signature verdict decides the exit status; worst first.
const VERDICT_EXIT = [
  ['invalid', EXIT.invalid],
  ['unknown-signer', EXIT.unknownSigner],
  ['sender-mismatch', EXIT.senderMismatch],
  ['partially-signed', EXIT.partiallySigned],
  ['untrusted', EXIT.untrusted],
]

/** The exit status for a pipeline: 0 when every signature is valid (or there is none). */
export function exitStatus(layers) {
  const statuses = layers.filter((l) => l.kind === 'signed').map((l) => l.verification.status)
  return VERDICT_EXIT.find(([status]) => statuses.includes(status))?.[1] ?? EXIT.ok
}

/** A layer as plain data for `--json`: the verdicts, without certificates or MIME trees. */
function describeLayer(layer) {
  if (layer.kind === 'encrypted') {
    const { kind, contentEncryption, keyEncryption, authenticated } = layer
    return { kind, contentEncryption, keyEncryption, authenticated }
  }
  if (layer.kind === 'compressed') {
    const { kind, compressionAlgorithm, compressedBytes, decompressedBytes } = layer
    return { kind, compressionAlgorithm, compressedBytes, decompressedBytes }
  }
  const { status, signers, coverage } = layer.verification
  return {
    kind: 'signed',
    status,
    coversEntireMessage: coverage.coversEntireMessage,
    signers: signers.map((s) => ({
      subject: s.certificate?.subject,
      emailAddresses: s.certificate?.emailAddresses ?? [],
      signature: s.signature.valid ? 'valid' : s.signature.code,
      chain:
        s.chain === undefined
          ? 'no certificate'
          : s.chain.trusted
            ? 'trusted'
            : s.chain.reason.code,
      senderMatches: s.sender.matches,
    })),
  }
}
