// Certificate pools crafted against path builders, made with the package's own
// issueCertificate. One P-256 key signs everything: generation takes milliseconds, and every
// link verifies, so only the engine's budget and limits end the search. The tests (Node and
// Chromium) and trust-pools.bench.mjs share these inputs.
import { generateKeyPair, issueCertificate } from '@siegel/pki'

/** Every certificate is valid from here for ten years; verify at {@link AT}. */
export const NOT_BEFORE = new Date('2026-01-01T00:00:00Z')
export const AT = new Date('2026-06-01T00:00:00Z')

/** One key pair for a whole pool, and a function issuing CA and S/MIME certificates with it. */
export async function craftedIssuer() {
  const { privateKey, publicKeyInfo } = await generateKeyPair({ algorithm: 'P-256' })
  let serial = 0
  const issue = (commonName, issuerCertificate, emails) =>
    issueCertificate({
      profile: emails ? 'smime' : 'ca',
      subject: { commonName },
      publicKeyInfo,
      issuerKey: privateKey,
      ...(issuerCertificate ? { issuerCertificate } : {}),
      ...(emails ? { emails } : {}),
      serialNumber: (++serial).toString(16).padStart(8, '0'),
      notBefore: NOT_BEFORE,
    })
  const root = await issue('Trusted Root')
  return { privateKey, issue, root }
}

/**
 * `length` CAs, each issued by the one before it under a trusted root, and a leaf under the
 * last: the pool lists the CAs last-issued first, so the path is far longer than any limit.
 */
export async function reversedChain(length) {
  const { issue, root } = await craftedIssuer()
  const chain = []
  let issuer = root
  for (let i = 0; i < length; i++) chain.push((issuer = await issue(`Chain CA ${i}`, issuer)))
  const leaf = await issue('Chain Leaf', issuer, ['chain@example.org'])
  return { root, leaf, pool: chain.reverse() }
}

/**
 * A mesh of cross-certified CAs with no way out: `layers` layers of `width` certificates, those
 * of one layer sharing subject and key, all issued by the layer above (so every choice of one
 * certificate per layer is a path: `width ** layers` of them), the top layer by an untrusted
 * root. Returns the pool (`layers * width + 1` certificates, the root included) and `issue`
 * for leaves under layer 0 (`bottom`).
 */
export async function crossSignedMesh(layers, width) {
  const crafted = await craftedIssuer()
  const orphan = await crafted.issue('Orphan Root')
  const pool = [orphan]
  let above = [orphan]
  for (let l = layers - 1; l >= 0; l--) {
    const layer = []
    for (let j = 0; j < width; j++) layer.push(await crafted.issue(`Mesh CA ${l}`, above[0]))
    pool.push(...layer)
    above = layer
  }
  return { ...crafted, pool, bottom: above[0] }
}
