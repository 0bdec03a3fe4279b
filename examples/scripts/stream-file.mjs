/* global Response */
// Encrypt, decrypt, sign and verify files of any size with the streaming API: the file is read
// and written piece by piece, so memory stays at a few MiB whatever its size.
import { createReadStream, createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs'
import { Readable, Writable } from 'node:stream'
import { decryptStream, encryptStream, signStream, verifyStream } from '@siegel/core'
import { Certificate } from '@siegel/pki'

// A file as a web stream, read 1 MiB at a time: at the default 64 KiB, each piece's round trip
// to Node's file thread costs more than reading it.
const readFile = (path) => Readable.toWeb(createReadStream(path, { highWaterMark: 1024 * 1024 }))

/**
 * @param {{ input: string, output: string, to: string[], cipher?: import('@siegel/core').ContentEncryption, trustAnchors?: Certificate[], intermediates?: Certificate[] }} options
 */
export async function encryptLargeFile({
  input,
  output,
  to,
  cipher = 'AES-256-GCM',
  trustAnchors = [],
  intermediates = [],
}) {
  const recipients = to.map((file) => Certificate.from(readFileSync(file)))
  const source = readFile(input)
  const encrypted = await encryptStream(source, recipients, {
    contentEncryption: cipher,
    trustAnchors,
    intermediates,
  })
  await encrypted.pipeTo(Writable.toWeb(createWriteStream(output)))
}

/**
 * @param {{ input: string, output: string, identity: import('@siegel/core').DecryptionCredential }} options
 * @returns {Promise<{ authenticated: boolean }>}
 */
export async function decryptLargeFile({ input, output, identity }) {
  const { content, authenticated } = await decryptStream(
    readFile(input),
    identity,
    // Constant memory for any size: plaintext leaves before the GCM tag is checked, so it goes
    // to a temporary file that becomes the output only once the stream closed without error.
    { releaseUnverified: true },
  )
  const partial = `${output}.partial`
  try {
    await content.pipeTo(Writable.toWeb(createWriteStream(partial)))
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
  renameSync(partial, output)
  return { authenticated }
}

/**
 * A browser `File` (or any `Blob`) signed as multipart/signed, as a `Response` to download.
 * @param {Blob} file
 * @param {import('@siegel/core').Signer} me
 */
export async function signBlob(file, me) {
  const signed = await signStream(file.stream(), me)
  return new Response(signed)
}

/**
 * @param {{ input: string, trustAnchors: Certificate[] }} options
 */
export async function verifyLargeFile({ input, trustAnchors }) {
  const result = await verifyStream(readFile(input), { trustAnchors })
  return { status: result.status, signer: result.signers[0]?.certificate?.subject }
}
