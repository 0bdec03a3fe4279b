// Signed mail crafted against verifiers, made with the packages' own functions: each signer
// sends a mesh of 141 cross-certified CAs (see ../../pki/bench/crafted-pools.mjs) as its chain,
// about 75 KiB of certificates, and no path reaches the anchor. The tests (Node and Chromium)
// and verify-budget.bench.mjs share it.
import { signData, signMessage } from '@siegel/core'
import { AT, crossSignedMesh } from '../../pki/bench/crafted-pools.mjs'

export { AT }

const MAIL =
  'From: mesh@example.org\r\nTo: office@example.de\r\nSubject: Mesh\r\n' +
  'Date: Mon, 01 Jun 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n' +
  'Content-Type: text/plain; charset=us-ascii\r\n\r\nSigned under a mesh of CAs.\r\n'

/** `count` signers, all under the bottom layer of one mesh of `layers` x `width` CAs. */
export async function meshSigners(count, layers = 10, width = 14) {
  const mesh = await crossSignedMesh(layers, width)
  const privateKey = await mesh.privateKey.toCryptoKey()
  const signers = []
  for (let i = 0; i < count; i++) {
    const certificate = await mesh.issue(`Mesh Signer ${i}`, mesh.bottom, ['mesh@example.org'])
    signers.push({ certificate, privateKey, chain: mesh.pool })
  }
  return { mesh, signers }
}

/** The mail signed by `count` mesh signers (multipart/signed), and the anchor to verify with. */
export async function crossSignedMail(count) {
  const { mesh, signers } = await meshSigners(count)
  const mail = await signMessage(MAIL, signers, { signingTime: AT })
  return { mail, anchor: mesh.root, pool: mesh.pool }
}

/** Detached SignedData over `content` with the same mesh signer `count` times. */
export async function manySignerInfos(content, count) {
  const { mesh, signers } = await meshSigners(1, 1, 1)
  const der = await signData(content, Array(count).fill(signers[0]), { signingTime: AT })
  return { der, anchor: mesh.root }
}
